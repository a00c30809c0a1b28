package dev.gatehouse.platform.rest;

import dev.gatehouse.platform.metrics.Telemetry;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.Optional;

/**
 * Times every JAX-RS request by route template ({@code GET /api/users/{id}}, never the concrete
 * id, so the number of series stays bounded) and status class.
 */
@Provider
public class RequestTiming implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String START = RequestTiming.class.getName() + ".start";
    @Inject
    Telemetry telemetry;

    @Inject
    RouteTable routes;

    @Context
    ResourceInfo resource;

    /** Notes the start time. */
    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    /** Records the elapsed time under the matched route, or {@code unmatched}. */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object start = request.getProperty(START);
        if (!(start instanceof Long began)) {
            return;
        }
        String route = Optional.ofNullable(resource).map(ResourceInfo::getResourceMethod).flatMap(routes::of)
                .map(r -> r.verb() + " " + r.template()).orElse("unmatched");
        telemetry.request(route, response.getStatus(), Duration.ofNanos(System.nanoTime() - began));
    }
}
