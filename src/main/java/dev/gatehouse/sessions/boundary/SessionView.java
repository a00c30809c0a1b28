package dev.gatehouse.sessions.boundary;

import dev.gatehouse.sessions.control.SessionInfo;
import java.time.Instant;

/**
 * A live session on the wire.
 *
 * @param id the session id
 * @param createdAt the login time
 * @param lastUsedAt the last refresh
 * @param expiresAt when the refresh token expires
 * @param ipAddress the client address at login
 * @param userAgent the client's user agent at login
 * @param current true only for the session of the calling token
 */
public record SessionView(String id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String ipAddress,
                          String userAgent, boolean current) {

    /** The wire form of {@code session}. */
    static SessionView of(SessionInfo session) {
        return new SessionView(session.id().toString(), session.createdAt(), session.lastUsedAt(), session.expiresAt(),
                session.ipAddress(), session.userAgent(), session.current());
    }
}
