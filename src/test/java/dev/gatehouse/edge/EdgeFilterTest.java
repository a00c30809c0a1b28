package dev.gatehouse.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The path the edge filter compares with the credential endpoints (the one JAX-RS will match), and which those are. */
class EdgeFilterTest {

    @ParameterizedTest
    @CsvSource({
        "/api/auth/login, /api/auth/login",
        "/api/auth/login/, /api/auth/login",
        "/api/auth/login//, /api/auth/login",
        "/api/auth/login;x=1, /api/auth/login",
        "/api/auth/login;, /api/auth/login",
        "/api/auth;v=2/login, /api/auth/login",
        "/api/auth/login;a/, /api/auth/login",
        "/api/auth/refresh/, /api/auth/refresh",
        "/, /",
        "/api/users;x, /api/users",
    })
    void routePathDropsPathParametersAndTrailingSlashes(String uri, String route) {
        assertEquals(route, EdgeFilter.routePath(uri));
    }

    @ParameterizedTest
    @CsvSource({
        "/api/auth/login", "/api/auth/register", "/api/auth/refresh", "/api/auth/password",
        "/api/auth/password-reset", "/api/auth/password-reset/confirm", "/api/auth/password-reset/",
        "/api/auth/email-verification", "/api/auth/email-verification/confirm", "/api/auth/email-verification;x/confirm",
        "/api/auth/login/mfa", "/api/auth/login/mfa/", "/api/auth/mfa/totp", "/api/auth/mfa/totp/confirm",
    })
    void credentialEndpointsDrawOnTheStricterBudget(String uri) {
        assertTrue(EdgeFilter.credentialEndpoint(uri), uri);
    }

    @ParameterizedTest
    @CsvSource({"/api/auth/me", "/api/auth/logout", "/api/users", "/api/auth/password-reset/other", "/api/health/live",
        "/api/users/0b8a4cd2-33ad-4b5e-a3b4-1c2a7a4b1d10/mfa"})
    void otherRoutesDrawOnlyOnTheGeneralBudget(String uri) {
        assertFalse(EdgeFilter.credentialEndpoint(uri), uri);
    }
}
