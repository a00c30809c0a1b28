package dev.gatehouse.accounts.control;

import java.util.UUID;

/**
 * What accounts asks of the sessions of an account, when a change must end them (deactivation,
 * deletion, a password reset, a second factor turned on or reset). Owned here, implemented by the
 * sessions component (which depends on accounts, not the reverse), and called inside the
 * transaction of the change, so the change and its effect commit together or not at all.
 */
public interface AccountSessions {

    /**
     * Ends every live session of {@code userId} but {@code keep} (may be null), in the caller's transaction.
     *
     * @return how many sessions ended
     */
    int endAll(UUID userId, SessionEndReason reason, UUID keep);
}
