package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Turning TOTP on and off (API.md, "Two-factor authentication"): enrolment against the current
 * password, confirmation with a code the test computes from the returned secret, the recovery
 * codes, the sessions that end, removal by the owner, reset by an admin, the activity entries, and
 * what the database and the log hold (never a usable secret).
 */
class TotpEnrolmentIT extends ApiTestBase {

    private static Api.Server server() {
        return Api.at(Api.base());
    }

    private static JsonObject me(Api.Account account) {
        Api.Reply reply = Accounts.me(account.accessToken());
        assertEquals(200, reply.status(), reply::body);
        return reply.json();
    }

    /** The entries of {@code action} the holder of {@code token} sees for {@code userId}. */
    private static List<JsonObject> activity(String token, String userId, String action) {
        return Accounts.all(token, "/api/activity?user_id=" + userId + "&action=" + action);
    }

    @Test
    void enrolmentHandsOutA160BitBase32SecretAndTheUriAppsScan() {
        Api.Account ann = Api.newAccount("totp-enrol");

        Api.Reply reply = Mfa.enrol(server(), ann.accessToken(), ann.password());

        assertEquals(200, reply.status(), reply::body);
        Problems.assertSecurityHeaders(reply);
        JsonObject body = reply.json();
        assertEquals(java.util.Set.of("secret", "otpauth_uri"), body.keySet());
        String secret = body.getString("secret");
        assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
        assertEquals(20, Mfa.base32(secret).length, "160 bits");
        assertEquals("otpauth://totp/Gatehouse:" + URLEncoder.encode(ann.email(), StandardCharsets.UTF_8) + "?secret="
                + secret + "&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30", body.getString("otpauth_uri"));
        assertFalse(me(ann).getBoolean("mfa_enabled"), "nothing is on before the confirmation");
        assertTrue(Api.login(ann.email(), ann.password()).json().containsKey("access_token"), "login is still one step");
    }

    @Test
    void enrolmentWithAWrongPasswordIsInvalidCredentialsAndCountsAsAFailedLogin() {
        Api.Account ann = Api.newAccount("totp-enrol-wrong");

        Api.Reply reply = Mfa.enrol(server(), ann.accessToken(), "not-" + ann.password());

        Problems.assertInvalidCredentials(reply);
        assertEquals(1, ActivityTrail.detailsMentioning("auth.login_failed", ann.email()).stream()
                .filter(d -> d.contains("\"reason\":\"mfa_enrolment\"")).count());
    }

    @Test
    void confirmingWithTheAppsCodeTurnsTotpOnAndAnswersTenRecoveryCodesOnce() {
        Api.Account ann = Api.newAccount("totp-confirm");

        Mfa.Enabled enabled = Mfa.enable(ann);

        assertEquals(10, enabled.recoveryCodes().size());
        assertEquals(10, new HashSet<>(enabled.recoveryCodes()).size());
        enabled.recoveryCodes().forEach(code -> assertTrue(code.matches("[A-Z2-7]{5}-[A-Z2-7]{5}"), code));
        assertTrue(me(ann).getBoolean("mfa_enabled"));
        Api.Reply asAdminSees = Api.getAs(Api.admin().accessToken(), "/api/users/" + ann.id());
        assertTrue(asAdminSees.json().getBoolean("mfa_enabled"), asAdminSees::body);
        List<JsonObject> entries = activity(ann.accessToken(), ann.id(), "auth.mfa_enabled");
        assertEquals(1, entries.size());
        assertEquals(ann.id(), entries.get(0).getString("user_id"));
        Mfa.challenge(ann);
    }

    @Test
    void confirmingEndsEveryOtherSessionOfTheCallerButNotItsOwn() {
        Api.Account ann = Api.newAccount("totp-sessions");
        Api.Account otherDevice = Accounts.loginAgain(ann);

        Mfa.enable(ann);

        Problems.assertInvalidToken(Accounts.me(otherDevice.accessToken()));
        Problems.assertRefreshRefused(Accounts.refresh(otherDevice.refreshToken()));
        assertEquals(200, Accounts.me(ann.accessToken()).status());
        Api.Reply refreshed = Accounts.refresh(ann.refreshToken());
        assertEquals(200, refreshed.status(), refreshed::body);
        JsonObject entry = activity(ann.accessToken(), ann.id(), "auth.mfa_enabled").get(0);
        assertEquals(1, entry.getJsonObject("details").getInt("sessions_revoked"));
    }

