package dev.gatehouse.access;

import dev.gatehouse.platform.problem.Failure;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Objects;
import java.util.UUID;

/**
 * The authenticated caller of a request, as the bearer mechanism handed it to the container: the
 * principal's name is the user id, and it carries the role the session state named, the session of
 * the presented access token (for "current" and logout) and whether it still owes a second factor.
 * Resources read it from the JAX-RS {@link SecurityContext}; it is the only place identity lives
 * during a request.
 */
public class Caller extends CallerPrincipal {

    /** Detail of the refusal of a caller who owes a second factor (API.md). */
    public static final String SECOND_FACTOR_REQUIRED = "Two-factor authentication required";

    private static final long serialVersionUID = 1L;

    private final UUID userId;
    private final Role role;
    private final UUID sessionId;
    private final boolean secondFactorPending;

    /**
     * @param userId the caller's user id, also the principal's name
     * @param role the caller's current role
     * @param sessionId the session of the presented access token
     * @param secondFactorPending true when the caller's role is in {@code MFA_REQUIRED_ROLES} and its
     *        account has no TOTP yet: only operations marked {@link AllowedBeforeSecondFactor} are open
     *        to it, until TOTP is on (then the same token works everywhere)
     */
    public Caller(UUID userId, Role role, UUID sessionId, boolean secondFactorPending) {
        super(userId.toString());
        this.userId = userId;
        this.role = Objects.requireNonNull(role);
        this.sessionId = Objects.requireNonNull(sessionId);
        this.secondFactorPending = secondFactorPending;
    }

    /** A caller who owes nothing more: what most requests carry. */
    public Caller(UUID userId, Role role, UUID sessionId) {
        this(userId, role, sessionId, false);
    }

    /**
     * The caller of the request {@code security} describes; resources call it only on operations
     * that require a role, which the container has already checked.
     *
     * @throws Failure 401 {@code Not authenticated} when the request carries no such caller
     */
    public static Caller of(SecurityContext security) {
        Principal principal = security.getUserPrincipal();
        if (principal instanceof Caller caller) {
            return caller;
        }
        throw Failure.notAuthenticated();
    }

    /** The caller's user id. */
    public UUID userId() { return userId; }

    /** The caller's current role, as its session state named it. */
    public Role role() { return role; }

    /** The session of the presented access token. */
    public UUID sessionId() { return sessionId; }

    /** True when the caller must turn TOTP on before it may do more than set it up. */
    public boolean secondFactorPending() { return secondFactorPending; }

    /** The groups the container grants this caller: its role and every role below it. */
    public java.util.Set<String> groups() {
        return java.util.Set.copyOf(role.groups());
    }

    /** Same user, role, session and second-factor mark. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Caller that && userId.equals(that.userId) && role == that.role
                && sessionId.equals(that.sessionId) && secondFactorPending == that.secondFactorPending;
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return Objects.hash(userId, role, sessionId, secondFactorPending);
    }
}
