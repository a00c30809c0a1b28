package dev.gatehouse.keys.boundary;

import jakarta.validation.constraints.NotNull;
import dev.gatehouse.keys.control.KeyRecord;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A signing key on the wire: never key material, only its name and life.
 *
 * @param kid the key id tokens name in their header
 * @param alg the JWS algorithm
 * @param status {@code next}, {@code active}, {@code retiring} or {@code retired}
 * @param createdAt when it was made and published
 * @param activatesAt when it starts (or started) signing
 * @param retiresAt when it leaves the key set, or null while it has no successor
 */
public record SigningKeyView(@NotNull String kid, @NotNull @Schema(enumeration = {"RS256", "ES256", "EdDSA"}) String alg,
                             @NotNull @Schema(enumeration = {"next", "active", "retiring", "retired"}) String status, @NotNull Instant createdAt,
                             @NotNull Instant activatesAt, @Schema(nullable = true) Instant retiresAt) {

    /** The wire form of {@code key} at {@code now}. */
    static SigningKeyView of(KeyRecord key, Instant now) {
        return new SigningKeyView(key.id().toString(), key.algorithm(), key.status(now).wireName(), key.createdAt(),
                key.activatesAt(), key.retiresAt());
    }
}
