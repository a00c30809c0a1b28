package dev.gatehouse.activity.boundary;

import jakarta.validation.constraints.NotNull;
import static dev.gatehouse.platform.json.JsonSupport.JSON;

import dev.gatehouse.activity.control.Activity;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An activity entry on the wire.
 *
 * @param id the entry id
 * @param userId the actor, or null when unknown
 * @param action the dotted action name
 * @param ipAddress the client address
 * @param userAgent the client's user agent
 * @param details a JSON object without secrets
 * @param createdAt when it happened
 */
public record ActivityView(@NotNull @Schema(format = "uuid") String id, @Schema(format = "uuid", nullable = true) String userId,
                           @NotNull @Schema(pattern = "^[a-z_]+\\.[a-z_]+$") String action, @Schema(nullable = true) String ipAddress,
                           @Schema(nullable = true) String userAgent,
                           @NotNull JsonObject details, @NotNull Instant createdAt) {

    /** The wire form of {@code entry}. */
    public static ActivityView of(Activity entry) {
        JsonObject details;
        try (JsonReader reader = JSON.createReader(new StringReader(entry.detailsJson()))) {
            details = reader.readObject();
        }
        return new ActivityView(entry.id().toString(), entry.userId() == null ? null : entry.userId().toString(),
                entry.action().wireName(), entry.ipAddress(), entry.userAgent(), details, entry.createdAt());
    }
}
