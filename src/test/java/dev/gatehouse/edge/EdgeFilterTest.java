package dev.gatehouse.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The path the edge filter compares with the credential endpoints: the one JAX-RS will match. */
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
}
