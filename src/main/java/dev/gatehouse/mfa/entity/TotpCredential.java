package dev.gatehouse.mfa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's authenticator-app credential: the secret in use (once an enrolment is confirmed), a
 * secret handed out and not yet confirmed, and the RFC 6238 time step of the last code accepted.
 * Secrets are held sealed (the entity never sees them in clear). The replay rule lives here: a code
 * counts only for a time step later than the last accepted one, and the row is locked while that is
 * decided, so one code cannot be used twice, not even by two nodes at the same moment.
 */
@Entity
@Table(name = "totp_credentials")
public class TotpCredential {

    @Id
    @Column(name = "user_id")
    private UUID userId;

    @Column(name = "sealed_secret", length = 255)
    private String sealedSecret;

    @Column(name = "pending_secret", length = 255)
    private String pendingSecret;

    @Column(name = "pending_since")
    private Instant pendingSince;

    @Column(name = "enabled_at")
    private Instant enabledAt;

    @Column(name = "last_used_step")
    private Long lastUsedStep;

    /** For JPA. */
    protected TotpCredential() {
    }

    /** An empty credential of {@code userId}: nothing pending, nothing enabled. */
    public TotpCredential(UUID userId) {
        this.userId = userId;
    }

    /**
     * Hands out a new secret to be confirmed; a secret pending before is forgotten (only the newest
     * one scanned can be confirmed).
     *
     * @throws IllegalStateException if TOTP is already on: turn it off first
     */
    public void startEnrolment(String sealedPendingSecret, Instant now) {
        if (enabled()) {
            throw new IllegalStateException("TOTP is already enabled");
        }
        this.pendingSecret = sealedPendingSecret;
        this.pendingSince = now;
    }

    /**
     * Turns TOTP on with the pending secret, whose code for {@code step} the owner just typed: that
     * step counts as used, so the same code cannot log in afterwards.
     *
     * @throws IllegalStateException if nothing is pending
     */
    public void confirm(long step, Instant now) {
        if (pendingSecret == null) {
            throw new IllegalStateException("no enrolment pending");
        }
        this.sealedSecret = pendingSecret;
        this.pendingSecret = null;
        this.pendingSince = null;
        this.enabledAt = now;
        this.lastUsedStep = step;
    }

    /**
     * Accepts a code of time step {@code step} if no code of this or a later step was accepted
     * before (RFC 6238 section 5.2: a verifier must not accept the second attempt of the same OTP).
     *
     * @return true if accepted and recorded, false for a replay
     */
    public boolean accept(long step) {
        if (lastUsedStep != null && step <= lastUsedStep) {
            return false;
        }
        this.lastUsedStep = step;
        return true;
    }

    /** True once an enrolment has been confirmed. */
    public boolean enabled() {
        return sealedSecret != null;
    }

    /** True while a secret handed out waits for its first code. */
    public boolean pending() {
        return pendingSecret != null;
    }

    /** The owner's user id, also the associated data the secrets are sealed with. */
    public UUID userId() { return userId; }

    /** The sealed secret in use, or null while TOTP is off. */
    public String sealedSecret() { return sealedSecret; }

    /** The sealed secret waiting for confirmation, or null. */
    public String pendingSecret() { return pendingSecret; }

    /** When the pending secret was handed out, or null. */
    public Instant pendingSince() { return pendingSince; }

    /** When TOTP was turned on, or null. */
    public Instant enabledAt() { return enabledAt; }

    /** The time step of the last accepted code, or null if none was accepted yet. */
    public Long lastUsedStep() { return lastUsedStep; }
}
