package dev.gatehouse.sessions.boundary;

import dev.gatehouse.keys.control.AccessClaims;
import dev.gatehouse.keys.control.AccessTokens;
import dev.gatehouse.keys.control.TokenException;
import dev.gatehouse.platform.config.AccountSettings;
import dev.gatehouse.platform.log.ApplicationLog;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.problem.Failures;
import dev.gatehouse.platform.problem.Problem;
import dev.gatehouse.sessions.control.SessionState;
import dev.gatehouse.sessions.control.SessionStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer} on every request: the token's signature, type,
 * issuer, audience and expiry, then the liveness of its session and user, read once (see
 * {@link SessionStates}). A good token hands the container a {@link SessionCaller}, the user id as
 * its name, with the groups of the user's current role and every role below it, so
 * {@code @RolesAllowed("user")} means "user or higher"; a user whose role is in
 * {@code MFA_REQUIRED_ROLES} and whose account has no TOTP yet is marked as owing a second
 * factor. No bearer header, or a bad token, means anonymous: public routes (a refresh sent with a
 * stale header, say) keep working, and a protected route answers {@code 401} from the route guard,
 * after the edge has applied CORS and rate limits. The one response the mechanism sends itself is
 * a {@code 503} when the session cannot be checked because the database is unreachable.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    @Inject
    AccessTokens tokens;

    @Inject
    SessionStates states;

    @Inject
    AccountSettings settings;

    /** See the class comment. */
    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        Optional<String> token = AccessTokens.bearerToken(request.getHeader("Authorization"));
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
            boolean secondFactorPending = !state.account().mfaEnabled()
                    && settings.mfaRequiredRoles().contains(state.account().role().wireName());
            SessionCaller caller = new SessionCaller(state, secondFactorPending);
            return context.notifyContainerAboutLogin(caller, caller.groups());
        } catch (TokenException e) {
            ApplicationLog.logger().fine(() -> "bearer token refused: " + e.getMessage());
            return context.doNothing();
        } catch (RuntimeException e) {
            return unavailable(Failures.classify(e), request, response);
        }
    }

    /** The session could not be checked: say so honestly (503 when the database is away) rather than guess. */
    private static AuthenticationStatus unavailable(Failure failure, HttpServletRequest request, HttpServletResponse response) {
        try {
            Problem.write(failure, request, response);
        } catch (IOException io) {
            ApplicationLog.logger().fine(() -> "client went away: " + io);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
