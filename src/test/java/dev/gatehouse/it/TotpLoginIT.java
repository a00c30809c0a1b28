package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Logging in with TOTP on (API.md, "Two-factor authentication"): the first step answers an
 * {@code mfa_token} instead of tokens, the second trades it and a code for a token pair whose
 * access tokens say {@code amr ["pwd","otp"]}, through refreshes too. Codes are computed by the
 * test from the secret; the refusals are the contract's: a replayed code, a code two steps off, a
 * used, expired or dead token, a recovery code used twice; a wrong code counts as a failed login.
 */
class TotpLoginIT extends ApiTestBase {

    private static Api.Server server() {
        return Api.at(Api.base());
    }

    private static Api.Account loggedIn(Api.Account account, Api.Reply reply) {
        assertEquals(200, reply.status(), reply::body);
        return new Api.Account(account.email(), account.password(), reply.json());
    }

    /** Forgets the last accepted step, so a test can try the codes around "now" on an account that just confirmed one. */
    private static void forgetAcceptedSteps(Api.Account account) {
        TestDatabase.update("UPDATE totp_credentials SET last_used_step = NULL WHERE user_id = ?", UUID.fromString(account.id()));
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theFirstStepAnswersAnMfaTokenAndNoSession() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-step-one"));

        Api.Reply reply = Api.login(enabled.account().email(), enabled.account().password());

        assertEquals(200, reply.status(), reply::body);
        Problems.assertSecurityHeaders(reply);
        JsonObject body = reply.json();
        assertEquals(Set.of("mfa_required", "mfa_token", "expires_in"), body.keySet());
        assertTrue(body.getBoolean("mfa_required"));
        assertEquals(300, body.getInt("expires_in"));
        assertTrue(body.getString("mfa_token").length() >= 22, "at least 128 bits");
        assertEquals(1, Accounts.all(enabled.account().accessToken(), "/api/sessions").size(), "no session opened yet");
    }

    @Test
    void theSecondStepOpensASessionWhoseTokensSayPasswordAndOtpThroughRefreshes() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-step-two"));
        String mfaToken = Mfa.challenge(enabled.account());

        Api.Reply reply = Mfa.loginWithCode(server(), mfaToken, enabled.app().nextCode());

