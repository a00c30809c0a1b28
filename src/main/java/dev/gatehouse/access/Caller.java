package dev.gatehouse.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;

/**
 * The authenticated caller of the current request, as the bearer mechanism established it: who,
 * with which current role, and through which session (for "current" and logout).
 *
 * @param userId the caller's user id, also the container's caller principal name
 * @param role the caller's current role
 * @param sessionId the session of the presented access token
 */
public record Caller(UUID userId, Role role, UUID sessionId) {

    private static final String ATTRIBUTE = Caller.class.getName();

    /** The caller of {@code request}, if the mechanism authenticated one. */
    public static Optional<Caller> of(HttpServletRequest request) {
        return Optional.ofNullable((Caller) request.getAttribute(ATTRIBUTE));
    }

    /** Binds this caller to {@code request}; only the authentication mechanism does this. */
    public void bindTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }
}
