package dev.gatehouse.sessions.control;

import dev.gatehouse.accounts.control.Account;

/**
 * The outcome of presenting a refresh token: rotated (for this account), or refused, and if
 * refused whether it was reuse (the session is revoked and the revocation is committed).
 *
 * @param account the session's owner when rotated, else null
 * @param reuse true when a superseded token revoked the session
 */
public record Rotation(Account account, boolean reuse) {

    /** The token was current: rotated. */
    static Rotation rotated(Account account) {
        return new Rotation(account, false);
    }

    /** The token was refused; {@code reuse} says whether it revoked its session. */
    static Rotation refused(boolean reuse) {
        return new Rotation(null, reuse);
    }

    /** True when the token was rotated. */
    public boolean succeeded() {
        return account != null;
    }
}
