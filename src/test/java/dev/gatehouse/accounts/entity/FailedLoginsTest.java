package dev.gatehouse.accounts.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The throttle arithmetic of one email: a fixed window opened by the first failure, the lock, its Retry-After, and reset. */
class FailedLoginsTest {

    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int MAX = 5;
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static FailedLogins failedAt(Instant... instants) {
        FailedLogins record = new FailedLogins("key", instants[0]);
        for (Instant at : instants) {
            record.recordFailure(at, WINDOW);
        }
        return record;
    }

    private static FailedLogins failedTimesAt(int times, Instant at) {
        FailedLogins record = new FailedLogins("key", at);
        for (int i = 0; i < times; i++) {
            record.recordFailure(at, WINDOW);
        }
        return record;
    }

    @Test
    void aNewRecordHasNoFailuresAndIsNotLocked() {
        FailedLogins record = new FailedLogins("key", T0);

        assertEquals(0, record.failures());
        assertEquals(0, record.lockedForSeconds(T0, MAX, WINDOW));
    }

    @Test
    void theWindowOpensAtTheFirstFailure() {
        FailedLogins record = failedAt(T0);

        assertEquals(1, record.failures());
        assertEquals(T0, record.windowStartedAt());
    }

    @Test
    void fewerThanTheMaximumFailuresDoNotLock() {
        FailedLogins record = failedTimesAt(MAX - 1, T0);

        assertEquals(0, record.lockedForSeconds(T0, MAX, WINDOW));
    }

    @Test
    void theMaximumFailuresLockForTheRestOfTheWindow() {
        FailedLogins record = failedTimesAt(MAX, T0);

        assertEquals(900, record.lockedForSeconds(T0, MAX, WINDOW));
        assertEquals(600, record.lockedForSeconds(T0.plusSeconds(300), MAX, WINDOW));
    }

    @Test
    void theWindowIsFixedAtTheFirstFailure() {
        FailedLogins record = failedAt(T0, T0.plusSeconds(60), T0.plusSeconds(120), T0.plusSeconds(600),
                T0.plusSeconds(840));

        assertEquals(T0, record.windowStartedAt());
        assertEquals(60, record.lockedForSeconds(T0.plusSeconds(840), MAX, WINDOW));
    }

    @Test
    void retryAfterRoundsPartSecondsUp() {
        FailedLogins record = failedTimesAt(MAX, T0);

        assertEquals(900, record.lockedForSeconds(T0.plusMillis(1), MAX, WINDOW));
        assertEquals(2, record.lockedForSeconds(T0.plus(WINDOW).minusMillis(1500), MAX, WINDOW));
        assertEquals(1, record.lockedForSeconds(T0.plus(WINDOW).minusMillis(1000), MAX, WINDOW));
        assertEquals(1, record.lockedForSeconds(T0.plus(WINDOW).minusMillis(1), MAX, WINDOW));
    }

    @Test
    void retryAfterIsNeverBelowOneWhileLocked() {
        FailedLogins record = failedTimesAt(MAX, T0);

        assertEquals(1, record.lockedForSeconds(T0.plus(WINDOW).minusNanos(1), MAX, WINDOW));
    }

    @Test
    void theLockEndsExactlyWhenTheWindowEnds() {
        FailedLogins record = failedTimesAt(MAX, T0);

        assertEquals(0, record.lockedForSeconds(T0.plus(WINDOW), MAX, WINDOW));
        assertEquals(0, record.lockedForSeconds(T0.plus(WINDOW).plusSeconds(1), MAX, WINDOW));
    }

    @Test
    void aFailureAfterTheWindowOpensANewOneCountingFromOne() {
        FailedLogins record = failedTimesAt(MAX, T0);
        Instant later = T0.plus(WINDOW);

        record.recordFailure(later, WINDOW);

        assertEquals(1, record.failures());
        assertEquals(later, record.windowStartedAt());
        assertEquals(0, record.lockedForSeconds(later, MAX, WINDOW));
    }

    @Test
    void resetForgetsTheFailures() {
        FailedLogins record = failedTimesAt(MAX, T0);

        record.reset(T0.plusSeconds(10));

        assertEquals(0, record.failures());
        assertEquals(0, record.lockedForSeconds(T0.plusSeconds(10), MAX, WINDOW));
    }

    @Test
    void afterAResetTheNextFailureOpensANewWindow() {
        FailedLogins record = failedTimesAt(1, T0);
        record.reset(T0);
        Instant next = T0.plusSeconds(600);

        record.recordFailure(next, WINDOW);

        assertEquals(next, record.windowStartedAt());
    }

    @Test
    void failuresAfterAResetLockForAWholeWindowFromTheFirstOfThem() {
        FailedLogins record = failedTimesAt(1, T0);
        record.reset(T0);
        Instant next = T0.plusSeconds(600);
        for (int i = 0; i < MAX; i++) {
            record.recordFailure(next, WINDOW);
        }

        assertEquals(900, record.lockedForSeconds(next, MAX, WINDOW));
    }

    @Test
    void aRecordCreatedLongBeforeItsFirstFailureStillOpensTheWindowAtThatFailure() {
        FailedLogins record = new FailedLogins("key", T0);
        Instant first = T0.plusSeconds(300);

        record.recordFailure(first, WINDOW);

        assertEquals(first, record.windowStartedAt());
    }
}
