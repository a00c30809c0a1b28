package dev.gatehouse.service;

import dev.gatehouse.config.Settings;
import dev.gatehouse.model.FailedLogins;
import dev.gatehouse.security.RefreshTokens;
import dev.gatehouse.util.ClientInfo;
import dev.gatehouse.util.Timestamps;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
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
 * email) so all nodes share it; the row is locked while it changes.
 */
@Stateless
public class LoginThrottle {

    @PersistenceContext
    EntityManager em;

    @Inject
    Settings settings;

    @EJB
    ActivityService activity;

    /** The throttle key of an email as typed: SHA-256 of its normalised form. */
    public static String keyOf(String email) {
        return RefreshTokens.hash("login:" + email.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private Duration window() {
        return Duration.ofMinutes(settings.loginLockoutMinutes());
    }

    /**
     * Refuses the attempt with 429 if {@code key} is locked, recording {@code auth.login_throttled};
     * otherwise does nothing.
     */
    public void checkNotLocked(String key, String email, ClientInfo client) {
        FailedLogins row = em.find(FailedLogins.class, key);
        if (row == null) {
            return;
        }
        long seconds = row.lockedForSeconds(Timestamps.now(), settings.loginMaxFailures(), window());
        if (seconds > 0) {
            activity.record(null, "auth.login_throttled", client, Map.of("email", email, "retry_after", seconds));
            throw ServiceException.tooManyRequests(seconds);
        }
    }

    /**
     * Counts a failed attempt and records {@code auth.login_failed}.
     *
     * @param userId the account concerned if there is one
     * @param reason why, for the log: {@code unknown_email}, {@code bad_password}, {@code inactive} ...
     */
    public void recordFailure(String key, UUID userId, String email, String reason, ClientInfo client) {
        Instant now = Timestamps.now();
        FailedLogins row = lockedRow(key, now);
        row.recordFailure(now, window());
        Map<String, Object> details = new HashMap<>();
        details.put("email", email);
        details.put("reason", reason);
        details.put("failures", row.failures());
        activity.record(userId, "auth.login_failed", client, details);
    }

    /** Forgets the failures of {@code key} after a successful login (joins the caller's transaction). */
    public void reset(String key) {
        FailedLogins row = em.find(FailedLogins.class, key, LockModeType.PESSIMISTIC_WRITE);
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
