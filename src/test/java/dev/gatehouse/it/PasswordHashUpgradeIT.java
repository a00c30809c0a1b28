package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mindrot.jbcrypt.BCrypt;

/** A password hash made at a lower bcrypt cost than the configured one (5 in tests) is replaced at the next login. */
class PasswordHashUpgradeIT extends ApiTestBase {

    /** A registered account that has not logged in. */
    private record Registered(String email, String password) {
    }

    private static String storedHash(String email) {
        return (String) TestDatabase.scalar("SELECT password_hash FROM users WHERE email = ?", email);
    }

    private static Registered withCostFourHash(String hint) {
        String email = Api.uniqueEmail(hint);
        String password = "pw-" + UUID.randomUUID();
        assertEquals(201, Api.register(email, password).status());
        assertEquals(1, TestDatabase.update("UPDATE users SET password_hash = ? WHERE email = ?",
                BCrypt.hashpw(password, BCrypt.gensalt(4)), email));
        return new Registered(email, password);
    }

    @Test
    void registrationHashesAtTheConfiguredCost() {
        String email = Api.uniqueEmail("cost-five");

        Api.register(email, "pw-" + UUID.randomUUID());

        assertTrue(storedHash(email).startsWith("$2a$05$"), storedHash(email));
    }

    @Test
    void loginWithALowerCostHashUpgradesItToTheConfiguredCost() {
        Registered account = withCostFourHash("cost-upgrade");
        assertTrue(storedHash(account.email()).startsWith("$2a$04$"));

        Api.Reply reply = Api.login(account.email(), account.password());

        assertEquals(200, reply.status(), reply::body);
        assertTrue(storedHash(account.email()).startsWith("$2a$05$"), storedHash(account.email()));
        assertTrue(BCrypt.checkpw(account.password(), storedHash(account.email())));
    }

    @Test
    void aFailedLoginLeavesALowerCostHashAlone() {
        Registered account = withCostFourHash("cost-kept");
        String before = storedHash(account.email());

        Api.login(account.email(), "not the password");

        assertEquals(before, storedHash(account.email()));
    }

    @Test
    void theUpgradedHashStillLogsIn() {
        Registered account = withCostFourHash("cost-again");
        Api.login(account.email(), account.password());

        assertEquals(200, Api.login(account.email(), account.password()).status());
    }
}
