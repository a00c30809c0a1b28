package dev.gatehouse.keys.control;

import dev.gatehouse.keys.entity.KeyStatus;
import dev.gatehouse.keys.entity.StoredKey;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored signing key as the key service hands it out: public JWK, sealed private JWK and its
 * life cycle.
 *
 * @param id the key id, also the {@code kid}
 * @param algorithm the JWS algorithm
 * @param publicJwk the public JWK as JSON
 * @param sealedPrivateJwk the private JWK, sealed under a key derived from {@code SECRET_KEY}
 * @param createdAt when it was made and published
 * @param activatesAt when it starts signing
 * @param deactivatesAt when it stops signing, or null
 * @param retiresAt when it leaves the key set, or null
 */
public record KeyRecord(UUID id, String algorithm, String publicJwk, String sealedPrivateJwk, Instant createdAt,
                        Instant activatesAt, Instant deactivatesAt, Instant retiresAt) {

    /** The row as a value. */
    static KeyRecord of(StoredKey key) {
        return new KeyRecord(key.id(), key.algorithm(), key.publicJwk(), key.sealedPrivateJwk(), key.createdAt(),
                key.activatesAt(), key.deactivatesAt(), key.retiresAt());
    }

    /** The status at {@code now}. */
    public KeyStatus status(Instant now) {
        return KeyStatus.at(activatesAt, deactivatesAt, retiresAt, now);
    }
}
