package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertFieldErrors;
import static dev.gatehouse.it.Problems.assertInvalidCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.accounts.control.LoginThrottle;
import jakarta.json.Json;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The per-email login throttle: five failures within a fixed fifteen-minute window lock the email
 * (known or not) until the window ends, {@code 429} with {@code Retry-After}. Time is moved by
 * shifting the stored window start, never by waiting.
 */
class LoginThrottleIT extends ApiTestBase {

    private static final int MAX_FAILURES = 5;
    private static final String WRONG = "definitely wrong";

    /** A registered account that has not logged in. */
    private record Registered(String email, String password) {
    }

    private static Registered account(String hint) {
        String email = Api.uniqueEmail(hint);
        String password = "pw-" + UUID.randomUUID();
        assertEquals(201, Api.register(email, password).status());
        return new Registered(email, password);
    }

    private static void fail(String email, int times) {
        for (int i = 0; i < times; i++) {
            assertInvalidCredentials(Api.login(email, WRONG));
        }
    }

    /** Pretends the email's throttle window opened {@code seconds} earlier than it did. */
    private static void moveWindowBack(String email, int seconds) {
        int rows = TestDatabase.update("UPDATE login_throttle SET window_started_at = window_started_at - "
                + "(? * INTERVAL '1 second') WHERE email_key = ?", seconds, LoginThrottle.keyOf(email));
        assertEquals(1, rows, "no throttle row for " + email);
    }

    /** 429 with a Retry-After of at most the whole window (900 s). */
    private static void assertThrottled(Api.Reply reply) {
        long retryAfter = Problems.assertTooManyRequests(reply);
        assertTrue(retryAfter <= 900, "Retry-After " + retryAfter);
    }

    @Test
    void theFifthFailureIsStillInvalidCredentials() {
        Registered account = account("throttle-fifth");
        fail(account.email(), MAX_FAILURES - 1);

        assertInvalidCredentials(Api.login(account.email(), WRONG));
    }

    @Test
    void afterFiveFailuresEvenTheRightPasswordIsTooManyRequests() {
        Registered account = account("throttle-locked");
        fail(account.email(), MAX_FAILURES);

        assertThrottled(Api.login(account.email(), account.password()));
    }

    @Test
    void aLockedEmailAnswersRetryAfterOfTheWholeWindowRightAfterTheFifthFailure() {
        Registered account = account("throttle-full-window");
        fail(account.email(), MAX_FAILURES);

        long retryAfter = Problems.assertTooManyRequests(Api.login(account.email(), WRONG));

        assertTrue(retryAfter > 840 && retryAfter <= 900, "Retry-After " + retryAfter);
    }

    @Test
    void retryAfterIsTheSecondsUntilTheWindowEnds() {
        Registered account = account("throttle-countdown");
        fail(account.email(), MAX_FAILURES);
        moveWindowBack(account.email(), 600);

        long retryAfter = Problems.assertTooManyRequests(Api.login(account.email(), WRONG));

        assertTrue(retryAfter > 240 && retryAfter <= 300, "Retry-After " + retryAfter);
    }

    @Test
    void anUnknownEmailIsThrottledTheSameWay() {
        String unknown = Api.uniqueEmail("throttle-unknown");
        fail(unknown, MAX_FAILURES);

        assertThrottled(Api.login(unknown, WRONG));
    }

    @Test
    void theThrottleCountsAnEmailWhateverItsCase() {
        Registered account = account("throttle-case");
        fail(account.email(), MAX_FAILURES - 1);
        assertInvalidCredentials(Api.login(" " + account.email().toUpperCase(Locale.ROOT), WRONG));

        assertThrottled(Api.login(account.email(), account.password()));
    }

    @Test
    void aLockedEmailDoesNotLockAnotherEmail() {
        Registered locked = account("throttle-locked-one");
        Registered bystander = account("throttle-bystander");
        fail(locked.email(), MAX_FAILURES);

        assertEquals(200, Api.login(bystander.email(), bystander.password()).status());
    }

    @Test
    void aBadRequestIsNotCountedAsAFailure() {
        Registered account = account("throttle-400");
        fail(account.email(), MAX_FAILURES - 1);
        String numericPassword = Json.createObjectBuilder().add("email", account.email()).add("password", 12345678)
                .build().toString();
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertFieldErrors(Api.postJson("/api/auth/login", numericPassword), "password");
        }

        assertEquals(200, Api.login(account.email(), account.password()).status());
    }

    @Test
    void aMalformedEmailCountsAsAFailureForThatEmail() {
        String malformed = "not-an-email-" + UUID.randomUUID();
        fail(malformed, MAX_FAILURES);

        assertThrottled(Api.login(malformed, WRONG));
    }

    @Test
    void afterTheWindowPassesTheRightPasswordWorksAgain() {
        Registered account = account("throttle-expired");
        fail(account.email(), MAX_FAILURES);
        assertThrottled(Api.login(account.email(), account.password()));
        moveWindowBack(account.email(), 16 * 60);

        Api.Reply reply = Api.login(account.email(), account.password());

        assertEquals(200, reply.status(), reply::body);
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        Registered account = account("throttle-old-failures");
        fail(account.email(), MAX_FAILURES - 1);
        moveWindowBack(account.email(), 16 * 60);

        // The four old failures lie outside the window: this one opens a new window instead of locking.
        assertInvalidCredentials(Api.login(account.email(), WRONG));
        assertEquals(200, Api.login(account.email(), account.password()).status());
    }

    @Test
    void theWindowIsFixedAtTheFirstFailureAndLaterFailuresDoNotExtendIt() {
        Registered account = account("throttle-fixed");
        fail(account.email(), MAX_FAILURES - 1);
        moveWindowBack(account.email(), 600);
        fail(account.email(), 1);

        long retryAfter = Problems.assertTooManyRequests(Api.login(account.email(), WRONG));

        assertTrue(retryAfter > 240 && retryAfter <= 300, "Retry-After " + retryAfter);
    }

    @Test
    void aSuccessfulLoginResetsTheCount() {
        Registered account = account("throttle-reset");
        fail(account.email(), MAX_FAILURES - 1);
        assertEquals(200, Api.login(account.email(), account.password()).status());
        fail(account.email(), MAX_FAILURES - 1);

        Api.Reply reply = Api.login(account.email(), account.password());

        assertEquals(200, reply.status(), reply::body);
    }

    @Test
    void afterASuccessfulLoginTheNextWindowOpensAtTheNextFailure() {
        Registered account = account("throttle-reopen");
        fail(account.email(), 1);
        assertEquals(200, Api.login(account.email(), account.password()).status());
        // The success was fourteen minutes ago; the failures that follow start a fresh window.
        moveWindowBack(account.email(), 14 * 60);
        fail(account.email(), MAX_FAILURES);

        long retryAfter = Problems.assertTooManyRequests(Api.login(account.email(), WRONG));

        assertTrue(retryAfter > 840 && retryAfter <= 900, "Retry-After " + retryAfter);
    }

    @Test
    void aLockoutDoesNotStopTheRefreshOfAnExistingSession() {
        Api.Account account = Api.newAccount("throttle-refresh");
        fail(account.email(), MAX_FAILURES);
        assertThrottled(Api.login(account.email(), account.password()));

        Api.Reply reply = Accounts.refresh(account.refreshToken());

        assertEquals(200, reply.status(), reply::body);
    }

    @Test
    void aLockoutDoesNotStopAnExistingAccessToken() {
        Api.Account account = Api.newAccount("throttle-bearer");
        fail(account.email(), MAX_FAILURES);

        assertEquals(200, Accounts.me(account.accessToken()).status());
    }
}
