package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertFieldErrors;
import static dev.gatehouse.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code POST /api/auth/register}: who may register, what is stored, and every refusal of the contract. */
class RegisterIT extends ApiTestBase {

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z");
    private static final String PASSWORD = "correct horse battery";

    @Test
    void registerAnswers201WithAUserObjectOfRoleUser() {
        String email = Api.uniqueEmail("register");

        Api.Reply reply = Api.register(email, PASSWORD);

        assertEquals(201, reply.status(), reply::body);
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
        Problems.assertSecurityHeaders(reply);
        JsonObject user = reply.json();
        UUID.fromString(user.getString("id"));
        assertEquals(email, user.getString("email"));
        assertEquals("user", user.getString("role"));
        assertTrue(user.getBoolean("is_active"));
        assertTrue(TIMESTAMP.matcher(user.getString("created_at")).matches(), user.getString("created_at"));
        assertTrue(TIMESTAMP.matcher(user.getString("updated_at")).matches(), user.getString("updated_at"));
        assertEquals(java.util.Set.of("id", "email", "role", "is_active", "email_verified", "mfa_enabled", "created_at", "updated_at"), user.keySet(),
                "a live user has exactly the contract's fields (deleted_at only when deleted)");
    }

    @Test
    void registerStoresTheEmailTrimmedAndLowerCased() {
        String email = Api.uniqueEmail("mixed-case");

        Api.Reply reply = Api.register("  " + email.toUpperCase(Locale.ROOT) + " ", PASSWORD);

        assertEquals(201, reply.status(), reply::body);
        assertEquals(email, reply.json().getString("email"));
        assertEquals(email, TestDatabase.scalar("SELECT email FROM users WHERE id = ?",
                UUID.fromString(reply.json().getString("id"))));
    }

    @Test
    void registerIgnoresARoleInTheBody() {
        String email = Api.uniqueEmail("wants-admin");
        String body = Json.createObjectBuilder().add("email", email).add("password", PASSWORD).add("role", "admin")
                .build().toString();

        Api.Reply reply = Api.postJson("/api/auth/register", body);

        assertEquals(201, reply.status(), reply::body);
        assertEquals("user", reply.json().getString("role"));
        assertEquals("user", Api.login(email, PASSWORD).json().getJsonObject("user").getString("role"));
    }

    @Test
    void registerRefusesATakenEmailWith409() {
        String email = Api.uniqueEmail("taken");
        Api.register(email, PASSWORD);

        Api.Reply reply = Api.register(email, "another password");

        assertProblem(reply, 409, "Email already registered");
    }

    @Test
    void registerRefusesATakenEmailInAnotherCaseWith409() {
        String email = Api.uniqueEmail("taken-case");
        Api.register(email, PASSWORD);

        Api.Reply reply = Api.register(" " + email.toUpperCase(Locale.ROOT), "another password");

        assertProblem(reply, 409, "Email already registered");
    }

    @Test
    void registerRefusesAMalformedEmailNamingEmail() {
        Api.Reply reply = Api.register("not-an-email", PASSWORD);

        assertFieldErrors(reply, "email");
    }

    @Test
    void registerRefusesAPasswordShorterThanEightBytesNamingPassword() {
        Api.Reply reply = Api.register(Api.uniqueEmail("short-pw"), "1234567");

        assertFieldErrors(reply, "password");
    }

    @Test
    void registerAcceptsAPasswordOfExactlyEightBytes() {
        Api.Reply reply = Api.register(Api.uniqueEmail("eight-pw"), "12345678");

        assertEquals(201, reply.status(), reply::body);
    }

    @Test
    void registerRefusesAPasswordOverSeventyTwoUtf8BytesNamingPassword() {
        // 25 euro signs: 25 characters but 75 UTF-8 bytes.
        Api.Reply reply = Api.register(Api.uniqueEmail("long-pw"), "€".repeat(25));

        assertFieldErrors(reply, "password");
    }

    @Test
    void registerAcceptsAPasswordOfExactlySeventyTwoUtf8Bytes() {
        String password = "€".repeat(24);
        String email = Api.uniqueEmail("max-pw");

        Api.Reply reply = Api.register(email, password);

        assertEquals(201, reply.status(), reply::body);
        assertEquals(200, Api.login(email, password).status());
    }

    @Test
    void registerRefusesMissingFieldsNamingBoth() {
        Api.Reply reply = Api.postJson("/api/auth/register", "{}");

        assertFieldErrors(reply, "email", "password");
    }

    @Test
    void registerRefusesANumberWhereAStringIsExpected() {
        String body = Json.createObjectBuilder().add("email", 12345).add("password", PASSWORD).build().toString();

        Api.Reply reply = Api.postJson("/api/auth/register", body);

        assertFieldErrors(reply, "email");
    }

    @Test
    void registerRefusesANumericPasswordInsteadOfCoercingIt() {
        String body = Json.createObjectBuilder().add("email", Api.uniqueEmail("numeric-pw"))
                .add("password", 1234567890123L).build().toString();

        Api.Reply reply = Api.postJson("/api/auth/register", body);

        assertFieldErrors(reply, "password");
    }
}
