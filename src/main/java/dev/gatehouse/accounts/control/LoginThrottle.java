package dev.gatehouse.accounts.control;

import dev.gatehouse.accounts.entity.FailedLogins;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.platform.config.AccountSettings;
import dev.gatehouse.platform.crypto.Digests;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.validation.EmailAddress;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Per-email login throttle: {@code LOGIN_MAX_FAILURES} failures within a fixed window of
 * {@code LOGIN_LOCKOUT_MINUTES}, opened by the first failure, lock the email until the window
 * ends, whether or not an account has it. State lives in the database (keyed by a hash of the
 * normalised email) so all nodes share it; the row is locked while it changes.
 *
 * <p>Checking and counting run in transactions of their own: the evidence of an attack is
 * committed even though the request that carried it is refused.
 */
@Stateless
public class LoginThrottle {

    @PersistenceContext
    EntityManager em;

    @Inject
    AccountSettings settings;

    @EJB
    ActivityLog activity;

    /** The throttle key of an email as typed: SHA-256 of its normalised form. */
    public static String keyOf(String email) {
        return Digests.sha256Hex("login:" + EmailAddress.normalise(email));
    }

    private Duration window() {
        return Duration.ofMinutes(settings.loginLockoutMinutes());
    }

    /**
     * Seconds {@code email} stays locked, 0 when it is not; a lock is recorded as
     * {@code auth.login_throttled} (committed, whatever the caller does next).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public long lockedFor(String email, ClientInfo client) {
        FailedLogins row = em.find(FailedLogins.class, keyOf(email));
        long seconds = row == null ? 0 : row.lockedForSeconds(Timestamps.now(), settings.loginMaxFailures(), window());
        if (seconds > 0) {
            activity.record(null, Action.LOGIN_THROTTLED, client,
                    Map.of("email", EmailAddress.normalise(email), "retry_after", seconds));
        }
        return seconds;
    }

    /**
     * Counts a failed attempt and records {@code auth.login_failed}, committed at once so that the
     * refusal that follows cannot roll the evidence back.
     *
     * @param userId the account concerned if there is one
     * @param reason why, for the log: {@code unknown_email}, {@code bad_password}, {@code inactive} ...
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordFailure(String email, UUID userId, String reason, ClientInfo client) {
        count(email, userId, reason, client, Action.LOGIN_FAILED);
    }

    /**
     * Counts a wrong second-factor code as a failed login of {@code email} (so a stolen password
     * buys no more guesses at the code than at the password) and records it as
     * {@code auth.mfa_failed}, committed at once like {@link #recordFailure}.
     *
     * @param reason where the code was wrong: {@code login}, {@code confirm}, {@code disable}
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordWrongCode(String email, UUID userId, String reason, ClientInfo client) {
        count(email, userId, reason, client, Action.MFA_FAILED);
    }

    private void count(String email, UUID userId, String reason, ClientInfo client, Action recordedAs) {
        Instant now = Timestamps.now();
        FailedLogins row = lockedRow(keyOf(email), now);
        row.recordFailure(now, window());
        Map<String, Object> details = new HashMap<>();
        details.put("email", EmailAddress.normalise(email));
        details.put("reason", reason);
        details.put("failures", row.failures());
        activity.record(userId, recordedAs, client, details);
    }

    /** Forgets the failures of {@code email} (a successful login or a password reset), in the caller's transaction. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void reset(String email) {
        FailedLogins row = em.find(FailedLogins.class, keyOf(email), LockModeType.PESSIMISTIC_WRITE);
        if (row != null) {
            row.reset(Timestamps.now());
        }
    }

    private FailedLogins lockedRow(String key, Instant now) {
        // Insert-if-absent that never fails on a race; then lock the row for the update.
        em.createNativeQuery("INSERT INTO login_throttle (email_key, failures, window_started_at) "
                        + "VALUES (?1, 0, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, key)
                .setParameter(2, now)
                .executeUpdate();
        return em.find(FailedLogins.class, key, LockModeType.PESSIMISTIC_WRITE);
    }
}
