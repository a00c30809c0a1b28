package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first admin configured by {@code BOOTSTRAP_ADMIN_*} exists exactly once, can log in, and its creation is on the activity log. */
class BootstrapAdminIT extends ApiTestBase {

    private static List<Object[]> adminRows() {
        return TestDatabase.query("SELECT id, role, is_active, deleted_at, password_hash FROM users WHERE email = ?",
                TestSecrets.ADMIN_EMAIL);
    }

    @Test
    void exactlyOneAccountWithTheBootstrapEmailExistsAndItIsAnActiveAdmin() {
        List<Object[]> rows = adminRows();

        assertEquals(1, rows.size());
        assertEquals("admin", rows.get(0)[1]);
        assertEquals(Boolean.TRUE, rows.get(0)[2]);
        assertNull(rows.get(0)[3]);
    }

    @Test
    void thePasswordIsStoredAsABcryptHashAtTheConfiguredCost() {
        String hash = (String) adminRows().get(0)[4];

        assertTrue(hash.startsWith("$2a$05$"), "BCRYPT_COST=5 from Failsafe");
        assertFalse(hash.contains(TestSecrets.adminPassword()));
    }

    @Test
    void theBootstrapAdminLogsInWithTheConfiguredPassword() {
        Api.Reply reply = Api.login(TestSecrets.ADMIN_EMAIL, TestSecrets.adminPassword());

        assertEquals(200, reply.status(), reply.body());
        JsonObject user = reply.json().getJsonObject("user");
        assertEquals(TestSecrets.ADMIN_EMAIL, user.getString("email"));
        assertEquals("admin", user.getString("role"));
        assertEquals(adminRows().get(0)[0].toString(), user.getString("id"));
    }

    @Test
    void theBootstrapEmailIsMatchedCaseInsensitivelyAtLogin() {
        Api.Reply reply = Api.login("  ROOT-Admin@Gatehouse.TEST ", TestSecrets.adminPassword());

        assertEquals(200, reply.status(), reply.body());
    }

    @Test
    void theBootstrapAdminWithAWrongPasswordIsRefused() {
        Api.Reply reply = Api.login(TestSecrets.ADMIN_EMAIL, TestSecrets.adminPassword() + "-wrong");

        Problems.assertInvalidCredentials(reply);
    }

    @Test
    void theCreationIsRecordedAsUserCreated() {
        String id = adminRows().get(0)[0].toString();

        List<Object[]> entries = TestDatabase.query("SELECT details FROM activity_logs WHERE action = 'user.created' "
                + "AND CAST(details AS jsonb) ->> 'target_user_id' = ?", id);

        assertEquals(1, entries.size());
        JsonObject details = Json.createReader(new StringReader((String) entries.get(0)[0])).readObject();
        assertEquals(TestSecrets.ADMIN_EMAIL, details.getString("email"));
        assertEquals("admin", details.getString("role"));
        assertFalse(entries.get(0)[0].toString().contains(TestSecrets.adminPassword()));
    }

    @Test
    void theAdminPasswordNeverReachesTheApplicationLog() throws IOException {
        Path log = Path.of(System.getProperty("gatehouse.target", "target"), "it-logs", "info.log");

        String text = Files.readString(log, StandardCharsets.UTF_8);

        assertTrue(text.contains("bootstrap admin"), "the log records the bootstrap");
        assertFalse(text.contains(TestSecrets.adminPassword()));
        assertFalse(text.contains(new String(TestSecrets.signingKey(), StandardCharsets.UTF_8)));
    }
}
