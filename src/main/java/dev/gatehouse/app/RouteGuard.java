package dev.gatehouse.app;

import dev.gatehouse.access.Caller;
import dev.gatehouse.access.Role;
import dev.gatehouse.edge.EdgeFilter;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.problem.Problem;
import dev.gatehouse.platform.problem.WebApplicationExceptionMapper;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * "A protected route answers 401/403 before it looks at the body" (API.md): the container checks
 * {@code @RolesAllowed} only after it has matched the request, and matching already refuses a
 * wrong {@code Content-Type} (415). This filter runs before matching and refuses an anonymous or
 * too-low caller of a protected operation first, with the very rule {@code @RolesAllowed} states
 * (read by {@link Routes}); {@code @RolesAllowed} stays the authority behind it.
 *
 * <p>It is also the one place where a caller who owes a second factor ({@code MFA_REQUIRED_ROLES},
 * see {@link Caller#secondFactorPending()}) is confined: every protected operation not marked
 * {@link dev.gatehouse.access.AllowedBeforeSecondFactor} answers {@code 403 Two-factor
 * authentication required}, before the role check, so the answer does not depend on the route.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class RouteGuard implements ContainerRequestFilter {

    @Context
    HttpServletRequest http;

    /** Refuses the caller of a protected operation it may not call; lets everything else through. */
    @Override
    public void filter(ContainerRequestContext request) {
        String path = EdgeFilter.routePath(request.getUriInfo().getRequestUri().getRawPath());
        Optional<Routes.Route> route = Routes.find(request.getMethod(), path);
        if (route.isEmpty() || route.get().role().isEmpty()) {
            return;
        }
        Optional<Caller> caller = Caller.of(http);
        Role required = Role.fromWire(route.get().role().get()).orElse(Role.ADMIN);
        if (caller.isEmpty()) {
            request.abortWith(Problem.response(WebApplicationExceptionMapper.refusal(http)));
        } else if (caller.get().secondFactorPending() && !route.get().beforeSecondFactor()) {
            request.abortWith(Problem.response(Failure.forbidden(Caller.SECOND_FACTOR_REQUIRED)));
        } else if (!caller.get().role().atLeast(required)) {
            request.abortWith(Problem.response(Failure.forbidden()));
        }
    }
}
