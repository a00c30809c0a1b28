package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertFieldErrors;
import static dev.gatehouse.it.Problems.assertInvalidCredentials;
import static dev.gatehouse.it.Problems.assertInvalidToken;
import static dev.gatehouse.it.Problems.assertNotAuthenticated;
import static dev.gatehouse.it.Problems.assertRefreshRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code PUT /api/auth/password}: the new password replaces the old, and every other session of the caller ends. */
class PasswordChangeIT extends ApiTestBase {

    private static String newPassword() {
        return "new-" + UUID.randomUUID();
    }

    @Test
    void passwordChangeAnswers204WithNoBody() {
        Api.Account account = Api.newAccount("pw-204");

        Api.Reply reply = Accounts.changePassword(account.accessToken(), account.password(), newPassword());

        assertEquals(204, reply.status(), reply::body);
        assertTrue(reply.body().isEmpty(), reply::body);
    }

    @Test
    void afterAPasswordChangeTheNewPasswordLogsIn() {
        Api.Account account = Api.newAccount("pw-new-works");
        String changed = newPassword();

        Accounts.changePassword(account.accessToken(), account.password(), changed);

        assertEquals(200, Api.login(account.email(), changed).status());
    }

    @Test
    void afterAPasswordChangeTheOldPasswordIsInvalidCredentials() {
        Api.Account account = Api.newAccount("pw-old-dead");

        Accounts.changePassword(account.accessToken(), account.password(), newPassword());

        assertInvalidCredentials(Api.login(account.email(), account.password()));
    }

    @Test
    void aPasswordChangeEndsTheCallersOtherSessions() {
        Api.Account current = Api.newAccount("pw-others");
        Api.Account other = Accounts.loginAgain(current);

        Accounts.changePassword(current.accessToken(), current.password(), newPassword());

        assertInvalidToken(Accounts.me(other.accessToken()));
        assertRefreshRefused(Accounts.refresh(other.refreshToken()));
    }

    @Test
    void aPasswordChangeKeepsTheCurrentSession() {
        Api.Account current = Api.newAccount("pw-current");
        Accounts.loginAgain(current);

        Accounts.changePassword(current.accessToken(), current.password(), newPassword());

        assertEquals(200, Accounts.me(current.accessToken()).status());
        assertEquals(200, Accounts.refresh(current.refreshToken()).status());
    }

    @Test
    void aWrongCurrentPasswordIsInvalidCredentialsAndChangesNothing() {
        Api.Account account = Api.newAccount("pw-wrong-current");
        Api.Account other = Accounts.loginAgain(account);

        Api.Reply reply = Accounts.changePassword(account.accessToken(), "not the password", newPassword());

        assertInvalidCredentials(reply);
        assertEquals(200, Api.login(account.email(), account.password()).status());
        assertEquals(200, Accounts.me(other.accessToken()).status());
    }

    @Test
    void aTooShortNewPasswordIsABadRequestNamingNewPassword() {
        Api.Account account = Api.newAccount("pw-short-new");

        Api.Reply reply = Accounts.changePassword(account.accessToken(), account.password(), "short");

        assertFieldErrors(reply, "new_password");
        assertEquals(200, Api.login(account.email(), account.password()).status());
    }

    @Test
    void aNewPasswordOverSeventyTwoUtf8BytesIsABadRequestNamingNewPassword() {
        Api.Account account = Api.newAccount("pw-long-new");

        Api.Reply reply = Accounts.changePassword(account.accessToken(), account.password(), "€".repeat(25));

        assertFieldErrors(reply, "new_password");
    }

    @Test
    void aPasswordChangeWithoutATokenIsNotAuthenticated() {
        Api.Reply reply = Api.send("PUT", "/api/auth/password",
                Api.json("current_password", "whatever1", "new_password", "whatever2"),
                "Content-Type", "application/json");

        assertNotAuthenticated(reply);
    }

    @Test
    void anAnonymousPasswordChangeIsRefusedBeforeTheBodyIsValidated() {
        Api.Reply reply = Api.send("PUT", "/api/auth/password", "{\"new_password\": 5}",
                "Content-Type", "application/json");

        assertNotAuthenticated(reply);
    }
}
