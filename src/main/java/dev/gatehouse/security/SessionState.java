package dev.gatehouse.security;

import dev.gatehouse.model.Role;
import java.time.Instant;
import java.util.UUID;

/**
 * What the bearer check needs to know about a session, read from the database on a cache miss.
 *
 * @param userId the session's owner
 * @param role the owner's current role (not the one in the token)
 * @param usable the session is not revoked and its owner is active and not deleted
 * @param expiresAt when the session's refresh token expires
 */
public record SessionState(UUID userId, Role role, boolean usable, Instant expiresAt) {

    /** A session that is gone for good: revoked sessions never come back. */
    public static SessionState revoked(UUID userId) {
        return new SessionState(userId, Role.GUEST, false, Instant.EPOCH);
    }

    /** True when tokens of this session are honoured at {@code now}. */
    public boolean liveAt(Instant now) {
        return usable && expiresAt.isAfter(now);
    }
}
