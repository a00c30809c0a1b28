package dev.gatehouse.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;

/**
 * The authenticated caller of the current request, as the bearer mechanism established it: who,
 * with which current role, through which session (for "current" and logout), and whether it still
 * owes a second factor.
 *
 * @param userId the caller's user id, also the container's caller principal name
 * @param role the caller's current role
 * @param sessionId the session of the presented access token
 * @param secondFactorPending true when the caller's role is in {@code MFA_REQUIRED_ROLES} and its
 *        account has no TOTP yet: only operations marked {@link AllowedBeforeSecondFactor} are open
 *        to it, until TOTP is on (then the same token works everywhere)
 */
public record Caller(UUID userId, Role role, UUID sessionId, boolean secondFactorPending) {

    /** Detail of the refusal of a caller who owes a second factor (API.md). */
    public static final String SECOND_FACTOR_REQUIRED = "Two-factor authentication required";

    private static final String ATTRIBUTE = Caller.class.getName();

    /** A caller who owes nothing more: what most requests carry. */
    public Caller(UUID userId, Role role, UUID sessionId) {
        this(userId, role, sessionId, false);
    }

    /** The caller of {@code request}, if the mechanism authenticated one. */
    public static Optional<Caller> of(HttpServletRequest request) {
        return Optional.ofNullable((Caller) request.getAttribute(ATTRIBUTE));
    }

    /** Binds this caller to {@code request}; only the authentication mechanism does this. */
    public void bindTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }
}
