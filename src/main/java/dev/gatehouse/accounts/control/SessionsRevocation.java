package dev.gatehouse.accounts.control;

import java.util.UUID;

/**
 * A CDI event: an account change that must end the account's sessions (deactivation, deletion, a
 * password reset, a second factor turned on or reset by an admin). Fired inside the transaction of the change; the
 * sessions component observes it in the same transaction, revokes, and reports how many sessions
 * it ended through {@link #revoked(int)}, so the change and its effect commit together or not at all.
 */
public final class SessionsRevocation {

    /** The account was deactivated. */
    public static final String USER_DEACTIVATED = "user_deactivated";
    /** The account was deleted. */
    public static final String USER_DELETED = "user_deleted";
    /** The password was set through a reset link. */
    public static final String PASSWORD_RESET = "password_reset";
    /** A second factor was turned on; the session that did it stays. */
    public static final String MFA_ENABLED = "mfa_enabled";
    /** An admin turned the second factor off (lost device): sessions on that device must not outlive it. */
    public static final String MFA_RESET = "mfa_reset";

    private final UUID userId;
    private final String reason;
    private final UUID keep;
    private int revoked;

    /**
     * @param userId whose sessions end
     * @param reason stored on each session, one of the constants here
     * @param keep a session to leave alone (the caller's own), or null
     */
    public SessionsRevocation(UUID userId, String reason, UUID keep) {
        this.userId = userId;
        this.reason = reason;
        this.keep = keep;
    }

    /** Whose sessions end. */
    public UUID userId() { return userId; }

    /** Why, as stored on each session. */
    public String reason() { return reason; }

    /** The session to leave alone, or null. */
    public UUID keep() { return keep; }

    /** How many sessions the observer ended. */
    public int revoked() { return revoked; }

    /** Set by the observer once it has revoked. */
    public void revoked(int count) { this.revoked = count; }
}
