package dev.gatehouse.sessions.boundary;

import jakarta.validation.constraints.NotNull;
import dev.gatehouse.sessions.control.SessionInfo;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
public record SessionView(@NotNull @Schema(format = "uuid") String id, @NotNull Instant createdAt, @NotNull Instant lastUsedAt, @NotNull Instant expiresAt,
                          @Schema(nullable = true) String ipAddress, @Schema(nullable = true) String userAgent, @NotNull boolean current) {

    /** The wire form of {@code session}. */
    static SessionView of(SessionInfo session) {
        return new SessionView(session.id().toString(), session.createdAt(), session.lastUsedAt(), session.expiresAt(),
                session.ipAddress(), session.userAgent(), session.current());
    }
}
