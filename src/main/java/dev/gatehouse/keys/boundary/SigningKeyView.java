package dev.gatehouse.keys.boundary;

import dev.gatehouse.keys.control.KeyRecord;
import java.time.Instant;

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
public record SigningKeyView(String kid, String alg, String status, Instant createdAt, Instant activatesAt,
                             Instant retiresAt) {

    /** The wire form of {@code key} at {@code now}. */
    static SigningKeyView of(KeyRecord key, Instant now) {
        return new SigningKeyView(key.id().toString(), key.algorithm(), key.status(now).wireName(), key.createdAt(),
                key.activatesAt(), key.retiresAt());
    }
}
