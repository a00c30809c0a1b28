package dev.gatehouse.api;

import static dev.gatehouse.util.JsonSupport.JSON;

import dev.gatehouse.model.ActivityLog;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;

/**
 * An activity entry.
 *
 * @param id the entry id
 * @param userId the actor, or null when unknown
 * @param action the dotted action name
 * @param ipAddress the client address
 * @param userAgent the client's user agent
 * @param details a JSON object without secrets
 * @param createdAt when it happened
 */
public record ActivityView(String id, String userId, String action, String ipAddress, String userAgent,
                           JsonObject details, Instant createdAt) {

    /** The view of {@code entry}. */
    public static ActivityView of(ActivityLog entry) {
        JsonObject details;
        try (JsonReader reader = JSON.createReader(new StringReader(entry.details()))) {
            details = reader.readObject();
        }
        return new ActivityView(entry.id().toString(), entry.userId() == null ? null : entry.userId().toString(),
                entry.action(), entry.ipAddress(), entry.userAgent(), details, entry.createdAt());
    }
}
