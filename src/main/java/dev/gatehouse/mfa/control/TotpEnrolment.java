package dev.gatehouse.mfa.control;

import dev.gatehouse.access.Caller;
import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.accounts.control.AccountCredentials;
import dev.gatehouse.accounts.control.Credentials;
import dev.gatehouse.accounts.control.LoginThrottle;
import dev.gatehouse.accounts.control.Passwords;
import dev.gatehouse.accounts.control.SessionEndReason;
import dev.gatehouse.accounts.control.UserAdministration;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.mfa.entity.TotpCredential;
import dev.gatehouse.platform.config.ServerSettings;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * TOTP turned on and off, each use case read top to bottom in one method: enrolment (a pending
 * secret handed out against the current password), confirmation (the first code turns it on and
 * hands out recovery codes), removal by the owner (password and a code), reset by an admin (lost
 * device). A wrong password or code is a failed login of the account's email ({@link
 * LoginThrottle#recordWrongCode}, committed before the refusal), and a throttled email may not try.
 */
@Stateless
public class TotpEnrolment {

    /** Detail of an enrolment while TOTP is on. */
    public static final String ALREADY_ENABLED = "Two-factor authentication is already enabled";
    /** Detail of a confirmation with nothing pending. */
    public static final String NOTHING_PENDING = "No two-factor enrolment is pending";
    /** Detail of a removal while TOTP is off. */
    public static final String NOT_ENABLED = "Two-factor authentication is not enabled";

    @Inject
    ServerSettings server;

    @Inject
    Passwords passwords;

    @EJB
    AccountCredentials accounts;

    @EJB
    UserAdministration administration;

    @EJB
    TotpCredentials credentials;

    @EJB
    LoginThrottle throttle;

    @EJB
    ActivityLog activity;

    /**
     * A pending secret of this caller, and the URI an authenticator app scans to hold it. A secret
     * pending before is replaced. Nothing is on until {@link #confirm}.
     *
     * @throws Failure 409 while TOTP is on; 429 while the email is throttled; 401
     *         {@code Invalid credentials} for a wrong current password, counted as a failed login
     */
    public Enrolment enrol(Caller caller, String currentPassword, ClientInfo client) {
        TotpCredential credential = credentials.lockedOrNew(caller.userId());
        if (credential.enabled()) {
            throw Failure.conflict(ALREADY_ENABLED);
        }
        Account account = checkPassword(caller, currentPassword, "mfa_enrolment", client);
        String secret = Totp.newSecret();
        credential.startEnrolment(credentials.seal(secret, caller.userId()), Timestamps.now());
        return new Enrolment(secret, Totp.otpauthUri(server.appName(), account.email(), secret));
    }

    /**
     * Turns TOTP on with the pending secret once the caller proves the app holds it: the code's time
     * step counts as used, {@value RecoveryCodes#COUNT} new recovery codes replace any old ones,
     * every other session of the caller ends, and {@code auth.mfa_enabled} is recorded.
     *
     * @return the recovery codes, shown this once
     * @throws Failure 409 when nothing is pending; 429 while the email is throttled; 401
     *         {@code Invalid credentials} for a wrong code, counted as a failed login
     */
    public List<String> confirm(Caller caller, String code, ClientInfo client) {
        Account account = accounts.credentialsOf(caller.userId()).map(Credentials::account).orElseThrow(Failure::invalidToken);
        Optional<TotpCredential> found = credentials.locked(caller.userId());
        if (found.isEmpty() || !found.get().pending()) {
            throw Failure.conflict(found.isPresent() && found.get().enabled() ? ALREADY_ENABLED : NOTHING_PENDING);
        }
        refuseWhileThrottled(account.email(), client);
        OptionalLong step = credentials.stepOf(found.get().pendingSecret(), caller.userId(), code);
        if (step.isEmpty()) {
            throw wrongCode(account, "confirm", client);
        }
        Instant now = Timestamps.now();
        found.get().confirm(step.getAsLong(), now);
        List<String> codes = credentials.replaceRecoveryCodes(caller.userId(), now);
        int revoked = accounts.enableSecondFactor(caller.userId(), caller.sessionId());
        activity.record(caller.userId(), Action.MFA_ENABLED, client,
                Map.of("method", "totp", "sessions_revoked", revoked, "recovery_codes", codes.size()));
        return codes;
    }

