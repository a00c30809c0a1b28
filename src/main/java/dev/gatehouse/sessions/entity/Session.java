package dev.gatehouse.sessions.entity;

import dev.gatehouse.accounts.entity.User;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One login of one user on one client. It holds only a hash of the current refresh token and
 * decides what a presented token means: the current one rotates the session, a superseded one is
 * reuse (theft) and revokes it, anything presented to a dead session is refused. A revoked
 * session stays as a record and never comes back to life. It remembers how its login was
 * authenticated (RFC 8176 {@code amr}), so every access token of the session says the same.
 */
@Entity
@Table(name = "sessions")
@NamedQuery(name = Session.LIVE_OF_USER,
        query = "select s from Session s where s.user.id = :userId and s.revokedAt is null and s.expiresAt > :now")
public class Session {

    /** Live sessions of parameter {@code userId} at parameter {@code now}. */
    public static final String LIVE_OF_USER = "Session.liveOfUser";

    /** Revocation reason: the owner logged out. */
    public static final String LOGOUT = "logout";
    /** Revocation reason: the owner logged out everywhere. */
    public static final String LOGOUT_ALL = "logout_all";
    /** Revocation reason: a superseded refresh token was presented. */
    public static final String REUSE = "refresh_reuse";
    /** Revocation reason: the owner changed the password. */
    public static final String PASSWORD_CHANGED = "password_changed";
    /** Revocation reason: revoked through {@code DELETE /api/sessions/{id}}. */
    public static final String REVOKED = "revoked";
    /** The longest {@code amr} text the column holds. */
    private static final int MAX_AMR = 32;

    /** What a presented refresh token is to this session. */
    public enum Presentation {
        /** The current token of a live session: rotated. */
        CURRENT,
        /** A token this session had before: reuse, the session is revoked. */
        SUPERSEDED,
        /** The session is revoked or expired, or its owner may not authenticate: refused, nothing changes. */
        DEAD
    }

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

    @Column(name = "amr", nullable = false, length = MAX_AMR, updatable = false)
    private String amr;

    /** For JPA. */
    protected Session() {
    }

    /**
     * A new live session. Its id is chosen by the caller because the first refresh token embeds it.
     *
     * @param refreshTokenHash the hash of the first refresh token
     * @param amr how the login was authenticated, RFC 8176 values such as {@code pwd} and {@code otp}
     * @throws IllegalArgumentException for no method, or more than the column holds
     */
    public Session(UUID id, User user, String refreshTokenHash, Instant now, Instant expiresAt, String ipAddress,
                   String userAgent, List<String> amr) {
        String methods = String.join(" ", amr);
        if (amr.isEmpty() || methods.length() > MAX_AMR) {
            throw new IllegalArgumentException("amr must name one to a few methods: " + amr);
        }
        this.amr = methods;
        this.id = id;
        this.user = user;
        this.refreshTokenHash = refreshTokenHash;
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

    /** What {@code presentedHash} is to this session at {@code now}; changes nothing. */
    public Presentation judge(String presentedHash, Instant now) {
        if (!isLive(now) || !user.canAuthenticate()) {
            return Presentation.DEAD;
        }
        boolean current = MessageDigest.isEqual(presentedHash.getBytes(StandardCharsets.US_ASCII),
                refreshTokenHash.getBytes(StandardCharsets.US_ASCII));
        return current ? Presentation.CURRENT : Presentation.SUPERSEDED;
    }

    /**
     * Acts on a presented refresh token: the current one is replaced by {@code newHash} and the
     * expiry slides to {@code newExpiry}; a superseded one revokes the session (reuse); a dead
     * session stays as it is. The presented token is dead afterwards in every case.
     */
    public Presentation rotate(String presentedHash, String newHash, Instant now, Instant newExpiry) {
        Presentation presentation = judge(presentedHash, now);
        switch (presentation) {
            case CURRENT -> {
                refreshTokenHash = newHash;
                lastUsedAt = now;
                expiresAt = newExpiry;
            }
            case SUPERSEDED -> revoke(REUSE, now);
            case DEAD -> {
                // nothing to change: refused as it is
            }
        }
        return presentation;
    }

    /**
     * Ends the session for good; a second revoke keeps the first reason.
     *
     * @return true if this call revoked it, false if it was already revoked
     */
    public boolean revoke(String reason, Instant now) {
        if (revokedAt != null) {
            return false;
        }
        this.revokedAt = now;
        this.revokeReason = reason;
        return true;
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

    /** How the login was authenticated (RFC 8176), e.g. {@code [pwd, otp]}; the {@code amr} of every token of the session. */
    public List<String> amr() { return Arrays.asList(amr.split(" ")); }
}
