package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertInvalidCredentials;
import static dev.gatehouse.it.Problems.assertInvalidToken;
import static dev.gatehouse.it.Problems.assertRefreshRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Accounts that may no longer authenticate — deactivated or soft-deleted, arranged in the database
 * behind the API — get {@code Invalid credentials} at login and {@code Invalid token} for the
 * tokens they already hold.
 */
class InactiveAccountIT extends ApiTestBase {

    private static void deactivate(Api.Account account) {
        assertEquals(1, TestDatabase.update("UPDATE users SET is_active = FALSE WHERE id = ?",
                UUID.fromString(account.id())));
    }

    private static void softDelete(Api.Account account) {
        assertEquals(1, TestDatabase.update("UPDATE users SET deleted_at = now() WHERE id = ?",
                UUID.fromString(account.id())));
    }

    @Test
    void aDeactivatedUserCannotLogInEvenWithTheRightPassword() {
        Api.Account account = Api.newAccount("inactive-login");
        deactivate(account);

        assertInvalidCredentials(Api.login(account.email(), account.password()));
    }

    @Test
    void aDeletedUserCannotLogInEvenWithTheRightPassword() {
        Api.Account account = Api.newAccount("deleted-login");
        softDelete(account);

        assertInvalidCredentials(Api.login(account.email(), account.password()));
    }

    @Test
    void aDeactivatedUserCannotRefresh() {
        Api.Account account = Api.newAccount("inactive-refresh");
        deactivate(account);

        assertRefreshRefused(Accounts.refresh(account.refreshToken()));
    }

    @Test
    void aDeletedUserCannotRefresh() {
        Api.Account account = Api.newAccount("deleted-refresh");
        softDelete(account);

        assertRefreshRefused(Accounts.refresh(account.refreshToken()));
    }

    @Test
    void theAccessTokenOfADeactivatedUserIsInvalidToken() {
        Api.Account account = Api.newAccount("inactive-bearer");
        deactivate(account);

        assertInvalidToken(Accounts.me(account.accessToken()));
    }

    @Test
    void theAccessTokenOfADeletedUserIsInvalidToken() {
        Api.Account account = Api.newAccount("deleted-bearer");
        softDelete(account);

        assertInvalidToken(Accounts.me(account.accessToken()));
    }

    @Test
    void aDeletedUsersEmailCanBeRegisteredAgain() {
        Api.Account account = Api.newAccount("deleted-reuse");
        softDelete(account);

        Api.Reply reply = Api.register(account.email(), "pw-" + UUID.randomUUID());

        assertEquals(201, reply.status(), reply::body);
    }
}
