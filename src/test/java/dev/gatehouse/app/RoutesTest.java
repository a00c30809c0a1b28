package dev.gatehouse.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The route table read from the resources' annotations: which protected operations a caller who
 * owes a second factor may use (API.md: the TOTP routes, {@code /me}, logout; refresh is public),
 * and that the new routes resolve to the right operation and role.
 */
class RoutesTest {

    @Test
    void aCallerOwingASecondFactorMayUseOnlyTheTotpRoutesMeAndLogout() {
        Set<String> allowed = Routes.all().stream().filter(Routes.Route::beforeSecondFactor)
                .map(r -> r.verb() + " " + r.template()).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(Set.of("POST /api/auth/mfa/totp", "POST /api/auth/mfa/totp/confirm",
                "DELETE /api/auth/mfa/totp", "GET /api/auth/me", "POST /api/auth/logout", "POST /api/auth/logout-all")),
                allowed);
    }

    @Test
    void everyOperationAllowedBeforeTheSecondFactorIsAProtectedOne() {
        assertTrue(Routes.all().stream().filter(Routes.Route::beforeSecondFactor).allMatch(r -> r.role().isPresent()));
    }

    @Test
    void theSecondFactorRoutesCarryTheirContractRoles() {
        assertEquals(Optional.of("admin"), Routes.find("DELETE", "/api/users/0b8a4cd2-33ad-4b5e-a3b4-1c2a7a4b1d10/mfa")
                .flatMap(Routes.Route::role));
        assertEquals(Optional.of("admin"), Routes.find("DELETE", "/api/users/0b8a4cd2-33ad-4b5e-a3b4-1c2a7a4b1d10")
                .flatMap(Routes.Route::role));
        assertEquals(Optional.of("guest"), Routes.find("POST", "/api/auth/mfa/totp/confirm").flatMap(Routes.Route::role));
        assertEquals(Optional.empty(), Routes.find("POST", "/api/auth/login/mfa").flatMap(Routes.Route::role));
        assertTrue(Routes.find("POST", "/api/auth/login/mfa").isPresent());
    }
}
