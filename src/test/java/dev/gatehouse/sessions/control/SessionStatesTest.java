package dev.gatehouse.sessions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.accounts.control.AccountChanged;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent misses for one session share one read, a failed read fails its joiners too, and a
 * request that saw a change to the user since a read began does not join it. The query is stood in
 * for (persistence is tested over HTTP in the integration tests); the logic here is the sharing.
 */
class SessionStatesTest {

    private final UUID user = UUID.randomUUID();
    private final UUID session = UUID.randomUUID();
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    /** Counts reads; each read waits until {@code release} opens, so callers pile up behind it. */
    private final class Stalled extends SessionStates {
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile RuntimeException failure;

        Stalled() {
            cache = new SessionStateCache();
        }

        @Override
        SessionState load(UUID sessionId) {
            reads.incrementAndGet();
            started.countDown();
            try {
                assertTrue(release.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            Instant created = Instant.parse("2026-11-01T00:00:00Z");
            Account account = new Account(user, "a@example.test", Role.USER, true, created, created, null, false, false);
            return new SessionState(sessionId, account, false, Instant.now().plus(1, ChronoUnit.DAYS));
        }
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private List<Future<SessionState>> callers(SessionStates states, int count) throws InterruptedException {
        List<Future<SessionState>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(pool.submit(() -> states.of(session, user)));
        }
        Thread.sleep(200);
        return calls;
    }

    @Test
    void concurrentMissesForOneSessionShareOneRead() throws Exception {
        Stalled states = new Stalled();
        List<Future<SessionState>> calls = callers(states, 8);
        assertTrue(states.started.await(5, TimeUnit.SECONDS));

        states.release.countDown();

        SessionState first = calls.get(0).get(5, TimeUnit.SECONDS);
        for (Future<SessionState> call : calls) {
            assertSame(first, call.get(5, TimeUnit.SECONDS));
        }
        assertEquals(1, states.reads.get(), "database reads");
        assertSame(first, states.of(session, user), "the shared read is cached");
        assertEquals(1, states.reads.get());
    }

    @Test
    void aFailedReadFailsEveryRequestThatJoinedIt() throws Exception {
        Stalled states = new Stalled();
        states.failure = new IllegalStateException("database away");
        List<Future<SessionState>> calls = callers(states, 4);
        assertTrue(states.started.await(5, TimeUnit.SECONDS));

        states.release.countDown();

        for (Future<SessionState> call : calls) {
            Exception e = assertThrows(Exception.class, () -> call.get(5, TimeUnit.SECONDS));
            assertSame(states.failure, e.getCause());
        }
        assertEquals(1, states.reads.get());
    }

    @Test
    void aRequestThatSawAChangeSinceTheReadBeganReadsOnItsOwn() throws Exception {
        Stalled states = new Stalled();
        Future<SessionState> before = pool.submit(() -> states.of(session, user));
        assertTrue(states.started.await(5, TimeUnit.SECONDS));
        states.cache.accountChanged(new AccountChanged(user));

        Future<SessionState> after = pool.submit(() -> states.of(session, user));
        Thread.sleep(200);
        states.release.countDown();

        before.get(5, TimeUnit.SECONDS);
        after.get(5, TimeUnit.SECONDS);
        assertEquals(2, states.reads.get(), "the read begun before the change is not shared with a request after it");
    }
}