    /**
     * Turns TOTP off at its owner's request, proven by the current password and a code (a TOTP code
     * or an unused recovery code): the secret and the recovery codes are deleted and
     * {@code auth.mfa_disabled} recorded. Sessions stay: the owner is the one asking.
     *
     * @throws Failure 409 while TOTP is off; 429 while the email is throttled; 401
     *         {@code Invalid credentials} for a wrong password or code, counted as a failed login
     */
    public void disable(Caller caller, String currentPassword, String code, ClientInfo client) {
        TotpCredential credential = credentials.locked(caller.userId()).filter(TotpCredential::enabled)
                .orElseThrow(() -> Failure.conflict(NOT_ENABLED));
        Account account = checkPassword(caller, currentPassword, "mfa_disable", client);
        Optional<String> method = credentials.check(credential, code, client);
        if (method.isEmpty()) {
            throw wrongCode(account, "disable", client);
        }
        credentials.remove(credential);
        accounts.disableSecondFactor(caller.userId(), null, null);
        activity.record(caller.userId(), Action.MFA_DISABLED, client, Map.of("method", "totp", "proven_by", method.get()));
    }

    /**
     * An admin turns off the second factor of an account (its own included) whose device is lost:
     * secret, pending enrolment and recovery codes are deleted, every session of the account ends
     * (the lost device may hold one; an admin resetting itself keeps the calling session), and
     * {@code user.mfa_reset} is recorded with the admin as actor. An account without TOTP keeps its
     * sessions (nothing guarded them); the reset is recorded all the same, and answers the same.
     *
     * @throws Failure 403 for non-admins; 404 {@code User not found} for an unknown or deleted account
     */
    public void reset(Caller admin, UUID userId, ClientInfo client) {
        Account target = administration.administered(admin, userId);
        Optional<TotpCredential> credential = credentials.locked(userId);
        boolean wasEnabled = target.mfaEnabled() || credential.filter(TotpCredential::enabled).isPresent();
        credential.ifPresent(credentials::remove);
        int revoked = 0;
        if (wasEnabled) {
            UUID keep = admin.userId().equals(userId) ? admin.sessionId() : null;
            revoked = accounts.disableSecondFactor(userId, SessionEndReason.MFA_RESET, keep);
        }
        activity.record(admin.userId(), Action.MFA_RESET, client, Map.of("target_user_id", userId.toString(),
                "was_enabled", wasEnabled, "sessions_revoked", revoked));
    }

    /** The caller's account after its current password: see {@link #enrol} for the refusals. */
    private Account checkPassword(Caller caller, String currentPassword, String reason, ClientInfo client) {
        Credentials found = accounts.credentialsOf(caller.userId()).orElseThrow(Failure::invalidToken);
        String email = found.account().email();
        refuseWhileThrottled(email, client);
        if (!passwords.matches(currentPassword, found.passwordHash())) {
            throttle.recordFailure(email, caller.userId(), reason, client);
            throw Failure.invalidCredentials();
        }
        return found.account();
    }

    private void refuseWhileThrottled(String email, ClientInfo client) {
        long lockedFor = throttle.lockedFor(email, client);
        if (lockedFor > 0) {
            throw Failure.tooManyRequests(lockedFor);
        }
    }

    /** Counts a wrong code against the email (committed) and gives the one answer for it. */
    private Failure wrongCode(Account account, String reason, ClientInfo client) {
        throttle.recordWrongCode(account.email(), account.id(), reason, client);
        return Failure.invalidCredentials();
    }
}
