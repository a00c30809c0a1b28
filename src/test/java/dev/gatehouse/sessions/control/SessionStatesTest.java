package dev.gatehouse.sessions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.accounts.control.AccountChanged;
import dev.gatehouse.platform.cluster.ChannelRestored;
import dev.gatehouse.platform.cluster.NoticeChannel;
import dev.gatehouse.platform.cluster.Notices;
import dev.gatehouse.platform.config.ClusterSettings;
import dev.gatehouse.platform.metrics.Telemetry;
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
 * The session-state cache: concurrent misses for one session share one read, a failed read is not
 * remembered, a read that overlapped a change to its user is not served afterwards, and a node
 * that cannot hear other nodes reads every state from the database. The query is stood in for
 * (persistence is tested over HTTP in the integration tests); callers pile up behind a read that
 * waits on a latch, and the test waits until each caller thread is parked before it goes on.
 */
class SessionStatesTest {

    private final UUID user = UUID.randomUUID();
    private final UUID session = UUID.randomUUID();
    private final List<Thread> workers = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(8, task -> {
        Thread thread = new Thread(task);
        synchronized (workers) {
            workers.add(thread);
        }
        return thread;
    });

    /** Counts reads; each read waits until {@code release} opens, so callers pile up behind it. */
    private static final class Stalled extends SessionStates {
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile RuntimeException failure;
        volatile boolean trusted = true;
        private final UUID user;

        Stalled(UUID user) {
            this.user = user;
            settings = new ClusterSettings(100, 60, 100, 400);
            telemetry = new Telemetry();
            notices = new Notices() {
                @Override
                public void userChanged(UUID userId) {
                    // one node: nobody to tell
                }
            };
            channel = new NoticeChannel() {
                @Override
                public boolean trusted() {
                    return Stalled.this.trusted;
                }
            };
            init();
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

    /** Starts {@code count} callers and returns once every worker thread is parked (behind the read, or idle). */
    private List<Future<SessionState>> callers(SessionStates states, int count) throws InterruptedException {
        List<Future<SessionState>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(pool.submit(() -> states.of(session, user)));
        }
        awaitParked(count);
        return calls;
    }

    private void awaitParked(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            synchronized (workers) {
                if (workers.size() >= count && workers.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                        || t.getState() == Thread.State.BLOCKED || t.getState() == Thread.State.TIMED_WAITING)) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the callers did not park");
    }

    @Test
    void concurrentMissesForOneSessionShareOneRead() throws Exception {
        Stalled states = new Stalled(user);
        List<Future<SessionState>> calls = callers(states, 8);

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
    void aFailedReadIsNotRememberedEveryWaitingCallerTriesOnceItself() throws Exception {
        Stalled states = new Stalled(user);
        states.failure = new IllegalStateException("database away");
        List<Future<SessionState>> calls = callers(states, 4);

        states.release.countDown();

        for (Future<SessionState> call : calls) {
            Exception e = assertThrows(Exception.class, () -> call.get(5, TimeUnit.SECONDS));
            assertSame(states.failure, e.getCause());
        }
        assertEquals(4, states.reads.get(), "one read each, one at a time: never a stampede, never a cached failure");
    }

    @Test
    void aReadThatOverlappedAChangeToItsUserIsNotServedAfterTheChange() throws Exception {
        Stalled states = new Stalled(user);
        Future<SessionState> before = pool.submit(() -> states.of(session, user));
        assertTrue(states.started.await(5, TimeUnit.SECONDS));
        states.accountChanged(new AccountChanged(user));

        Future<SessionState> after = pool.submit(() -> states.of(session, user));
        awaitParked(2);
        states.release.countDown();

        before.get(5, TimeUnit.SECONDS);
        after.get(5, TimeUnit.SECONDS);
        assertEquals(2, states.reads.get(), "the read begun before the change is read again for a request after it");
        states.of(session, user);
        assertEquals(2, states.reads.get(), "the read after the change is cached");
    }

    @Test
    void aChangeToAnotherUserLeavesTheEntryAlone() throws Exception {
        Stalled states = new Stalled(user);
        states.release.countDown();
        states.of(session, user);

        states.accountChanged(new AccountChanged(UUID.randomUUID()));
        states.of(session, user);

        assertEquals(1, states.reads.get());
    }

    @Test
    void aNodeThatCannotHearOtherNodesReadsEveryStateAndDropsItsCacheWhenItHearsAgain() {
        Stalled states = new Stalled(user);
        states.release.countDown();
        states.of(session, user);

        states.trusted = false;
        states.of(session, user);
        states.of(session, user);
        assertEquals(3, states.reads.get(), "no cached state while the channel is down");

        states.trusted = true;
        states.restored(new ChannelRestored(1500));
        states.of(session, user);
        states.of(session, user);
        assertEquals(4, states.reads.get(), "what was cached before the outage is gone; then the cache works again");
    }
}
