package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertNotAuthenticated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /api/auth/me}: the caller as a user object, and nothing for an anonymous caller. */
class MeIT extends ApiTestBase {

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z");

    @Test
    void meAnswersTheCallerAsAUserObject() {
        Api.Account account = Api.newAccount("me");

        Api.Reply reply = Accounts.me(account.accessToken());

        assertEquals(200, reply.status(), reply::body);
        Problems.assertSecurityHeaders(reply);
        JsonObject user = reply.json();
        assertEquals(account.id(), user.getString("id"));
        assertEquals(account.email(), user.getString("email"));
        assertEquals("user", user.getString("role"));
        assertTrue(user.getBoolean("is_active"));
        assertTrue(TIMESTAMP.matcher(user.getString("created_at")).matches(), user.getString("created_at"));
        assertTrue(TIMESTAMP.matcher(user.getString("updated_at")).matches(), user.getString("updated_at"));
        assertFalse(user.containsKey("password_hash"));
        assertFalse(user.containsKey("password"));
    }

    @Test
    void meAnswersTheAdminAsAdmin() {
        Api.Account admin = Api.admin();

        Api.Reply reply = Accounts.me(admin.accessToken());

        assertEquals(200, reply.status(), reply::body);
        assertEquals(TestSecrets.ADMIN_EMAIL, reply.json().getString("email"));
        assertEquals("admin", reply.json().getString("role"));
    }

    @Test
    void meShowsAChangeMadeOnThisNodeAtOnce() {
        Api.Account admin = Api.admin();
        Api.Account account = Accounts.createAndLogin(admin.accessToken(), "user", "me-change");
        JsonObject before = Accounts.me(account.accessToken()).json();
        String newEmail = "renamed-" + account.email();

        Api.Reply patched = Accounts.as(admin.accessToken(), "PATCH", "/api/users/" + account.id(),
                "{\"email\":\"" + newEmail + "\"}");
        assertEquals(200, patched.status(), patched::body);

        JsonObject after = Accounts.me(account.accessToken()).json();
        assertEquals(newEmail, after.getString("email"));
        assertEquals(account.email(), before.getString("email"));
    }

    @Test
    void meShowsANewUpdatedAtAfterAPasswordChange() throws InterruptedException {
        Api.Account account = Api.newAccount("me-password");
        String before = Accounts.me(account.accessToken()).json().getString("updated_at");
        Thread.sleep(5);

        Api.Reply changed = Accounts.changePassword(account.accessToken(), account.password(), Accounts.password());
        assertEquals(204, changed.status(), changed::body);

        String after = Accounts.me(account.accessToken()).json().getString("updated_at");
        assertTrue(java.time.Instant.parse(after).isAfter(java.time.Instant.parse(before)), before + " then " + after);
    }

    @Test
    void meWithoutATokenIsNotAuthenticated() {
        assertNotAuthenticated(Api.get("/api/auth/me"));
    }
}
