package dev.gatehouse.sessions.boundary;

import dev.gatehouse.access.Caller;
import dev.gatehouse.access.Role;
import dev.gatehouse.keys.control.AccessClaims;
import dev.gatehouse.keys.control.AccessTokens;
import dev.gatehouse.keys.control.TokenException;
import dev.gatehouse.platform.config.Settings;
import dev.gatehouse.platform.database.DatabaseFailures;
import dev.gatehouse.platform.log.ApplicationLog;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.problem.Problem;
import dev.gatehouse.platform.problem.WebApplicationExceptionMapper;
import dev.gatehouse.sessions.control.SessionState;
import dev.gatehouse.sessions.control.SessionStates;
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
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;

/**
 * Authenticates {@code Authorization: Bearer} on every request: the token's signature, type,
 * issuer and expiry, then the liveness of its session and user (see {@link SessionStates}). A good
 * token makes the user id the caller and grants the groups of the user's current role and every
 * role below it, so {@code @RolesAllowed("user")} means "user or higher"; a user whose role is in
 * {@code MFA_REQUIRED_ROLES} and whose account has no TOTP yet is marked as owing a second factor
 * ({@link Caller#secondFactorPending()}), read from the same session state, so the mark goes the
 * moment TOTP is on. No bearer header means
 * anonymous. A bad token also leaves the request anonymous but records why, so a protected route
 * answers 401 with the precise detail while public routes (a refresh sent with a stale bearer
 * header, say) keep working. The one response it sends itself is a 503 when the session cannot be
 * checked because the database is unreachable.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final Map<Role, Set<String>> GROUPS = groups();

    @Inject
    AccessTokens tokens;

    @Inject
    SessionStates states;

    @Inject
    Settings settings;

    /** See the class comment. */
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
            SessionState state = states.of(claims.sessionId(), claims.userId());
            if (!state.liveAt(now) || !state.ownedBy(claims.userId())) {
                throw TokenException.invalid("session revoked, expired or user disabled");
            }
            Role role = state.account().role();
            boolean secondFactorPending = !state.account().mfaEnabled()
                    && settings.mfaRequiredRoles().contains(role.wireName());
            new Caller(claims.userId(), role, claims.sessionId(), secondFactorPending).bindTo(request);
            return context.notifyContainerAboutLogin(new CallerPrincipal(claims.userId().toString()), GROUPS.get(role));
        } catch (TokenException e) {
            request.setAttribute(WebApplicationExceptionMapper.TOKEN_FAILURE,
                    e.expired() ? Failure.tokenExpired() : Failure.invalidToken());
            ApplicationLog.logger().fine(() -> "bearer token refused: " + e.getMessage());
            return context.doNothing();
        } catch (RuntimeException e) {
            return unavailable(e, request, response);
        }
    }

    /** The session could not be checked: say so honestly (503 when the database is away) rather than guess. */
    private static AuthenticationStatus unavailable(RuntimeException e, HttpServletRequest request,
                                                    HttpServletResponse response) {
        Failure failure;
        if (DatabaseFailures.unreachableAnywhere(e)) {
            ApplicationLog.logger().warning("bearer check failed, database unavailable: " + e);
            failure = Failure.unavailable();
        } else {
            ApplicationLog.logger().log(Level.SEVERE, "bearer check failed", e);
            failure = Failure.internalError();
        }
        try {
            Problem.write(failure, request, response);
        } catch (IOException io) {
            ApplicationLog.logger().fine(() -> "client went away: " + io);
        }
        return AuthenticationStatus.SEND_FAILURE;
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

    /** Each role's groups as the container wants them. */
    private static Map<Role, Set<String>> groups() {
        Map<Role, Set<String>> groups = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            groups.put(role, Set.copyOf(role.groups()));
        }
        return groups;
    }
}