    @Test
    void aWrongConfirmationCodeIsInvalidCredentialsCountedAsAuthMfaFailedAndTurnsNothingOn() {
        Api.Account ann = Api.newAccount("totp-confirm-wrong");
        Api.Reply enrolled = Mfa.enrol(server(), ann.accessToken(), ann.password());
        Mfa.Authenticator app = new Mfa.Authenticator(enrolled.json().getString("secret"));

        Api.Reply reply = Mfa.confirm(server(), ann.accessToken(), app.codeAt(Mfa.safeStep() + 10));

        Problems.assertInvalidCredentials(reply);
        assertFalse(me(ann).getBoolean("mfa_enabled"));
        List<JsonObject> failures = activity(ann.accessToken(), ann.id(), "auth.mfa_failed");
        assertEquals(1, failures.size());
        assertEquals("confirm", failures.get(0).getJsonObject("details").getString("reason"));
        assertEquals(1, failures.get(0).getJsonObject("details").getInt("failures"), "a failed login of the email");
        assertEquals(200, Mfa.confirm(server(), ann.accessToken(), app.nextCode()).status(), "the right code still works");
    }

    @Test
    void confirmationAcceptsOneStepOfDriftEitherWayButNotTwo() {
        Api.Account ann = Api.newAccount("totp-confirm-drift");
        Mfa.Authenticator app = new Mfa.Authenticator(Mfa.enrol(server(), ann.accessToken(), ann.password())
                .json().getString("secret"));
        long step = Mfa.stepWithSecondsLeft(8);

        Problems.assertInvalidCredentials(Mfa.confirm(server(), ann.accessToken(), app.codeAt(step - 2)));
        Problems.assertInvalidCredentials(Mfa.confirm(server(), ann.accessToken(), app.codeAt(step + 2)));
        Api.Reply accepted = Mfa.confirm(server(), ann.accessToken(), app.codeAt(step + 1));

        assertEquals(step, Mfa.stepAt(java.time.Instant.now()), "the test stayed within one step");
        assertEquals(200, accepted.status(), accepted::body);
    }

    @Test
    void confirmingWithNothingPendingIsAConflict() {
        Api.Account ann = Api.newAccount("totp-nothing-pending");

        Problems.assertProblem(Mfa.confirm(server(), ann.accessToken(), "123456"), 409, "No two-factor enrolment is pending");
    }

    @Test
    void enrollingOrConfirmingAgainWhileTotpIsOnIsAConflict() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-twice"));
        Api.Account ann = enabled.account();

