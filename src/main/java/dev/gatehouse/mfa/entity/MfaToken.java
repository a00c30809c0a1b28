package dev.gatehouse.mfa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The proof that a login got past the password and now owes a second factor: the
 * {@code mfa_token} of the first step, of which only a hash is kept. It works once, until it
 * expires, and dies after {@link #MAX_WRONG_CODES} wrong codes, so one password check buys a
 * handful of guesses, never a brute force of the code space.
 */
@Entity
@Table(name = "mfa_tokens")
@NamedQuery(name = MfaToken.BY_HASH, query = "select t from MfaToken t where t.tokenHash = :hash")
public class MfaToken {

    /** Finds the token with parameter {@code hash}. */
    public static final String BY_HASH = "MfaToken.byHash";

    /** Wrong codes a token survives less one: the fifth wrong code kills it (API.md). */
    public static final int MAX_WRONG_CODES = 5;

    @Id
    private UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "token_hash", nullable = false, length = 64, updatable = false)
    private String tokenHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    @Column(name = "wrong_attempts", nullable = false)
    private int wrongAttempts;

    @Column(name = "used_at")
    private Instant usedAt;

    /** For JPA. */
    protected MfaToken() {
    }

    /** A new live token of {@code userId} whose text hashes to {@code tokenHash}, good until {@code expiresAt}. */
    public MfaToken(UUID userId, String tokenHash, Instant now, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.tokenHash = tokenHash;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    /** True when a code may still be tried with this token at {@code now}: unused, unexpired, not dead of wrong codes. */
    public boolean usableAt(Instant now) {
        return usedAt == null && wrongAttempts < MAX_WRONG_CODES && expiresAt.isAfter(now);
    }

    /**
     * Counts a wrong code.
     *
     * @return true if the token is now dead (the fifth wrong code)
     */
    public boolean wrongCode() {
        wrongAttempts++;
        return wrongAttempts >= MAX_WRONG_CODES;
    }

    /**
     * Spends the token on a login.
     *
     * @throws IllegalStateException if it was used before
     */
    public void use(Instant now) {
        if (usedAt != null) {
            throw new IllegalStateException("mfa token already used");
        }
        this.usedAt = now;
    }

    /** The primary key. */
    public UUID id() { return id; }

    /** Whose login it continues. */
    public UUID userId() { return userId; }

    /** When the first step made it. */
    public Instant createdAt() { return createdAt; }

    /** When it stops working. */
    public Instant expiresAt() { return expiresAt; }

    /** Wrong codes tried with it so far. */
    public int wrongAttempts() { return wrongAttempts; }

    /** When it was used, or null. */
    public Instant usedAt() { return usedAt; }
}
