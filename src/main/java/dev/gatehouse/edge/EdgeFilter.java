package dev.gatehouse.edge;

import dev.gatehouse.platform.config.EdgeSettings;
import dev.gatehouse.platform.log.RequestId;
import dev.gatehouse.platform.metrics.Telemetry;
import dev.gatehouse.platform.problem.Failures;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.problem.Problem;
import dev.gatehouse.platform.rest.CredentialEndpoint;
import dev.gatehouse.platform.rest.RouteTable;
import dev.gatehouse.platform.web.BufferedRequest;
import dev.gatehouse.platform.web.ClientAddress;
import dev.gatehouse.platform.web.ClientInfo;
import dev.gatehouse.platform.web.SecurityHeaders;
import dev.gatehouse.platform.web.StatusLine;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The edge of every request, in this order: request id, security headers, requests no route can
 * take ({@link RequestScreen}), client address, CORS (preflights answered here), rate limiting
 * over {@code /api} but health, and the body, read whole up to its size limit (so a body is never
 * left on the connection, and a client that stops sending is noticed once, here). A client that
 * goes away while a servlet's answer goes out (the OpenAPI document, a page) costs one INFO line
 * here too, not the container's stack trace. One filter, so
 * the order is fixed and visible; each step is a small class of its own.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class EdgeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient EdgeSettings settings;

    @Inject
    transient RateLimiter rateLimiter;

    @Inject
    transient Telemetry telemetry;

    @Inject
    transient RouteTable routes;

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
        response.setHeader(RequestId.HEADER, RequestId.of(request));
        SecurityHeaders.apply(request, response);
        java.util.Optional<Failure> refused = RequestScreen.check(request);
        if (refused.isPresent()) {
            Problem.write(refused.get(), request, response);
            return;
        }
        String client = clientAddress.resolve(request.getRemoteAddr(),
                ClientAddress.forwardedFor(request.getHeaders("X-Forwarded-For")));
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
        BufferedRequest buffered;
        try {
            buffered = BufferedRequest.of(request, settings.maxBodyBytes());
        } catch (BufferedRequest.TooLarge e) {
            Problem.write(Failure.tooLarge(), request, response);
            return;
        } catch (IOException e) {
            // the client stopped sending its body and is most likely gone: one line, no answer
            Failures.clientAbort(e);
            return;
        }
        deliver(buffered, response, chain);
    }

    /** Runs the rest of the chain; an I/O failure once the answer has started is a client gone, not an error. */
    private static void deliver(HttpServletRequest buffered, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(buffered, new StatusLine(response));
        } catch (IOException e) {
            if (!response.isCommitted()) {
                throw e;
            }
            // the body was read whole before the chain, so this is the response's delivery
            Failures.responseAbandoned(e);
        }
    }

    private boolean allowedByRateLimit(HttpServletRequest request, HttpServletResponse response, String client,
                                       String path) throws IOException {
        RateLimiter.Decision decision = rateLimiter.draw(client, credentialEndpoint(routes, path));
        response.setHeader("RateLimit-Limit", Long.toString(decision.limit()));
        response.setHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        if (decision.allowed()) {
            return true;
        }
        telemetry.rateLimited();
        Problem.write(Failure.tooManyRequests(decision.retryAfterSeconds()), request, response);
        return false;
    }

    /**
     * True when an operation at {@code uri} is a {@link CredentialEndpoint}, whatever the method,
     * so {@code /api/auth/login/} and a {@code GET} of it draw on the credential budget too.
     */
    static boolean credentialEndpoint(RouteTable routes, String uri) {
        return routes.at(RouteTable.pathOf(uri)).stream().anyMatch(route -> route.has(CredentialEndpoint.class));
    }
}
