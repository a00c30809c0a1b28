package dev.gatehouse.edge;

import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.problem.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * CORS by exact origin: only origins in {@code CORS_ORIGINS} are answered with
 * {@code Access-Control-Allow-Origin: <origin>}; no wildcard and no credentials, since tokens
 * travel in headers, not cookies.
 */
public final class Cors {

    /** Methods a preflight may approve. */
    static final String METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    /** Request headers a preflight may approve. */
    static final String HEADERS = "Authorization, Content-Type, X-Request-Id";
    /** Response headers scripts may read. */
    static final String EXPOSED = "Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, WWW-Authenticate, X-Request-Id";

    private final Set<String> allowed;

    /** @param origins the exact allowed origins */
    public Cors(List<String> origins) {
        this.allowed = Set.copyOf(origins);
    }

    /** True for a CORS preflight: OPTIONS with an Origin and an Access-Control-Request-Method. */
    public static boolean isPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /**
     * Answers a preflight: 204 with the approvals for an allowed origin, a 403 problem without any
     * CORS header for others.
     */
    public void answerPreflight(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        response.addHeader("Vary", "Origin");
        if (!allowed.contains(origin)) {
            Problem.write(Failure.forbidden("Origin not allowed"), request, response);
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Methods", METHODS);
        response.setHeader("Access-Control-Allow-Headers", HEADERS);
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** Decorates an actual response for an allowed origin; adds nothing for others. */
    public void decorate(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return;
        }
        response.addHeader("Vary", "Origin");
        if (allowed.contains(origin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSED);
        }
    }
}
