package dev.gatehouse.accounts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * Failed logins for one email within a fixed window that opens at the first failure. Kept in the
 * database, keyed by a hash of the normalised email, so every node sees the same count and no
 * guessed address is stored in clear.
 */
@Entity
@Table(name = "login_throttle")
public class FailedLogins {

    @Id
    @Column(name = "email_key", length = 64)
    private String emailKey;

    @Column(nullable = false)
    private int failures;

    @Column(name = "window_started_at", nullable = false)
    private Instant windowStartedAt;

    /** For JPA. */
    protected FailedLogins() {
    }

    /** An empty record whose window starts at {@code now}. */
    public FailedLogins(String emailKey, Instant now) {
        this.emailKey = emailKey;
        this.windowStartedAt = now;
    }

    /**
     * Counts one failure. The first failure since creation or {@link #reset}, and any failure
     * after the window has passed, opens a new window at {@code now}.
     */
    public void recordFailure(Instant now, Duration window) {
        if (failures == 0 || !now.isBefore(windowStartedAt.plus(window))) {
            failures = 0;
            windowStartedAt = now;
        }
        failures++;
    }

    /** Forgets the failures after a successful login. */
    public void reset(Instant now) {
        failures = 0;
        windowStartedAt = now;
    }

    /**
     * Whole seconds until the window ends if {@code maxFailures} are reached within it, else zero:
     * this is the {@code Retry-After} of a throttled attempt (1 to the window length).
     */
    public long lockedForSeconds(Instant now, int maxFailures, Duration window) {
        Instant end = windowStartedAt.plus(window);
        if (failures < maxFailures || !now.isBefore(end)) {
            return 0;
        }
        long millis = Duration.between(now, end).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** Failures in the current window. */
    public int failures() { return failures; }

    /** When the current window opened. */
    public Instant windowStartedAt() { return windowStartedAt; }
}
