package dev.gatehouse.sessions.boundary;

import dev.gatehouse.access.Caller;
import dev.gatehouse.sessions.control.SessionState;

/**
 * The caller as the bearer mechanism established it, with the session state it read to do so:
 * {@code GET /api/auth/me} answers from that same read, so a request reads its session state once.
 */
public final class SessionCaller extends Caller {

    private static final long serialVersionUID = 1L;

    private final transient SessionState state;

    /** The caller of {@code state}'s live session, owing a second factor or not. */
    SessionCaller(SessionState state, boolean secondFactorPending) {
        super(state.account().id(), state.account().role(), state.sessionId(), secondFactorPending);
        this.state = state;
    }

    /** The session state the bearer check read for this request. */
    public SessionState state() {
        return state;
    }

    /** Same as {@link Caller#equals}: the state is what the caller was read from, not who it is. */
    @Override
    public boolean equals(Object other) {
        return super.equals(other);
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
