package dev.gatehouse.sessions.control;

import dev.gatehouse.sessions.entity.Session;
import java.time.Instant;
import java.util.UUID;

/**
 * A live session as its owner (or an admin) sees it.
 *
 * @param id the session id
 * @param createdAt the login time
 * @param lastUsedAt the last refresh
 * @param expiresAt when the refresh token expires
 * @param ipAddress the client address at login
 * @param userAgent the client's user agent at login
 * @param current true only for the session of the calling token
 */
public record SessionInfo(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String ipAddress,
                          String userAgent, boolean current) {

    /** The view of {@code session}; {@code callerSession} marks the current one. */
    static SessionInfo of(Session session, UUID callerSession) {
        return new SessionInfo(session.id(), session.createdAt(), session.lastUsedAt(), session.expiresAt(),
                session.ipAddress(), session.userAgent(), session.id().equals(callerSession));
    }
}
