package dev.gatehouse.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.app.GatehouseApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests draw on the credential budget: those the route table sends to a {@code @CredentialEndpoint}, as JAX-RS will match them. */
class EdgeFilterTest {

    @ParameterizedTest
    @CsvSource({
        "/api/auth/login", "/api/auth/login/", "/api/auth/login;x=1", "/api/auth;v=2/login", "/api/auth/register",
        "/api/auth/refresh", "/api/auth/refresh/", "/api/auth/password", "/api/auth/password-reset",
        "/api/auth/password-reset/confirm", "/api/auth/password-reset/", "/api/auth/email-verification",
        "/api/auth/email-verification/confirm", "/api/auth/email-verification;x/confirm", "/api/auth/login/mfa",
        "/api/auth/login/mfa/", "/api/auth/mfa/totp", "/api/auth/mfa/totp/confirm",
    })
    void credentialEndpointsDrawOnTheStricterBudget(String uri) {
        assertTrue(EdgeFilter.credentialEndpoint(GatehouseApplication.ROUTES, uri), uri);
    }

    @ParameterizedTest
    @CsvSource({"/api/auth/me", "/api/auth/logout", "/api/users", "/api/auth/password-reset/other", "/api/health/live",
        "/api/users/0b8a4cd2-33ad-4b5e-a3b4-1c2a7a4b1d10/mfa", "/", "/api/nothing"})
    void otherRoutesDrawOnlyOnTheGeneralBudget(String uri) {
        assertFalse(EdgeFilter.credentialEndpoint(GatehouseApplication.ROUTES, uri), uri);
    }
}
