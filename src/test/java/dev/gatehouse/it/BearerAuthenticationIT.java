package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertInvalidToken;
import static dev.gatehouse.it.Problems.assertNotAuthenticated;
import static dev.gatehouse.it.Problems.assertTokenRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The 401 {@code detail} table of API.md on a protected route: which {@code Authorization} headers
 * count as no token, which as a bad token, and the {@code WWW-Authenticate} challenge of each.
 */
class BearerAuthenticationIT extends ApiTestBase {

    private static final String PROTECTED = "/api/auth/me";

    @Test
    void aProtectedRouteWithoutAuthorizationIsNotAuthenticated() {
        assertNotAuthenticated(Api.get(PROTECTED));
    }

    @Test
    void basicAuthorizationCountsAsNoToken() {
        Api.Account account = Api.newAccount("basic");
        String basic = Base64.getEncoder().encodeToString(
                (account.email() + ":" + account.password()).getBytes(StandardCharsets.UTF_8));

        assertNotAuthenticated(Api.get(PROTECTED, "Authorization", "Basic " + basic));
    }

    @Test
    void aTokenWithoutTheBearerSchemeCountsAsNoToken() {
        Api.Account account = Api.newAccount("no-scheme");

        assertNotAuthenticated(Api.get(PROTECTED, "Authorization", account.accessToken()));
    }

    @Test
    void aBearerHeaderWithoutATokenIsInvalidToken() {
        assertInvalidToken(Api.get(PROTECTED, "Authorization", "Bearer"));
    }

    @Test
    void aMalformedBearerTokenIsInvalidToken() {
        assertInvalidToken(Api.get(PROTECTED, "Authorization", "Bearer not.a.jwt"));
    }

    @Test
    void aGenuineBearerTokenAuthenticates() {
        Api.Account account = Api.newAccount("genuine");

        Api.Reply reply = Api.get(PROTECTED, "Authorization", "Bearer " + account.accessToken());

        assertEquals(200, reply.status(), reply::body);
    }

    @Test
    void aBearerTokenPastItsExpiryIsTokenHasExpired() {
        Api.Account account = Api.newAccount("expired");
        Instant now = Instant.now();
        String expired = TokenForge.basedOn(account.accessToken())
                .claim("iat", now.minusSeconds(1000)).claim("exp", now.minusSeconds(100)).sign();

        assertTokenRefused(Accounts.me(expired), "Token has expired");
    }

    @Test
    void aBearerTokenJustPastItsExpiryIsStillAcceptedWithinTheLeeway() {
        Api.Account account = Api.newAccount("leeway");
        Instant now = Instant.now();
        String justExpired = TokenForge.basedOn(account.accessToken())
                .claim("iat", now.minusSeconds(910)).claim("exp", now.minusSeconds(10)).sign();

        assertEquals(200, Accounts.me(justExpired).status());
    }

    @Test
    void aBearerTokenMoreThanThirtySecondsPastItsExpiryIsTokenHasExpired() {
        Api.Account account = Api.newAccount("past-leeway");
        Instant now = Instant.now();
        String expired = TokenForge.basedOn(account.accessToken())
                .claim("iat", now.minusSeconds(935)).claim("exp", now.minusSeconds(35)).sign();

        assertTokenRefused(Accounts.me(expired), "Token has expired");
    }

    @Test
    void anExpiredTokenWithABadSignatureIsInvalidTokenNotExpired() {
        Api.Account account = Api.newAccount("expired-forged");
        Instant now = Instant.now();
        String forged = TokenForge.basedOn(account.accessToken())
                .claim("iat", now.minusSeconds(1000)).claim("exp", now.minusSeconds(100))
                .key("another key that is at least thirty-two bytes long".getBytes(StandardCharsets.UTF_8)).sign();

        assertInvalidToken(Accounts.me(forged));
    }

    @Test
    void aBadBearerTokenDoesNotBlockAPublicRoute() {
        Api.Account account = Api.newAccount("stale-bearer-refresh");

        Api.Reply reply = Api.postJson("/api/auth/refresh", Api.json("refresh_token", account.refreshToken()),
                "Authorization", "Bearer not.a.jwt");

        assertEquals(200, reply.status(), reply::body);
    }
}
