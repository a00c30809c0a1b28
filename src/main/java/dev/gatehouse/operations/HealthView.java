package dev.gatehouse.operations;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code /api/health/live} and {@code /api/health/ready}.
 *
 * @param status {@code UP} or {@code DOWN}
 * @param checks each dependency's state (readiness only)
 * @param version {@code APP_VERSION} (readiness only)
 */
@Schema(name = "Health")
public record HealthView(@NotNull @Schema(enumeration = {"UP", "DOWN"}) String status,
                         @JsonbNillable(false) Map<String, String> checks, @JsonbNillable(false) String version) {

    /** What liveness always answers. */
    static final HealthView LIVE = new HealthView("UP", null, null);

    /** The readiness of a node whose database is {@code up} or not. */
    static HealthView ready(boolean up, String version) {
        String state = up ? "UP" : "DOWN";
        return new HealthView(state, Map.of("database", state), version);
    }
}