        Api.Account session = loggedIn(enabled.account(), reply);
        assertEquals(Set.of("access_token", "refresh_token", "token_type", "expires_in", "refresh_expires_in", "user"),
                reply.json().keySet());
        assertEquals(enabled.account().id(), reply.json().getJsonObject("user").getString("id"));
        assertEquals(List.of("pwd", "otp"), Mfa.amr(session.accessToken()));
        assertTrue(Accounts.me(session.accessToken()).json().getBoolean("mfa_enabled"));
        Api.Reply refreshed = Accounts.refresh(session.refreshToken());
        assertEquals(200, refreshed.status(), refreshed::body);
        assertEquals(List.of("pwd", "otp"), Mfa.amr(refreshed.json().getString("access_token")));
        Api.Reply again = Accounts.refresh(refreshed.json().getString("refresh_token"));
        assertEquals(List.of("pwd", "otp"), Mfa.amr(again.json().getString("access_token")));
        assertEquals(1, ActivityTrail.detailsMentioning("auth.login", "\"amr\":\"pwd otp\"").stream()
                .filter(d -> d.contains(TokenForge.claimOf(session.accessToken(), "sid"))).count());
    }

    @Test
    void aPasswordOnlySessionSaysPasswordThroughRefreshes() {
        Api.Account ann = Api.newAccount("totp-pwd-only");

        Api.Reply refreshed = Accounts.refresh(ann.refreshToken());

        assertEquals(List.of("pwd"), Mfa.amr(ann.accessToken()));
        assertEquals(List.of("pwd"), Mfa.amr(refreshed.json().getString("access_token")));
    }

    @Test
    void aCodeAcceptedOnceIsRefusedAfterwards() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-replay"));
        String code = enabled.app().nextCode();
        loggedIn(enabled.account(), Mfa.loginWithCode(server(), Mfa.challenge(enabled.account()), code));

        Api.Reply replayed = Mfa.loginWithCode(server(), Mfa.challenge(enabled.account()), code);

        Problems.assertInvalidCredentials(replayed);
    }

    @Test
    void aCodeOfAStepBeforeTheLastAcceptedOneIsRefused() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-older-step"));
        forgetAcceptedSteps(enabled.account());
        long step = Mfa.stepWithSecondsLeft(6);
        loggedIn(enabled.account(), Mfa.loginWithCode(server(), Mfa.challenge(enabled.account()), enabled.app().codeAt(step + 1)));

        Api.Reply older = Mfa.loginWithCode(server(), Mfa.challenge(enabled.account()), enabled.app().codeAt(step));

        Problems.assertInvalidCredentials(older);
    }

    @Test
    void oneStepOfDriftEitherWayIsAcceptedAndTwoStepsAreRefused() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-drift"));
        Mfa.Authenticator app = enabled.app();
        forgetAcceptedSteps(enabled.account());
        long step = Mfa.stepWithSecondsLeft(12);
        String mfaToken = Mfa.challenge(enabled.account());

        Api.Reply twoBehind = Mfa.loginWithCode(server(), mfaToken, app.codeAt(step - 2));
        Api.Reply twoAhead = Mfa.loginWithCode(server(), mfaToken, app.codeAt(step + 2));
        Api.Reply oneBehind = Mfa.loginWithCode(server(), mfaToken, app.codeAt(step - 1));
        forgetAcceptedSteps(enabled.account());
        Api.Reply oneAhead = Mfa.loginWithCode(server(), Mfa.challenge(enabled.account()), app.codeAt(step + 1));

        assertEquals(step, Mfa.stepAt(java.time.Instant.now()), "the test stayed within one step");
        Problems.assertInvalidCredentials(twoBehind);
        Problems.assertInvalidCredentials(twoAhead);
        assertEquals(List.of("pwd", "otp"), Mfa.amr(loggedIn(enabled.account(), oneBehind).accessToken()));
        assertEquals(List.of("pwd", "otp"), Mfa.amr(loggedIn(enabled.account(), oneAhead).accessToken()));
    }

    @Test
    void aRecoveryCodeLogsInOnceAndIsRecorded() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-recovery"));
        String code = enabled.recoveryCodes().get(7);

        Api.Reply first = Mfa.loginWithCode(server(), Mfa.challenge(enabled.account()), code.toLowerCase().replace("-", ""));
        Api.Reply second = Mfa.loginWithCode(server(), Mfa.challenge(enabled.account()), code);

        Api.Account session = loggedIn(enabled.account(), first);
        assertEquals(List.of("pwd", "otp"), Mfa.amr(session.accessToken()));
        Problems.assertInvalidCredentials(second);
        List<JsonObject> used = Accounts.all(session.accessToken(),
                "/api/activity?action=auth.mfa_recovery_code_used&user_id=" + enabled.account().id());
        assertEquals(1, used.size());
        assertEquals(9, used.get(0).getJsonObject("details").getInt("recovery_codes_left"));
        loggedIn(enabled.account(), Mfa.loginWithCode(server(), Mfa.challenge(enabled.account()), enabled.recoveryCodes().get(8)));
    }

    @Test
    void anUnknownOrMalformedMfaTokenIsAnInvalidTokenWithAPlainChallenge() {
        for (String token : List.of("", "nope", "x".repeat(500), UUID.randomUUID().toString())) {
            Problems.assertRefreshRefused(Mfa.loginWithCode(server(), token, "123456"));
        }
    }

    @Test
    void anMfaTokenWorksOnce() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-token-once"));
        String mfaToken = Mfa.challenge(enabled.account());
        loggedIn(enabled.account(), Mfa.loginWithCode(server(), mfaToken, enabled.app().nextCode()));

        Problems.assertRefreshRefused(Mfa.loginWithCode(server(), mfaToken, enabled.recoveryCodes().get(0)));
    }

    @Test
    void anExpiredMfaTokenIsAnInvalidTokenAndSpendsNoCode() throws Exception {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-token-expired"));
        String mfaToken = Mfa.challenge(enabled.account());
        assertEquals(1, TestDatabase.update("UPDATE mfa_tokens SET expires_at = now() - interval '1 second' "
                + "WHERE token_hash = ?", sha256Hex(mfaToken)));
        String code = enabled.recoveryCodes().get(1);

        Problems.assertRefreshRefused(Mfa.loginWithCode(server(), mfaToken, code));

        loggedIn(enabled.account(), Mfa.loginWithCode(server(), Mfa.challenge(enabled.account()), code));
    }

    @Test
    void theMfaTokenLivesThreeHundredSecondsAndOnlyItsHashIsStored() throws Exception {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-token-stored"));
        String mfaToken = Mfa.challenge(enabled.account());

        List<Object[]> rows = TestDatabase.query("SELECT extract(epoch FROM expires_at - created_at), wrong_attempts "
                + "FROM mfa_tokens WHERE token_hash = ?", sha256Hex(mfaToken));

        assertEquals(1, rows.size());
        assertEquals(300.0, ((Number) rows.get(0)[0]).doubleValue(), 0.001);
        assertEquals(0L, TestDatabase.query("SELECT 1 FROM mfa_tokens WHERE token_hash = ?", mfaToken).size());
    }

    @Test
    void theFifthWrongCodeKillsTheMfaToken() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-five-wrong"));
        String mfaToken = Mfa.challenge(enabled.account());
        String wrong = enabled.app().codeAt(Mfa.safeStep() + 10);

        for (int attempt = 1; attempt <= 5; attempt++) {
            Problems.assertInvalidCredentials(Mfa.loginWithCode(server(), mfaToken, wrong));
        }
        Api.Reply afterwards = Mfa.loginWithCode(server(), mfaToken, enabled.app().nextCode());

        Problems.assertRefreshRefused(afterwards);
        assertEquals(5, Accounts.all(enabled.account().accessToken(),
                "/api/activity?action=auth.mfa_failed&user_id=" + enabled.account().id()).size());
    }

    @Test
    void wrongCodesCountAsLoginFailuresOfTheEmailAndTheLockoutAppliesToTheSecondStep() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-throttle"));
        Api.Account ann = enabled.account();
        Problems.assertInvalidCredentials(Api.login(ann.email(), "wrong-" + ann.password()));
        Problems.assertInvalidCredentials(Api.login(ann.email(), "wrong-" + ann.password()));
        String mfaToken = Mfa.challenge(ann);
        String wrong = enabled.app().codeAt(Mfa.safeStep() + 10);

        for (int attempt = 1; attempt <= 3; attempt++) {
            Problems.assertInvalidCredentials(Mfa.loginWithCode(server(), mfaToken, wrong));
        }

        Problems.assertTooManyRequests(Api.login(ann.email(), ann.password()));
        Problems.assertTooManyRequests(Mfa.loginWithCode(server(), mfaToken, enabled.app().nextCode()));
        List<JsonObject> failures = Accounts.all(ann.accessToken(), "/api/activity?action=auth.mfa_failed&user_id=" + ann.id());
        assertEquals(List.of(5, 4, 3), failures.stream().map(f -> f.getJsonObject("details").getInt("failures")).toList(),
                "the wrong codes carried on the count of the two wrong passwords");
    }

    @Test
    void theRightPasswordDoesNotForgetTheFailuresUntilTheSecondStepSucceeds() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-no-reset"));
        Api.Account ann = enabled.account();
        for (int attempt = 1; attempt <= 4; attempt++) {
            Problems.assertInvalidCredentials(Api.login(ann.email(), "wrong-" + ann.password()));
        }
        String mfaToken = Mfa.challenge(ann);

        Problems.assertInvalidCredentials(Mfa.loginWithCode(server(), mfaToken, enabled.app().codeAt(Mfa.safeStep() + 10)));

        Problems.assertTooManyRequests(Api.login(ann.email(), ann.password()));
    }

    @Test
    void aSuccessfulSecondStepForgetsTheFailures() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-reset-count"));
        Api.Account ann = enabled.account();
        for (int attempt = 1; attempt <= 4; attempt++) {
            Problems.assertInvalidCredentials(Api.login(ann.email(), "wrong-" + ann.password()));
        }

        loggedIn(ann, Mfa.loginWithCode(server(), Mfa.challenge(ann), enabled.app().nextCode()));
        for (int attempt = 1; attempt <= 4; attempt++) {
            Problems.assertInvalidCredentials(Api.login(ann.email(), "wrong-" + ann.password()));
        }

        Mfa.challenge(ann);
    }

    @Test
    void ofTwoConcurrentUsesOfOneCodeExactlyOneWins() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("totp-race"));
        String first = Mfa.challenge(enabled.account());
        String second = Mfa.challenge(enabled.account());
        String code = enabled.app().nextCode();

        List<Api.Reply> replies = Stream.of(first, second)
                .map(token -> server().sendBodyAsync("POST", "/api/auth/login/mfa",
                        java.net.http.HttpRequest.BodyPublishers.ofString(Api.json("mfa_token", token, "code", code)),
                        "Content-Type", "application/json"))
                .toList().stream().map(CompletableFuture::join).toList();

        assertEquals(List.of(200, 401), replies.stream().map(Api.Reply::status).sorted().toList(),
                () -> replies.stream().map(Api.Reply::body).toList().toString());
        replies.stream().filter(r -> r.status() == 401).forEach(Problems::assertInvalidCredentials);
    }

    @Test
    void theSecondStepChecksOnlyThatBothFieldsAreStrings() {
        Problems.assertFieldErrors(Api.postJson("/api/auth/login/mfa", "{\"mfa_token\": \"x\", \"code\": 123456}"), "code");
        Problems.assertFieldErrors(Api.postJson("/api/auth/login/mfa", "{\"code\": \"123456\"}"), "mfa_token");
        Problems.assertProblem(Api.send("POST", "/api/auth/login/mfa", "{}", "Content-Type", "text/plain"), 415,
                "Unsupported media type: send application/json");
    }

    @Test
    void anAccountWithoutTotpNeverSeesTheSecondStep() {
        Api.Account ann = Api.newAccount("totp-none");

        Api.Reply reply = Api.login(ann.email(), ann.password());

        assertTrue(reply.json().containsKey("access_token"), reply::body);
        assertFalse(reply.json().containsKey("mfa_required"), reply::body);
        assertFalse(reply.json().getJsonObject("user").containsKey("mfa_enabled"), "the token pair's user is unchanged");
    }
}
