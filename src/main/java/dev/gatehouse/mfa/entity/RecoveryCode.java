package dev.gatehouse.mfa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One recovery code of a user: the code stands in for the authenticator app once, when the device
 * is lost. Only a hash is kept; a used code stays as a record and never works again.
 */
@Entity
@Table(name = "recovery_codes")
@NamedQuery(name = RecoveryCode.UNUSED_OF_USER,
        query = "select c from RecoveryCode c where c.userId = :userId and c.usedAt is null order by c.id")
@NamedQuery(name = RecoveryCode.DELETE_OF_USER, query = "delete from RecoveryCode c where c.userId = :userId")
public class RecoveryCode {

    /** The unused codes of parameter {@code userId}. */
    public static final String UNUSED_OF_USER = "RecoveryCode.unusedOfUser";
    /** Deletes every code of parameter {@code userId}, used or not. */
    public static final String DELETE_OF_USER = "RecoveryCode.deleteOfUser";

    @Id
    private UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "code_hash", nullable = false, length = 64, updatable = false)
    private String codeHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "used_at")
    private Instant usedAt;

    /** For JPA. */
    protected RecoveryCode() {
    }

    /** A new unused code of {@code userId}, of which only {@code codeHash} is known. */
    public RecoveryCode(UUID userId, String codeHash, Instant now) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.codeHash = codeHash;
        this.createdAt = now;
    }

    /**
     * Spends the code.
     *
     * @throws IllegalStateException if it was used before: a code works once
     */
    public void use(Instant now) {
        if (usedAt != null) {
            throw new IllegalStateException("recovery code already used");
        }
        this.usedAt = now;
    }

    /** The primary key. */
    public UUID id() { return id; }

    /** The owner. */
    public UUID userId() { return userId; }

    /** The stored hash of the code. */
    public String codeHash() { return codeHash; }

    /** When it was made. */
    public Instant createdAt() { return createdAt; }

    /** When it was used, or null. */
    public Instant usedAt() { return usedAt; }
}
