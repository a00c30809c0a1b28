package dev.gatehouse.sessions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.accounts.control.AccountChanged;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The node's session-state cache never serves a state read before a change once the change is
 * visible: the race of a {@code /me} (or bearer) read that overlaps a change to its user.
 */
class SessionStateCacheTest {

    private final SessionStateCache cache = new SessionStateCache();
    private final UUID user = UUID.randomUUID();
    private final UUID session = UUID.randomUUID();

    private SessionState state(Role role) {
        Instant created = Instant.parse("2026-11-01T00:00:00Z");
        Account account = new Account(user, "a@example.test", role, true, created, created, null, false, false);
        return new SessionState(session, account, false, Instant.now().plus(1, ChronoUnit.DAYS));
    }

    @Test
    void aStateReadBeforeAChangeIsNotServedOnceTheChangeHappened() {
        long stamp = cache.stamp(user);             // a read starts,
        SessionState old = state(Role.USER);        // reads the row as it was,
        cache.accountChanged(new AccountChanged(user)); // the change to the user commits meanwhile,
        cache.put(old, stamp);                      // and the read remembers what it read.

        assertTrue(cache.get(session).isEmpty(), "the pre-change state must not be served after the change");
    }

    @Test
    void aStateReadAfterTheChangeIsServed() {
        cache.accountChanged(new AccountChanged(user));
        long stamp = cache.stamp(user);
        SessionState fresh = state(Role.GUEST);
        cache.put(fresh, stamp);

        assertEquals(fresh, cache.get(session).orElseThrow());
    }

    @Test
    void aLaterChangeEndsAnEntryAlreadyServed() {
        cache.put(state(Role.USER), cache.stamp(user));
        assertTrue(cache.get(session).isPresent());

        cache.accountChanged(new AccountChanged(user));

        assertTrue(cache.get(session).isEmpty());
    }

    @Test
    void aChangeToAnotherUserLeavesTheEntryAlone() {
        cache.put(state(Role.USER), cache.stamp(user));

        UUID other;
        do {
            other = UUID.randomUUID();
        } while (Math.floorMod(other.hashCode(), 4096) == Math.floorMod(user.hashCode(), 4096));
        cache.accountChanged(new AccountChanged(other));

        assertTrue(cache.get(session).isPresent());
    }

    @Test
    void aTombstoneIsNeverOverwrittenByAReadOfTheLiveState() {
        long stamp = cache.stamp(user);
        SessionState live = state(Role.USER);
        cache.revokedInThisTransaction(live);
        cache.put(live, stamp);

        SessionState cached = cache.get(session).orElseThrow();
        assertTrue(cached.revoked());
    }
}
