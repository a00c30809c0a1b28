package dev.gatehouse.activity.entity;

import java.util.Optional;

/**
 * Every security event the activity log records, with its wire name exactly as API.md lists it.
 * The names are stable forever: clients filter on them and entries keep them.
 */
public enum Action {
    /** Someone registered an account (the actor is the new user). */
    USER_REGISTERED("user.registered"),
    /** A login succeeded and opened a session. */
    LOGIN("auth.login"),
    /** A login, a password check or a second factor failed for an email. */
    LOGIN_FAILED("auth.login_failed"),
    /** A login was refused because its email is locked. */
    LOGIN_THROTTLED("auth.login_throttled"),
    /** A refresh token was rotated. */
    REFRESH("auth.refresh"),
    /** A refresh token already rotated away was presented: the session was revoked. */
    REFRESH_REUSE_DETECTED("auth.refresh_reuse_detected"),
    /** The caller ended its session. */
    LOGOUT("auth.logout"),
    /** The caller ended all its sessions. */
    LOGOUT_ALL("auth.logout_all"),
    /** The caller changed its password. */
    PASSWORD_CHANGED("auth.password_changed"),
    /** A password reset was asked for an email (known or not). */
    PASSWORD_RESET_REQUESTED("auth.password_reset_requested"),
    /** A password was set through a reset link. */
    PASSWORD_RESET("auth.password_reset"),
    /** TOTP was turned on. */
    MFA_ENABLED("auth.mfa_enabled"),
    /** TOTP was turned off by its owner. */
    MFA_DISABLED("auth.mfa_disabled"),
    /** A wrong second-factor code was given. */
    MFA_FAILED("auth.mfa_failed"),
    /** A recovery code was used instead of a TOTP code. */
    MFA_RECOVERY_CODE_USED("auth.mfa_recovery_code_used"),
    /** An admin created an account (or the bootstrap did). */
    USER_CREATED("user.created"),
    /** An account's role, status or email changed. */
    USER_UPDATED("user.updated"),
    /** An account was soft-deleted. */
    USER_DELETED("user.deleted"),
    /** A soft-deleted account was restored. */
    USER_RESTORED("user.restored"),
    /** A verification mail was queued for an account's address. */
    EMAIL_VERIFICATION_SENT("user.email_verification_sent"),
    /** An account's address was verified. */
    EMAIL_VERIFIED("user.email_verified"),
    /** An admin turned off an account's TOTP (lost device). */
    MFA_RESET("user.mfa_reset"),
    /** A session was revoked through the sessions API. */
    SESSION_REVOKED("session.revoked"),
    /** A new signing key was made. */
    SIGNING_KEY_ROTATED("signing_key.rotated");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    /** The dotted name stored and shown, e.g. {@code auth.login}. */
    public String wireName() {
        return wireName;
    }

    /** The action named {@code wireName}, if there is one. */
    public static Optional<Action> fromWire(String wireName) {
        for (Action action : values()) {
            if (action.wireName.equals(wireName)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
