package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertFieldErrors;
import static dev.gatehouse.it.Problems.assertInvalidCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code POST /api/auth/login}: the token pair it answers and the one refusal it gives for every bad credential. */
class LoginIT extends ApiTestBase {

    private static final String PASSWORD = "correct horse battery";

    private static String registered(String hint) {
        String email = Api.uniqueEmail(hint);
        assertEquals(201, Api.register(email, PASSWORD).status());
        return email;
    }

    @Test
    void loginAnswersATokenPairOfTheContractShape() {
        String email = registered("login-shape");

        Api.Reply reply = Api.login(email, PASSWORD);

        assertEquals(200, reply.status(), reply::body);
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
        Problems.assertSecurityHeaders(reply);
        JsonObject pair = reply.json();
        assertEquals(Set.of("access_token", "refresh_token", "token_type", "expires_in", "refresh_expires_in", "user"),
                pair.keySet());
        assertFalse(pair.getString("access_token").isBlank());
        assertFalse(pair.getString("refresh_token").isBlank());
        assertEquals("bearer", pair.getString("token_type"));
        assertEquals(900, pair.getInt("expires_in"));
        assertEquals(604800, pair.getInt("refresh_expires_in"));
        JsonObject user = pair.getJsonObject("user");
        assertEquals(Set.of("id", "email", "role"), user.keySet());
        assertEquals(email, user.getString("email"));
        assertEquals("user", user.getString("role"));
        assertEquals(TestDatabase.scalar("SELECT id FROM users WHERE email = ?", email).toString(), user.getString("id"));
    }

    @Test
    void loginIssuesAnAccessTokenWithTheContractHeaderAndClaims() throws Exception {
        String email = registered("login-claims");

        JsonObject pair = Api.login(email, PASSWORD).json();

        SignedJWT jwt = SignedJWT.parse(pair.getString("access_token"));
        assertEquals("HS256", jwt.getHeader().getAlgorithm().getName());
        assertEquals("at+jwt", jwt.getHeader().getType().getType());
        var claims = jwt.getJWTClaimsSet();
        assertEquals("gatehouse", claims.getIssuer());
        assertEquals(pair.getJsonObject("user").getString("id"), claims.getSubject());
        assertEquals(email, claims.getStringClaim("email"));
        assertEquals("user", claims.getStringClaim("role"));
        assertFalse(claims.getStringClaim("sid").isBlank());
        assertFalse(claims.getJWTID().isBlank());
        assertEquals(900, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
    }

    @Test
    void loginAcceptsTheEmailInAnyCaseWithSurroundingSpaces() {
        String email = registered("login-case");

        Api.Reply reply = Api.login("  " + email.toUpperCase(Locale.ROOT) + "  ", PASSWORD);

        assertEquals(200, reply.status(), reply::body);
        assertEquals(email, reply.json().getJsonObject("user").getString("email"));
    }

    @Test
    void loginWithAWrongPasswordIsInvalidCredentials() {
        String email = registered("wrong-pw");

        assertInvalidCredentials(Api.login(email, "not the password"));
    }

    @Test
    void loginWithAnUnknownEmailIsInvalidCredentials() {
        assertInvalidCredentials(Api.login(Api.uniqueEmail("nobody"), PASSWORD));
    }

    @Test
    void loginWithAMalformedEmailIsInvalidCredentialsNotABadRequest() {
        assertInvalidCredentials(Api.login("not-an-email", PASSWORD));
    }

    @Test
    void loginWithAPasswordOfTheWrongLengthIsInvalidCredentialsNotABadRequest() {
        String email = registered("short-login-pw");

        assertInvalidCredentials(Api.login(email, "short"));
    }

    @Test
    void loginWithANumericPasswordIsABadRequestNamingPassword() {
        String body = Json.createObjectBuilder().add("email", registered("numeric-login"))
                .add("password", 12345678).build().toString();

        assertFieldErrors(Api.postJson("/api/auth/login", body), "password");
    }

    @Test
    void loginWithANumericEmailIsABadRequestNamingEmail() {
        String body = Json.createObjectBuilder().add("email", 42).add("password", PASSWORD).build().toString();

        assertFieldErrors(Api.postJson("/api/auth/login", body), "email");
    }

    @Test
    void loginWithMissingFieldsIsABadRequestNamingBoth() {
        assertFieldErrors(Api.postJson("/api/auth/login", "{}"), "email", "password");
    }
}
