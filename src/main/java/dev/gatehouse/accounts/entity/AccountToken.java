package dev.gatehouse.accounts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A single-use token mailed to an account (password reset or email verification). Only the
 * SHA-256 of the token is kept, so a copy of the database opens no account. A token works once,
 * before it expires, and only while it has not been revoked (superseded by a newer one, killed by
 * a password or email change); the entity decides that, the services only ask.
 */
@Entity
@Table(name = "account_tokens")
@NamedQuery(name = AccountToken.BY_HASH,
        query = "select t from AccountToken t where t.tokenHash = :hash")
@NamedQuery(name = AccountToken.LIVE_OF_USER,
        query = "select t from AccountToken t where t.userId = :userId and t.purpose = :purpose"
                + " and t.usedAt is null and t.revokedAt is null")
@NamedQuery(name = AccountToken.COUNT_SENT_SINCE,
        query = "select count(t) from AccountToken t where t.email = :email and t.purpose = :purpose"
                + " and t.createdAt >= :since")
@NamedQuery(name = AccountToken.OLDEST_SENT_SINCE,
        query = "select min(t.createdAt) from AccountToken t where t.email = :email and t.purpose = :purpose"
                + " and t.createdAt >= :since")
public class AccountToken {

    /** Finds the token with parameter {@code hash}. */
    public static final String BY_HASH = "AccountToken.byHash";
    /** The tokens of {@code userId} for {@code purpose} (its stored value) that are neither used nor revoked. */
    public static final String LIVE_OF_USER = "AccountToken.liveOfUser";
    /** Counts tokens of {@code purpose} mailed to {@code email} since {@code since}. */
    public static final String COUNT_SENT_SINCE = "AccountToken.countSentSince";
    /** The oldest creation time of tokens of {@code purpose} mailed to {@code email} since {@code since}. */
    public static final String OLDEST_SENT_SINCE = "AccountToken.oldestSentSince";

    @Id
    private UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(nullable = false, length = 32, updatable = false)
    private String purpose;

    @Column(name = "token_hash", nullable = false, length = 64, updatable = false)
    private String tokenHash;

    @Column(nullable = false, length = 320, updatable = false)
    private String email;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoke_reason", length = 32)
    private String revokeReason;

    /** For JPA. */
    protected AccountToken() {
    }

    /**
     * A new live token.
     *
     * @param userId the account it opens
     * @param purpose what it is good for
     * @param tokenHash SHA-256 hex of the token mailed
     * @param email the normalised address it is mailed to
     * @param createdAt now, truncated to microseconds
     * @param expiresAt when it stops working
     */
    public AccountToken(UUID userId, TokenPurpose purpose, String tokenHash, String email, Instant createdAt,
                        Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.purpose = purpose.stored();
        this.tokenHash = tokenHash;
        this.email = email;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** True when the token may still be redeemed at {@code now}: not used, not revoked, not expired. */
    public boolean usableAt(Instant now) {
        return usedAt == null && revokedAt == null && now.isBefore(expiresAt);
    }

    /**
     * Redeems the token: it never works again.
     *
     * @throws IllegalStateException if it is not usable at {@code now}: callers check first
     */
    public void use(Instant now) {
        if (!usableAt(now)) {
            throw new IllegalStateException("token not usable");
        }
        this.usedAt = now;
    }

    /**
     * Revokes the token: it never works again. A used or revoked token keeps its first ending.
     *
     * @param reason why ({@code superseded}, {@code password_changed}, ...)
     */
    public void revoke(Instant now, String reason) {
        if (usedAt == null && revokedAt == null) {
            this.revokedAt = now;
            this.revokeReason = reason;
        }
    }

    /** The primary key. */
    public UUID id() { return id; }

    /** The account it opens. */
    public UUID userId() { return userId; }

    /** What it is good for. */
    public TokenPurpose purpose() { return TokenPurpose.fromStored(purpose); }

    /** The address it was mailed to. */
    public String email() { return email; }

    /** When it was made. */
    public Instant createdAt() { return createdAt; }

    /** When it stops working. */
    public Instant expiresAt() { return expiresAt; }

    /** When it was redeemed, or null. */
    public Instant usedAt() { return usedAt; }

    /** When it was revoked, or null. */
    public Instant revokedAt() { return revokedAt; }

    /** Why it was revoked ({@code superseded}, {@code password_changed}, ...), or null. */
    public String revokeReason() { return revokeReason; }
}
