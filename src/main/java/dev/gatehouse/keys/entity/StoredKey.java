package dev.gatehouse.keys.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A signing key made by Gatehouse: its public JWK, its private JWK sealed under a key derived
 * from {@code SECRET_KEY}, and its life: published from creation, signing from
 * {@code activatesAt}, signing no more from {@code deactivatesAt} (its successor's activation),
 * unpublished from {@code retiresAt} (when the last token it signed has expired).
 */
@Entity
@Table(name = "signing_keys")
public class StoredKey {

    @Id
    private UUID id;

    @Column(nullable = false, length = 16, updatable = false)
    private String algorithm;

    @Column(name = "public_jwk", nullable = false, length = 4000, updatable = false)
    private String publicJwk;

    @Column(name = "private_jwk", nullable = false, length = 8000, updatable = false)
    private String sealedPrivateJwk;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "activates_at", nullable = false, updatable = false)
    private Instant activatesAt;

    @Column(name = "deactivates_at")
    private Instant deactivatesAt;

    @Column(name = "retires_at")
    private Instant retiresAt;

    /** For JPA. */
    protected StoredKey() {
    }

    /**
     * A new key, published from {@code now} and signing from {@code activatesAt}.
     *
     * @param id also the {@code kid}
     * @param sealedPrivateJwk the private JWK, already sealed
     */
    public StoredKey(UUID id, String algorithm, String publicJwk, String sealedPrivateJwk, Instant now, Instant activatesAt) {
        if (activatesAt.isBefore(now)) {
            throw new IllegalArgumentException("a key cannot sign before it exists");
        }
        this.id = id;
        this.algorithm = algorithm;
        this.publicJwk = publicJwk;
        this.sealedPrivateJwk = sealedPrivateJwk;
        this.createdAt = now;
        this.activatesAt = activatesAt;
    }

    /**
     * Hands signing over to a successor that activates at {@code successorActivates}; the key
     * stays published until {@code lastTokenLife} after that, when its last token has expired.
     * A key already replaced keeps its first hand-over.
     */
    public void replaceBy(Instant successorActivates, Duration lastTokenLife) {
        if (deactivatesAt == null) {
            deactivatesAt = successorActivates.isBefore(activatesAt) ? activatesAt : successorActivates;
            retiresAt = deactivatesAt.plus(lastTokenLife);
        }
    }

    /** The key's status at {@code now}. */
    public KeyStatus statusAt(Instant now) {
        return KeyStatus.at(activatesAt, deactivatesAt, retiresAt, now);
    }

    /** The primary key, also the {@code kid}. */
    public UUID id() { return id; }

    /** The JWS algorithm, e.g. {@code ES256}. */
    public String algorithm() { return algorithm; }

    /** The public JWK as JSON. */
    public String publicJwk() { return publicJwk; }

    /** The private JWK, sealed. */
    public String sealedPrivateJwk() { return sealedPrivateJwk; }

    /** When it was made (and published). */
    public Instant createdAt() { return createdAt; }

    /** When it starts signing. */
    public Instant activatesAt() { return activatesAt; }

    /** When it stops signing, or null while it has no successor. */
    public Instant deactivatesAt() { return deactivatesAt; }

    /** When it leaves the key set, or null while it has no successor. */
    public Instant retiresAt() { return retiresAt; }
}
