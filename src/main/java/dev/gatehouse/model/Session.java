package dev.gatehouse.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One login of one user on one client. It holds only a hash of the current refresh token; every
 * refresh replaces that hash, so a token seen again after rotation is recognisably stale.
 * A revoked session stays as a record and never comes back to life.
 */
@Entity
@Table(name = "sessions")
@NamedQuery(name = Session.LIVE_OF_USER,
        query = "select s from Session s where s.user.id = :userId and s.revokedAt is null and s.expiresAt > :now")
public class Session {

    /** Live sessions of parameter {@code userId} at parameter {@code now}. */
    public static final String LIVE_OF_USER = "Session.liveOfUser";

    @Id
    private UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false, updatable = false)
    private User user;

    @Column(name = "refresh_token_hash", nullable = false, length = 64)
    private String refreshTokenHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "last_used_at", nullable = false)
    private Instant lastUsedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoke_reason", length = 32)
    private String revokeReason;

    @Column(name = "ip_address", length = 45)
    private String ipAddress;

    @Column(name = "user_agent", length = 512)
    private String userAgent;

    /** For JPA. */
    protected Session() {
    }

    /**
     * A new live session; the refresh token hash is set by {@link #rotate} before it is first
     * persisted, because the token embeds this session's id.
     */
    public Session(UUID id, User user, Instant now, Instant expiresAt, String ipAddress, String userAgent) {
        this.id = id;
        this.user = user;
        this.createdAt = now;
        this.lastUsedAt = now;
        this.expiresAt = expiresAt;
        this.ipAddress = ipAddress;
        this.userAgent = userAgent;
    }

    /** True when the session can still be refreshed and its access tokens honoured. */
    public boolean isLive(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }

    /** Replaces the refresh token hash and slides the expiry; the old token is dead from now on. */
    public void rotate(String newTokenHash, Instant now, Instant newExpiry) {
        this.refreshTokenHash = newTokenHash;
        this.lastUsedAt = now;
        this.expiresAt = newExpiry;
    }

    /** Ends the session for good; a second revoke keeps the first reason. */
    public void revoke(String reason, Instant now) {
        if (revokedAt == null) {
            this.revokedAt = now;
            this.revokeReason = reason;
        }
    }

    /** The primary key, also the {@code sid} claim of access tokens. */
    public UUID id() { return id; }

    /** The owner. */
    public User user() { return user; }

    /** SHA-256 hex of the current refresh token. */
    public String refreshTokenHash() { return refreshTokenHash; }

    /** When the login happened. */
    public Instant createdAt() { return createdAt; }

    /** When the session was last refreshed. */
    public Instant lastUsedAt() { return lastUsedAt; }

    /** When the current refresh token stops working. */
    public Instant expiresAt() { return expiresAt; }

    /** When the session was revoked, or {@code null}. */
    public Instant revokedAt() { return revokedAt; }

    /** Why the session was revoked (logout, reuse, ...), or {@code null}. */
    public String revokeReason() { return revokeReason; }

    /** The client address at login. */
    public String ipAddress() { return ipAddress; }

    /** The client's user agent at login, cut to 512 characters. */
    public String userAgent() { return userAgent; }
}
