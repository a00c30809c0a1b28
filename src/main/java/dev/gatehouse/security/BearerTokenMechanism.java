package dev.gatehouse.security;

import dev.gatehouse.api.Problem;
import dev.gatehouse.config.ApplicationLog;
import dev.gatehouse.model.Role;
import dev.gatehouse.service.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Authenticates {@code Authorization: Bearer} on every request: the token's signature, type,
 * issuer and expiry, then the liveness of its session and user (cached, see
 * {@link SessionStateCache}). A good token makes the user id the caller and grants the groups of
 * the user's current role and every role below it, so {@code @RolesAllowed("user")} means "user
 * or higher". No bearer header means anonymous. A bad token also leaves the request anonymous but
 * records why, so a protected route answers 401 with the precise detail while public routes (a
 * refresh sent with a stale bearer header, say) keep working.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    /** Request attribute holding the 401 detail for a refused token. */
    public static final String FAILURE = BearerTokenMechanism.class.getName() + ".failure";
    /** Detail of an expired token. */
    public static final String EXPIRED = "Token has expired";
    /** Detail of any other refused token. */
    public static final String INVALID = "Invalid token";

    private static final Logger LOG = Logger.getLogger(BearerTokenMechanism.class.getName());

    @Inject
    AccessTokens tokens;

    @Inject
    SessionStateCache cache;

    @Inject
    SessionService sessions;

    /** See the class comment; never sends a response itself. */
    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        Optional<String> token = bearerToken(request.getHeader("Authorization"));
        if (token.isEmpty()) {
            return context.doNothing();
        }
        Instant now = Instant.now();
        try {
            AccessClaims claims = tokens.verify(token.get(), now);
            SessionState state = cache.get(claims.sessionId()).orElseGet(() -> {
                SessionState loaded = sessions.stateOf(claims.sessionId());
                cache.put(claims.sessionId(), loaded);
                return loaded;
            });
            if (!state.liveAt(now) || !state.userId().equals(claims.userId())) {
                throw TokenException.invalid("session revoked, expired or user disabled");
            }
            new Caller(claims.userId(), state.role(), claims.sessionId()).bindTo(request);
            return context.notifyContainerAboutLogin(new CallerPrincipal(claims.userId().toString()),
                    groupsOf(state.role()));
        } catch (TokenException e) {
            request.setAttribute(FAILURE, e.expired() ? EXPIRED : INVALID);
            LOG.fine(() -> "bearer token refused: " + e.getMessage());
            return context.doNothing();
        } catch (RuntimeException e) {
            // The session lookup failed (database unreachable): answer honestly instead of guessing.
            ApplicationLog.logger().warning("bearer check failed: " + e);
            try {
                Problem.of(503, "Service Unavailable", "Service temporarily unavailable")
                        .writeTo(response, Map.of("Retry-After", "5"));
            } catch (IOException io) {
                LOG.fine(() -> "client went away: " + io);
            }
            return AuthenticationStatus.SEND_FAILURE;
        }
    }

    /**
     * The token of a {@code Bearer} header; empty for no header or another scheme. A bearer header
     * with nothing after it yields an empty token, which verification refuses.
     */
    static Optional<String> bearerToken(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Bearer", 0, 6)) {
            return Optional.empty();
        }
        if (header.length() > 6 && header.charAt(6) != ' ') {
            return Optional.empty();
        }
        return Optional.of(header.substring(6).trim());
    }

    /** The role and every role below it, by wire name. */
    static Set<String> groupsOf(Role role) {
        return Arrays.stream(Role.values()).filter(role::atLeast).map(Role::wireName).collect(Collectors.toSet());
    }
}
