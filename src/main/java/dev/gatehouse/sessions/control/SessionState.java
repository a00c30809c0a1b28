package dev.gatehouse.sessions.control;

import dev.gatehouse.accounts.control.Account;
import java.time.Instant;
import java.util.UUID;

/**
 * What the bearer check needs to know about a session, and what {@code GET /api/auth/me}
 * answers: the session's liveness and its owner's account, read together in one query.
 *
 * @param sessionId the session
 * @param account its owner as the database has it now (role, status, email), or null if unknown
 * @param revoked the session was revoked
 * @param expiresAt when the session's refresh token expires
 */
public record SessionState(UUID sessionId, Account account, boolean revoked, Instant expiresAt) {

    /** A session that does not exist: never live. */
    public static SessionState unknown(UUID sessionId) {
        return new SessionState(sessionId, null, true, Instant.EPOCH);
    }

    /** True when tokens of this session are honoured at {@code now}: live session, owner may authenticate. */
    public boolean liveAt(Instant now) {
        return !revoked && account != null && account.canAuthenticate() && expiresAt.isAfter(now);
    }

    /** True when the session belongs to {@code userId}. */
    public boolean ownedBy(UUID userId) {
        return account != null && account.id().equals(userId);
    }

}
