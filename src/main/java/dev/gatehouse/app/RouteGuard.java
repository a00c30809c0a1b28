package dev.gatehouse.app;

import dev.gatehouse.access.AllowedBeforeSecondFactor;
import dev.gatehouse.access.Caller;
import dev.gatehouse.access.HidesOtherAccounts;
import dev.gatehouse.keys.control.AccessTokens;
import dev.gatehouse.keys.control.TokenException;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.problem.Problem;
import dev.gatehouse.platform.rest.RouteTable;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.time.Instant;
import java.util.Optional;

/**
 * "A protected route answers 401/403 before it looks at the body" (API.md): JAX-RS checks
 * {@code @RolesAllowed} only after matching, and matching already refuses a wrong
 * {@code Content-Type}. This filter runs before matching and refuses, for the operation the route
 * table says the request will reach: an anonymous caller ({@code 401}, with the reason its bearer
 * token was refused, if it sent one); a caller who owes a second factor, on an operation not marked
 * {@link AllowedBeforeSecondFactor} ({@code 403 Two-factor authentication required}); a caller
 * whose role {@code @RolesAllowed} does not admit ({@code 403}, or {@code 404} for another
 * account's id where the operation {@link HidesOtherAccounts}). {@code @RolesAllowed} stays the
 * authority behind it.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class RouteGuard implements ContainerRequestFilter {

    @Inject
    AccessTokens tokens;

    @Inject
    RouteTable routes;

    /** Refuses the caller of a protected operation it may not call; lets everything else through. */
    @Override
    public void filter(ContainerRequestContext request) {
        String path = RouteTable.pathOf(request.getUriInfo().getRequestUri().getRawPath());
        Optional<RouteTable.Route> route = routes.find(request.getMethod(), path);
        if (route.isEmpty() || !route.get().isProtected()) {
            return;
        }
        refusal(route.get(), path, request).ifPresent(failure -> request.abortWith(Problem.response(failure)));
    }

    private Optional<Failure> refusal(RouteTable.Route route, String path, ContainerRequestContext request) {
        SecurityContext security = request.getSecurityContext();
        if (!(security.getUserPrincipal() instanceof Caller caller)) {
            return Optional.of(anonymous(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
        }
        if (caller.secondFactorPending() && !route.has(AllowedBeforeSecondFactor.class)) {
            return Optional.of(Failure.forbidden(Caller.SECOND_FACTOR_REQUIRED));
        }
        if (route.rolesAllowed().stream().anyMatch(caller.groups()::contains)) {
            return Optional.empty();
        }
        if (route.has(HidesOtherAccounts.class)
                && !route.parameter("id", path).orElse("").equalsIgnoreCase(caller.getName())) {
            return Optional.of(Failure.notFound("User not found"));
        }
        return Optional.of(Failure.forbidden());
    }

    /**
     * The refusal of a caller the bearer mechanism left anonymous: {@code Not authenticated}
     * without a bearer token; with one, why it was refused ({@code Token has expired} only for a
     * genuine token past its expiry).
     */
    private Failure anonymous(String authorization) {
        Optional<String> token = AccessTokens.bearerToken(authorization);
        if (token.isEmpty()) {
            return Failure.notAuthenticated();
        }
        try {
            tokens.verify(token.get(), Instant.now());
        } catch (TokenException e) {
            return e.expired() ? Failure.tokenExpired() : Failure.invalidToken();
        }
        return Failure.invalidToken();
    }
}
