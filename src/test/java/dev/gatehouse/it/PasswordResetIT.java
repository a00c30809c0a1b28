package dev.gatehouse.it;

import static dev.gatehouse.it.RecoveryFlows.confirmReset;
import static dev.gatehouse.it.RecoveryFlows.requestReset;
import static dev.gatehouse.it.RecoveryFlows.resetToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Password reset end to end on a real SMTP server: the mail arrives with a working link, the token
 * works once and only before it expires, a newer request or a password change kills it, a reset
 * ends every session, and an unknown email is answered exactly like a known one.
 */
class PasswordResetIT extends ApiTestBase {

    private static final String SUBJECT = "Reset your Gatehouse password";

    @Test
    void theResetMailArrivesWithAWorkingLinkThatWorksOnce() {
        Api.Account account = Api.newAccount("reset-mail");

        Api.Reply requested = requestReset(account.email().toUpperCase());
        MimeMessage mail = RecoveryFlows.nthMail(account.email(), "Reset your", 1);
        String token = MailServer.token(mail, MailServer.RESET_LINK);
        Api.Reply confirmed = confirmReset(token, "a-brand-new-password");
        Api.Reply again = confirmReset(token, "yet-another-password");

        assertEquals(202, requested.status());
        assertEquals("", requested.body());
        assertEquals(SUBJECT, MailServer.subject(mail));
        assertTrue(MailServer.text(mail).contains("expires in 30 minutes"));
        assertTrue(MailServer.html(mail).contains("href=\"" + MailServer.RESET_LINK + token + "\""), "the HTML part links too");
        assertTrue(token.length() >= 22, "at least 128 bits: " + token.length() + " base64url characters");
        assertEquals(204, confirmed.status(), confirmed::body);
        Problems.assertPlainChallenge(again, "Invalid token");
        assertEquals(200, Api.login(account.email(), "a-brand-new-password").status());
        Problems.assertInvalidCredentials(Api.login(account.email(), account.password()));
    }

    @Test
    void anUnknownEmailIsAnsweredExactlyLikeAKnownOne() {
        Api.Account account = Api.newAccount("reset-known");
        String unknown = Api.uniqueEmail("reset-unknown");

        long t0 = System.nanoTime();
        Api.Reply known = requestReset(account.email());
        long t1 = System.nanoTime();
        Api.Reply stranger = requestReset(unknown);
        long t2 = System.nanoTime();

        assertEquals(known.status(), stranger.status());
        assertEquals(known.body(), stranger.body());
        assertEquals(comparable(known.response().headers()), comparable(stranger.response().headers()));
        RecoveryFlows.nthMail(account.email(), "Reset your", 1);
        assertEquals(0L, RecoveryFlows.outboxRows(unknown), "nothing is queued for an unknown email");
        assertTrue(t1 - t0 >= 200_000_000L && t2 - t1 >= 200_000_000L,
                "both answers wait out PASSWORD_RESET_MIN_RESPONSE_MS (200 ms): " + (t1 - t0) / 1000 + " / " + (t2 - t1) / 1000 + " µs");
    }

    /** Every header but those that differ per request whatever the email: date, request id, rate-limit counters. */
    private static Map<String, List<String>> comparable(HttpHeaders headers) {
        Set<String> perRequest = Set.of("date", "x-request-id", "ratelimit-remaining", "ratelimit-reset");
        return headers.map().entrySet().stream().filter(e -> !perRequest.contains(e.getKey().toLowerCase()))
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Api.Account account = Api.newAccount("reset-expired");
        String token = resetToken(account.email(), 1);

        TestDatabase.update("UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = ?",
                RecoveryFlows.hash(token));

        Problems.assertPlainChallenge(confirmReset(token, "a-brand-new-password"), "Invalid token");
        assertEquals(200, Api.login(account.email(), account.password()).status(), "the password is unchanged");
    }

    @Test
    void aNewerRequestSupersedesTheOlderToken() {
        Api.Account account = Api.newAccount("reset-supersede");
        String older = resetToken(account.email(), 1);
        String newer = resetToken(account.email(), 2);

        Api.Reply withOlder = confirmReset(older, "a-brand-new-password");
        Api.Reply withNewer = confirmReset(newer, "a-brand-new-password");

        assertNotEquals(older, newer);
        Problems.assertPlainChallenge(withOlder, "Invalid token");
        assertEquals(204, withNewer.status(), withNewer::body);
    }

    @Test
    void aPasswordChangeKillsOutstandingResetTokens() {
        Api.Account account = Api.newAccount("reset-change");
        String token = resetToken(account.email(), 1);

        Api.Reply changed = Api.jsonAs(account.accessToken(), "PUT", "/api/auth/password",
                Api.json("current_password", account.password(), "new_password", "changed-by-owner"));
        Api.Reply reset = confirmReset(token, "set-by-the-link");

        assertEquals(204, changed.status(), changed::body);
        Problems.assertPlainChallenge(reset, "Invalid token");
        assertEquals(200, Api.login(account.email(), "changed-by-owner").status());
    }

