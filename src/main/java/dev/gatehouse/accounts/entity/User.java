package dev.gatehouse.accounts.entity;

import dev.gatehouse.access.Role;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.validation.EmailAddress;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * An account. The email is stored trimmed and lower-cased and is unique among accounts that are
 * not deleted; deletion is soft, so the row and its history stay. Concurrent edits are detected
 * by the version column.
 */
@Entity
@Table(name = "users")
@NamedQuery(name = User.LIVE_BY_EMAIL,
        query = "select u from User u where u.email = :email and u.deletedAt is null")
@NamedQuery(name = User.COUNT_ACTIVE_ADMINS,
        query = "select count(u) from User u where u.role = dev.gatehouse.access.Role.ADMIN"
                + " and u.active = true and u.deletedAt is null")
public class User {

    /** Finds the account (not deleted) with parameter {@code email}, already normalised. */
    public static final String LIVE_BY_EMAIL = "User.liveByEmail";
    /** Counts active admins that are not deleted. */
    public static final String COUNT_ACTIVE_ADMINS = "User.countActiveAdmins";

    @Id
    private UUID id;

    @Column(nullable = false, length = 320)
    private String email;

    @Column(name = "password_hash", nullable = false, length = 60)
    private String passwordHash;

    @Column(nullable = false, length = 16)
    private Role role;

    @Column(name = "is_active", nullable = false)
    private boolean active;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Column(name = "email_verified", nullable = false)
    private boolean emailVerified;

    @Column(name = "mfa_enabled", nullable = false)
    private boolean mfaEnabled;

    @Version
    private long version;

    /** For JPA. */
    protected User() {
    }

    /** A new active account; {@code email} must already be normalised. */
    public User(String email, String passwordHash, Role role) {
        this.id = UUID.randomUUID();
        this.email = email;
        this.passwordHash = passwordHash;
        this.role = role;
        this.active = true;
    }

    /** Trims and lower-cases an email the way it is stored and compared. */
    public static String normaliseEmail(String email) {
        return EmailAddress.normalise(email);
    }

    @PrePersist
    void stampCreation() {
        createdAt = Timestamps.now();
        updatedAt = createdAt;
    }

    @PreUpdate
    void stampUpdate() {
        updatedAt = Timestamps.now();
    }

    /** Replaces the bcrypt hash (password change or cost upgrade). */
    public void changePasswordHash(String newHash) {
        this.passwordHash = newHash;
    }

    /** Changes the role; callers enforce who may do this. */
    public void changeRole(Role newRole) {
        this.role = newRole;
    }

    /**
     * Changes the normalised email; callers check uniqueness. The new address is unverified: a
     * proof of the old one says nothing about it.
     */
    public void changeEmail(String normalisedEmail) {
        this.email = normalisedEmail;
        this.emailVerified = false;
    }

    /**
     * Marks the current address as proven (a verification link or a reset link mailed to it).
     *
     * @return true if it was not verified before
     */
    public boolean verifyEmail() {
        boolean changed = !emailVerified;
        this.emailVerified = true;
        return changed;
    }

    /**
     * Records that a second factor guards the account (a confirmed TOTP enrolment): logins owe a
     * code from now on.
     *
     * @return true if it was off before
     */
    public boolean enableSecondFactor() {
        boolean changed = !mfaEnabled;
        this.mfaEnabled = true;
        return changed;
    }

    /**
     * Records that no second factor guards the account any more (turned off by its owner, or reset
     * by an admin): a password alone logs in again.
     *
     * @return true if it was on before
     */
    public boolean disableSecondFactor() {
        boolean changed = mfaEnabled;
        this.mfaEnabled = false;
        return changed;
    }

    /** Allows logins, refreshes and bearer tokens again; sessions revoked meanwhile stay revoked. */
    public void activate() {
        this.active = true;
    }

    /** Refuses logins, refreshes and bearer tokens from now on. */
    public void deactivate() {
        this.active = false;
    }

    /**
     * Marks the account deleted at {@code now}; its email becomes free for a new account.
     *
     * @throws IllegalStateException if it is already deleted: a deletion is recorded once
     */
    public void softDelete(Instant now) {
        if (deletedAt != null) {
            throw new IllegalStateException("already deleted");
        }
        this.deletedAt = now;
    }

    /**
     * Undoes a soft delete; callers check that the email is still free.
     *
     * @throws IllegalStateException if it is not deleted
     */
    public void restore() {
        if (deletedAt == null) {
            throw new IllegalStateException("not deleted");
        }
        this.deletedAt = null;
    }

    /** True when the account may authenticate: active and not deleted. */
    public boolean canAuthenticate() {
        return active && deletedAt == null;
    }

    /** The primary key. */
    public UUID id() { return id; }

    /** The normalised email. */
    public String email() { return email; }

    /** The bcrypt hash; never leaves the service layer. */
    public String passwordHash() { return passwordHash; }

    /** The role. */
    public Role role() { return role; }

    /** Whether the account is active. */
    public boolean active() { return active; }

    /** When the account was created. */
    public Instant createdAt() { return createdAt; }

    /** When the account last changed. */
    public Instant updatedAt() { return updatedAt; }

    /** When the account was deleted, or {@code null}. */
    public Instant deletedAt() { return deletedAt; }

    /** Whether the owner proved the current address by a mailed link. */
    public boolean emailVerified() { return emailVerified; }

    /** Whether a second factor (TOTP) guards the account. */
    public boolean mfaEnabled() { return mfaEnabled; }

    /** The optimistic-lock version. */
    public long version() { return version; }
}