        Problems.assertProblem(Mfa.enrol(server(), ann.accessToken(), ann.password()), 409,
                "Two-factor authentication is already enabled");
        Problems.assertProblem(Mfa.confirm(server(), ann.accessToken(), enabled.app().nextCode()), 409,
                "Two-factor authentication is already enabled");
    }

    @Test
    void aNewEnrolmentReplacesThePendingSecret() {
        Api.Account ann = Api.newAccount("totp-replace");
        Mfa.Authenticator first = new Mfa.Authenticator(Mfa.enrol(server(), ann.accessToken(), ann.password())
                .json().getString("secret"));
        Mfa.Authenticator second = new Mfa.Authenticator(Mfa.enrol(server(), ann.accessToken(), ann.password())
                .json().getString("secret"));
        long step = Mfa.safeStep();

        Problems.assertInvalidCredentials(Mfa.confirm(server(), ann.accessToken(), first.codeAt(step)));
        assertEquals(200, Mfa.confirm(server(), ann.accessToken(), second.codeAt(step)).status());
    }

    @Test
    void theSecretIsSealedAtRestAndRecoveryCodesAreStoredOnlyAsHashes() {
        Api.Account ann = Api.newAccount("totp-at-rest");
        Mfa.Enabled enabled = Mfa.enable(ann);
        UUID id = UUID.fromString(ann.id());

        String sealed = (String) TestDatabase.scalar("SELECT sealed_secret FROM totp_credentials WHERE user_id = ?", id);
        assertNotNull(sealed);
        assertFalse(sealed.contains(enabled.app().secret()), "the secret is not stored in clear");
        assertNull(TestDatabase.scalar("SELECT pending_secret FROM totp_credentials WHERE user_id = ?", id));
        List<Object[]> codes = TestDatabase.query("SELECT code_hash FROM recovery_codes WHERE user_id = ?", id);
        assertEquals(10, codes.size());
        for (Object[] row : codes) {
            String hash = (String) row[0];
            assertTrue(hash.matches("[0-9a-f]{64}"), hash);
            enabled.recoveryCodes().forEach(code -> assertFalse(hash.contains(code.replace("-", "")), hash));
        }
    }

    @Test
    void disablingNeedsThePasswordAndACodeThenTurnsTotpOffAndDeletesTheCodes() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-disable"));
        Api.Account ann = enabled.account();
        UUID id = UUID.fromString(ann.id());

        Problems.assertInvalidCredentials(Mfa.disable(server(), ann.accessToken(), "not-" + ann.password(),
                enabled.app().nextCode()));
        Problems.assertInvalidCredentials(Mfa.disable(server(), ann.accessToken(), ann.password(),
                enabled.app().codeAt(Mfa.safeStep() + 10)));
        assertTrue(me(ann).getBoolean("mfa_enabled"), "still on after refusals");
        Api.Reply disabled = Mfa.disable(server(), ann.accessToken(), ann.password(), enabled.app().nextCode());

        assertEquals(204, disabled.status(), disabled::body);
        assertEquals("", disabled.body());
        assertFalse(me(ann).getBoolean("mfa_enabled"));
        assertEquals(0L, ((Number) TestDatabase.scalar("SELECT count(*) FROM recovery_codes WHERE user_id = ?", id)).longValue());
        assertEquals(0L, ((Number) TestDatabase.scalar("SELECT count(*) FROM totp_credentials WHERE user_id = ?", id)).longValue());
        assertTrue(Api.login(ann.email(), ann.password()).json().containsKey("access_token"), "login is one step again");
        assertEquals(1, activity(ann.accessToken(), ann.id(), "auth.mfa_disabled").size());
        assertEquals(1, activity(ann.accessToken(), ann.id(), "auth.mfa_failed").size());
    }

    @Test
    void disablingWithARecoveryCodeInsteadOfTheAppWorks() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-disable-recovery"));
        Api.Account ann = enabled.account();

        Api.Reply disabled = Mfa.disable(server(), ann.accessToken(), ann.password(), enabled.recoveryCodes().get(3));

        assertEquals(204, disabled.status(), disabled::body);
        assertEquals(1, activity(ann.accessToken(), ann.id(), "auth.mfa_recovery_code_used").size());
    }

    @Test
    void disablingWhileTotpIsOffIsAConflict() {
        Api.Account ann = Api.newAccount("totp-disable-off");

        Problems.assertProblem(Mfa.disable(server(), ann.accessToken(), ann.password(), "123456"), 409,
                "Two-factor authentication is not enabled");
    }

    @Test
    void bodiesAreCheckedLikeEveryOther() {
        Api.Account ann = Api.newAccount("totp-bodies");

        Problems.assertFieldErrors(Api.jsonAs(ann.accessToken(), "POST", "/api/auth/mfa/totp", "{}"), "current_password");
        Problems.assertFieldErrors(Api.jsonAs(ann.accessToken(), "POST", "/api/auth/mfa/totp/confirm", "{\"code\": 123456}"),
                "code");
        Problems.assertFieldErrors(Api.jsonAs(ann.accessToken(), "POST", "/api/auth/mfa/totp/disable",
                "{\"current_password\": \"x\"}"), "code");
    }

    @Test
    void aDeleteOfTheEnrolmentPathIsNoLongerAnOperation() {
        Api.Account ann = Api.newAccount("totp-delete");

        Api.Reply reply = Api.jsonAs(ann.accessToken(), "DELETE", "/api/auth/mfa/totp", null);

        Problems.assertProblem(reply, 405, "Method not allowed");
        assertTrue(reply.header("Allow").replace(" ", "").startsWith("POST"), reply.header("Allow"));
    }

    @Test
    void anAdminResetTurnsTotpOffEndsTheUsersSessionsAndIsRecordedWithTheAdminAsActor() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-reset"));
        Api.Account ann = enabled.account();
        Api.Account admin = Api.admin();
        String pendingLogin = Mfa.challenge(ann);

        Api.Reply reset = Api.jsonAs(admin.accessToken(), "DELETE", "/api/users/" + ann.id() + "/mfa", null);

        assertEquals(204, reset.status(), reset::body);
        Problems.assertRefreshRefused(Mfa.loginWithCode(server(), pendingLogin, enabled.app().nextCode()));
        Problems.assertInvalidToken(Accounts.me(ann.accessToken()));
        Problems.assertRefreshRefused(Accounts.refresh(ann.refreshToken()));
        Api.Account again = Accounts.login(ann.email(), ann.password());
        assertEquals(List.of("pwd"), Mfa.amr(again.accessToken()), "a password alone logs in again");
        assertFalse(me(again).getBoolean("mfa_enabled"));
        List<JsonObject> entries = activity(admin.accessToken(), admin.id(), "user.mfa_reset").stream()
                .filter(e -> ann.id().equals(e.getJsonObject("details").getString("target_user_id"))).toList();
        assertEquals(1, entries.size());
        assertEquals(admin.id(), entries.get(0).getString("user_id"));
        assertTrue(entries.get(0).getJsonObject("details").getBoolean("was_enabled"));
        assertEquals(1, entries.get(0).getJsonObject("details").getInt("sessions_revoked"));
        assertEquals(200, Mfa.enrol(server(), again.accessToken(), again.password()).status(), "the user may enrol again");
    }

    @Test
    void anAdminResetOfAnAccountWithoutTotpChangesNothingButIsRecorded() {
        Api.Account ann = Api.newAccount("totp-reset-none");
        Api.Account admin = Api.admin();

        Api.Reply reset = Api.jsonAs(admin.accessToken(), "DELETE", "/api/users/" + ann.id() + "/mfa", null);

        assertEquals(204, reset.status(), reset::body);
        assertEquals(200, Accounts.me(ann.accessToken()).status(), "no second factor guarded the session: it stays");
        assertEquals(200, Accounts.refresh(ann.refreshToken()).status());
    }

    @Test
    void adminResetOfAnUnknownOrDeletedUserIsNotFoundAndABadIdIsABadRequest() {
        String admin = Api.admin().accessToken();
        JsonObject gone = Accounts.create(admin, Api.uniqueEmail("totp-reset-gone"), Accounts.password(), "user");
        assertEquals(204, Api.jsonAs(admin, "DELETE", "/api/users/" + gone.getString("id"), null).status());

        Problems.assertProblem(Api.jsonAs(admin, "DELETE", "/api/users/" + UUID.randomUUID() + "/mfa", null), 404,
                "User not found");
        Problems.assertProblem(Api.jsonAs(admin, "DELETE", "/api/users/" + gone.getString("id") + "/mfa", null), 404,
                "User not found");
        Problems.assertInvalidParameter(Api.jsonAs(admin, "DELETE", "/api/users/not-a-uuid/mfa", null), "id");
    }

    @Test
    void noSecretRecoveryCodeOrMfaTokenReachesTheApplicationLog() throws IOException {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-log"));
        String mfaToken = Mfa.challenge(enabled.account());
        assertEquals(200, Mfa.loginWithCode(server(), mfaToken, enabled.recoveryCodes().get(0)).status());

        String log = Files.readString(Path.of(System.getProperty("gatehouse.target", "target"), "it-logs", "info.log"),
                StandardCharsets.UTF_8);

        assertTrue(log.contains("auth.mfa_recovery_code_used"), "the events are logged");
        assertFalse(log.contains(enabled.app().secret()), "the TOTP secret is logged");
        assertFalse(log.toLowerCase(Locale.ROOT).contains(enabled.app().secret().toLowerCase(Locale.ROOT)),
                "the TOTP secret is logged in lower case");
        assertFalse(log.contains(mfaToken), "an mfa_token is logged");
        for (String code : enabled.recoveryCodes()) {
            assertFalse(log.contains(code) || log.contains(code.replace("-", "")), "a recovery code is logged");
        }
    }
}
