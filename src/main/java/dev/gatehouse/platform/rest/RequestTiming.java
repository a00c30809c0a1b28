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
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times every JAX-RS request by route template ({@code GET /api/users/{id}}, never the concrete
 * id, so the number of series stays bounded) and status class.
 */
@Provider
public class RequestTiming implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String START = RequestTiming.class.getName() + ".start";
    private static final Map<Method, String> ROUTES = new ConcurrentHashMap<>();

    @Inject
    Telemetry telemetry;

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
        String route = resource == null || resource.getResourceMethod() == null ? "unmatched"
                : ROUTES.computeIfAbsent(resource.getResourceMethod(), m -> request.getMethod() + " " + template());
        telemetry.request(route, response.getStatus(), Duration.ofNanos(System.nanoTime() - began));
    }

    private String template() {
        jakarta.ws.rs.Path type = resource.getResourceClass().getAnnotation(jakarta.ws.rs.Path.class);
        jakarta.ws.rs.Path method = resource.getResourceMethod().getAnnotation(jakarta.ws.rs.Path.class);
        return ("/api/" + (type == null ? "" : type.value()) + (method == null ? "" : "/" + method.value()))
                .replaceAll("/+", "/");
    }
}
