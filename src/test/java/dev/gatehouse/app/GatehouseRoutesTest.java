package dev.gatehouse.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.access.AllowedBeforeSecondFactor;
import dev.gatehouse.access.HidesOtherAccounts;
import dev.gatehouse.platform.rest.RouteTable;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Gatehouse's own route table: which protected operations a caller who owes a second factor may
 * use (API.md: the TOTP routes, {@code /me}, logout; refresh is public), and the roles the contract
 * names on the operations the guard decides before the body.
 */
class GatehouseRoutesTest {

    private static final String ID = "/0b8a4cd2-33ad-4b5e-a3b4-1c2a7a4b1d10";

    @Test
    void aCallerOwingASecondFactorMayUseOnlyTheTotpRoutesMeAndLogout() {
        Set<String> allowed = GatehouseApplication.ROUTES.all().stream().filter(r -> r.has(AllowedBeforeSecondFactor.class))
                .map(r -> r.verb() + " " + r.template()).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(Set.of("POST /api/auth/mfa/totp", "POST /api/auth/mfa/totp/confirm",
                "POST /api/auth/mfa/totp/disable", "GET /api/auth/me", "POST /api/auth/logout", "POST /api/auth/logout-all")),
                allowed);
        assertTrue(GatehouseApplication.ROUTES.all().stream().filter(r -> r.has(AllowedBeforeSecondFactor.class))
                .allMatch(RouteTable.Route::isProtected));
    }

    @Test
    void operationsCarryTheirContractRoles() {
        assertEquals(Optional.of(Set.of("admin")), role("DELETE", "/api/users" + ID + "/mfa"));
        assertEquals(Optional.of(Set.of("admin")), role("DELETE", "/api/users" + ID));
        assertEquals(Optional.of(Set.of("guest")), role("GET", "/api/users" + ID));
        assertEquals(Optional.of(Set.of("guest")), role("POST", "/api/auth/mfa/totp/confirm"));
        assertEquals(Optional.of(Set.of()), role("POST", "/api/auth/login/mfa"));
        assertEquals(Optional.of(Set.of("admin")), role("GET", "/api/users" + ID + "/sessions"));
    }

    @Test
    void usersBelowManagerArePatchRefusedBeforeTheBodyWithoutLearningOfOtherAccounts() {
        RouteTable.Route patch = GatehouseApplication.ROUTES.find("PATCH", "/api/users" + ID).orElseThrow();

        assertEquals(Set.of("manager"), patch.rolesAllowed());
        assertTrue(patch.has(HidesOtherAccounts.class));
    }

    private static Optional<Set<String>> role(String verb, String path) {
        return GatehouseApplication.ROUTES.find(verb, path).map(RouteTable.Route::rolesAllowed);
    }
}
