package dev.gatehouse.accounts.control;

import java.util.Locale;

/** Why an account change ends the account's sessions; the wire name is stored on each session it revokes. */
public enum SessionEndReason {
    /** The account was deactivated. */
    USER_DEACTIVATED,
    /** The account was deleted. */
    USER_DELETED,
    /** The password was set through a reset link. */
    PASSWORD_RESET,
    /** A second factor was turned on; the session that did it stays. */
    MFA_ENABLED,
    /** An admin turned the second factor off (lost device): sessions on that device must not outlive it. */
    MFA_RESET;

    /** The name stored on a revoked session, e.g. {@code user_deactivated}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
