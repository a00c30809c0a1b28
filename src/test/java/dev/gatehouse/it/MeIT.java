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

        Api.Reply reply = AuthEndpoints.me(account.accessToken());

        assertEquals(200, reply.status(), reply::body);
        assertEquals("no-store", reply.header("Cache-Control"));
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

        Api.Reply reply = AuthEndpoints.me(admin.accessToken());

        assertEquals(200, reply.status(), reply::body);
        assertEquals(TestSecrets.ADMIN_EMAIL, reply.json().getString("email"));
        assertEquals("admin", reply.json().getString("role"));
    }

    @Test
    void meWithoutATokenIsNotAuthenticated() {
        assertNotAuthenticated(Api.get("/api/auth/me"));
    }
}