    @Test
    void aResetRevokesEverySessionAndVerifiesTheEmail() {
        Api.Account first = Api.newAccount("reset-sessions");
        Api.Account second = Accounts.loginAgain(first);
        assertFalse(Api.getAs(first.accessToken(), "/api/auth/me").json().getBoolean("email_verified"));
        String token = resetToken(first.email(), 1);

        assertEquals(204, confirmReset(token, "after-the-reset").status());

        Problems.assertRefreshRefused(Accounts.refresh(first.refreshToken()));
        Problems.assertRefreshRefused(Accounts.refresh(second.refreshToken()));
        Problems.assertInvalidToken(Api.getAs(second.accessToken(), "/api/auth/me"));
        Api.Account fresh = Accounts.login(first.email(), "after-the-reset");
        assertTrue(Api.getAs(fresh.accessToken(), "/api/auth/me").json().getBoolean("email_verified"),
                "the link was mailed to the address: it counts as verified");
    }

    @Test
    void aResetLiftsTheLoginThrottleOfTheEmail() {
        Api.Account account = Api.newAccount("reset-throttle");
        for (int i = 0; i < 5; i++) {
            Api.login(account.email(), "wrong-password-" + i);
        }
        assertEquals(429, Api.login(account.email(), account.password()).status(), "locked before the reset");
        String token = resetToken(account.email(), 1);

        assertEquals(204, confirmReset(token, "after-the-lockout").status());

        assertEquals(200, Api.login(account.email(), "after-the-lockout").status());
    }

    @Test
    void pastThreeMailsAnHourTheAnswerIsStill202ButNoMailGoesOut() {
        Api.Account account = Api.newAccount("reset-limit");

        List<Api.Reply> replies = List.of(requestReset(account.email()), requestReset(account.email()),
                requestReset(account.email()), requestReset(account.email()));
        RecoveryFlows.nthMail(account.email(), "Reset your", 3);
        MailServer.pause(3000);

        replies.forEach(r -> assertEquals(202, r.status()));
        replies.forEach(r -> assertEquals("", r.body()));
        assertEquals(3, RecoveryFlows.mails(account.email(), "Reset your").size(), "the fourth request sent nothing");
        assertEquals(3L, TestDatabase.scalar("SELECT COUNT(*) FROM account_tokens WHERE email = ? AND purpose = 'password_reset'",
                account.email()));
    }

    @Test
    void aDeactivatedAccountGetsNoMail() {
        String admin = Api.admin().accessToken();
        Api.Account account = Api.newAccount("reset-inactive");
        assertEquals(200, Api.jsonAs(admin, "PATCH", "/api/users/" + account.id(), Accounts.flag("is_active", false)).status());

        assertEquals(202, requestReset(account.email()).status());

        assertEquals(0L, TestDatabase.scalar("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ? AND kind = 'password-reset'",
                account.email()));
    }

    @Test
    void theRequestAndTheResetAreRecordedWithoutSecrets() {
        String admin = Api.admin().accessToken();
        Api.Account account = Api.newAccount("reset-activity");
        String token = resetToken(account.email(), 1);
        assertEquals(204, confirmReset(token, "recorded-reset").status());

        List<JsonObject> requested = Accounts.all(admin, "/api/activity?action=auth.password_reset_requested&limit=100");
        JsonObject request = requested.stream()
                .filter(e -> account.id().equals(e.getJsonObject("details").getString("target_user_id", null)))
                .findFirst().orElseThrow();
        List<JsonObject> reset = Accounts.all(admin, "/api/activity?action=auth.password_reset&user_id=" + account.id());

        assertEquals(JsonValue.NULL, request.get("user_id"), "nobody is signed in when asking");
        assertEquals(account.email(), request.getJsonObject("details").getString("email"));
        assertEquals(1, reset.size());
        assertEquals(account.id(), reset.get(0).getString("user_id"));
        assertEquals(1, reset.get(0).getJsonObject("details").getInt("sessions_revoked"), "the login session ended");
        assertFalse(request.toString().contains(token) || reset.get(0).toString().contains(token));
    }

    @Test
    void badRequestsAreProblemsNeverServerErrors() {
        Problems.assertFieldErrors(requestReset("not-an-email"), "email");
        Problems.assertFieldErrors(Api.postJson("/api/auth/password-reset", "{}"), "email");
        Problems.assertFieldErrors(confirmReset("whatever", "short"), "new_password");
        Problems.assertPlainChallenge(confirmReset("", "long-enough-password"), "Invalid token");
        Problems.assertPlainChallenge(confirmReset("x".repeat(500), "long-enough-password"), "Invalid token");
        Problems.assertPlainChallenge(confirmReset("no-such-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "long-enough-password"),
                "Invalid token");
        assertEquals(415, Api.send("POST", "/api/auth/password-reset", "{\"email\":\"a@b.c\"}").status());
    }

    @Test
    void aVerificationTokenDoesNotResetAPassword() {
        Api.Account account = Api.newAccount("reset-purpose");
        String verification = RecoveryFlows.verificationToken(account.email(), 1);

        Problems.assertPlainChallenge(confirmReset(verification, "not-via-this-link"), "Invalid token");
    }
}
