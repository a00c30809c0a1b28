package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The activity entries each authentication event writes, read from {@code activity_logs} as the response arrives. */
class AuthActivityIT extends ApiTestBase {

    @Test
    void registerRecordsUserRegisteredByTheNewUser() {
        String email = Api.uniqueEmail("audit-register");

        String id = Api.register(email, "pw-" + UUID.randomUUID()).json().getString("id");

        assertEquals(1, ActivityTrail.count(id, "user.registered"));
    }

    @Test
    void loginRecordsAuthLogin() {
        Api.Account account = Api.newAccount("audit-login");

        assertEquals(1, ActivityTrail.count(account.id(), "auth.login"));
    }

    @Test
    void aWrongPasswordRecordsAuthLoginFailedForTheAccount() {
        Api.Account account = Api.newAccount("audit-failed");

        Api.login(account.email(), "not the password");

        assertEquals(1, ActivityTrail.count(account.id(), "auth.login_failed"));
    }

    @Test
    void anUnknownEmailRecordsAuthLoginFailedWithoutAnActor() {
        String email = Api.uniqueEmail("audit-unknown");

        Api.login(email, "not the password");

        List<Object[]> rows = TestDatabase.query(
                "SELECT user_id FROM activity_logs WHERE action = 'auth.login_failed' AND strpos(details, ?) > 0", email);
        assertEquals(1, rows.size());
        assertNull(rows.get(0)[0]);
    }

    @Test
    void aThrottledLoginRecordsAuthLoginThrottled() {
        String email = Api.uniqueEmail("audit-throttled");
        for (int i = 0; i < 5; i++) {
            Api.login(email, "not the password");
        }

        Api.Reply reply = Api.login(email, "not the password");

        Problems.assertTooManyRequests(reply);
        assertEquals(1, ActivityTrail.detailsMentioning("auth.login_throttled", email).size());
    }

    @Test
    void refreshRecordsAuthRefresh() {
        Api.Account account = Api.newAccount("audit-refresh");

        Accounts.refresh(account.refreshToken());

        assertEquals(1, ActivityTrail.count(account.id(), "auth.refresh"));
    }

    @Test
    void logoutRecordsAuthLogout() {
        Api.Account account = Api.newAccount("audit-logout");

        Accounts.logout(account.accessToken());

        assertEquals(1, ActivityTrail.count(account.id(), "auth.logout"));
    }

    @Test
    void logoutAllRecordsAuthLogoutAll() {
        Api.Account account = Api.newAccount("audit-logout-all");

        Accounts.logoutAll(account.accessToken());

        assertEquals(1, ActivityTrail.count(account.id(), "auth.logout_all"));
    }

    @Test
    void aPasswordChangeRecordsAuthPasswordChanged() {
        Api.Account account = Api.newAccount("audit-password");

        Accounts.changePassword(account.accessToken(), account.password(), "new-" + UUID.randomUUID());

        assertEquals(1, ActivityTrail.count(account.id(), "auth.password_changed"));
    }

    @Test
    void noActivityEntryContainsAPasswordOrToken() {
        Api.Account account = Api.newAccount("audit-secrets");
        String newPassword = "new-" + UUID.randomUUID();
        Api.login(account.email(), "wrong-" + account.password());
        String refreshed = Accounts.refresh(account.refreshToken()).json().getString("refresh_token");
        Accounts.changePassword(account.accessToken(), account.password(), newPassword);

        List<String> details = TestDatabase.query("SELECT details FROM activity_logs WHERE user_id = ?",
                UUID.fromString(account.id())).stream().map(row -> (String) row[0]).toList();

        assertTrue(details.size() >= 5, details::toString);
        for (String entry : details) {
            assertFalse(entry.contains(account.password()), entry);
            assertFalse(entry.contains(newPassword), entry);
            assertFalse(entry.contains(account.accessToken()), entry);
            assertFalse(entry.contains(account.refreshToken()), entry);
            assertFalse(entry.contains(refreshed), entry);
        }
    }
}
