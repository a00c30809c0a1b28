package dev.gatehouse.web;

import dev.gatehouse.api.Problem;
import dev.gatehouse.config.Settings;
import dev.gatehouse.util.ClientAddress;
import dev.gatehouse.util.ClientInfo;
import dev.gatehouse.util.RequestId;
import dev.gatehouse.util.Telemetry;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The edge of every request, in this order: request id, security headers, client address,
 * CORS (preflights answered here), rate limiting over {@code /api} but health, and the body size
 * limit. One filter, so the order is fixed and visible; each step is a small class of its own.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class EdgeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> CREDENTIAL_PATHS = Set.of(
            "/api/auth/login", "/api/auth/register", "/api/auth/refresh", "/api/auth/password");
    private static final Pattern PATH_PARAMETERS = Pattern.compile(";[^/]*");

    @Inject
    transient Settings settings;

    @Inject
    transient RateLimiter rateLimiter;

    @Inject
    transient Telemetry telemetry;

    private transient Cors cors;
    private transient ClientAddress clientAddress;

    /** Builds the CORS policy and the client address resolver from the settings. */
    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        cors = new Cors(settings.corsOrigins());
        clientAddress = new ClientAddress(settings.trustedProxies());
    }

    /** See the class comment. */
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String incoming = request.getHeader("X-Request-Id");
        String id = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : newRequestId();
        RequestId.set(id);
        try {
            response.setHeader("X-Request-Id", id);
            SecurityHeaders.apply(request, response);
            String client = clientAddress.resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
            request.setAttribute(ClientInfo.ADDRESS_ATTRIBUTE, client);
            String path = request.getRequestURI();
            boolean api = path.equals("/api") || path.startsWith("/api/");
            if (settings.edgeFiltersEnabled() && api) {
                if (Cors.isPreflight(request)) {
                    cors.answerPreflight(request, response);
                    return;
                }
                cors.decorate(request, response);
                if (!path.startsWith("/api/health/") && !allowedByRateLimit(request, response, client, path)) {
                    return;
                }
            }
            long limit = settings.maxBodyBytes();
            if (request.getContentLengthLong() > limit) {
                response.setHeader("Connection", "close");
                Problem.of(413, "Content Too Large", "Request body too large").writeTo(response, Map.of());
                return;
            }
            chain.doFilter(new LimitedRequest(request, limit), response);
        } finally {
            RequestId.clear();
        }
    }

    /** A unique, not secret, request id: no SecureRandom (a shared lock) on the hot path. */
    private static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private boolean allowedByRateLimit(HttpServletRequest request, HttpServletResponse response, String client,
                                       String path) throws IOException {
        RateLimiter.Decision decision = rateLimiter.draw(client, CREDENTIAL_PATHS.contains(routePath(path)));
        response.setHeader("RateLimit-Limit", Long.toString(decision.limit()));
        response.setHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        if (decision.allowed()) {
            return true;
        }
        telemetry.rateLimited();
        Problem.of(429, "Too Many Requests", "Too many requests")
                .writeTo(response, Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
        return false;
    }

    /**
     * The path as JAX-RS matches it: without {@code ;parameters} and without a trailing slash, so
     * {@code /api/auth/login/} and {@code /api/auth/login;x} still draw on the credential budget.
     */
    static String routePath(String uri) {
        String path = PATH_PARAMETERS.matcher(uri).replaceAll("");
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }
}
