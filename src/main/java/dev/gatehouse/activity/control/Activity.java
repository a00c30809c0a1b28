package dev.gatehouse.activity.control;

import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.activity.entity.ActivityEntry;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the activity log as the log answers it.
 *
 * @param id the entry id
 * @param userId the actor, or null when unknown
 * @param action what happened
 * @param ipAddress the client address
 * @param userAgent the client's user agent
 * @param detailsJson the details, a JSON object text without secrets
 * @param createdAt when it happened
 */
public record Activity(UUID id, UUID userId, Action action, String ipAddress, String userAgent, String detailsJson,
                       Instant createdAt) {

    /** The entry as a value. */
    static Activity of(ActivityEntry entry) {
        return new Activity(entry.id(), entry.userId(), entry.action(), entry.ipAddress(), entry.userAgent(),
                entry.details(), entry.createdAt());
    }
}
