package dev.gatehouse.sessions.control;

import dev.gatehouse.accounts.control.Account;
import java.util.List;

/**
 * The outcome of presenting a refresh token: rotated (for this account), or refused, and if
 * refused whether it was reuse (the session is revoked and the revocation is committed).
 *
 * @param account the session's owner when rotated, else null
 * @param amr how the session's login was authenticated (RFC 8176) when rotated, else null
 * @param reuse true when a superseded token revoked the session
 */
public record Rotation(Account account, List<String> amr, boolean reuse) {

    /** The token was current: rotated. */
    static Rotation rotated(Account account, List<String> amr) {
        return new Rotation(account, amr, false);
    }

    /** The token was refused; {@code reuse} says whether it revoked its session. */
    static Rotation refused(boolean reuse) {
        return new Rotation(null, null, reuse);
    }

    /** True when the token was rotated. */
    public boolean succeeded() {
        return account != null;
    }
}
