package dev.gatehouse.sessions.control;

import dev.gatehouse.accounts.control.AccountChanged;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * This node's memory of session states, so that a bearer request (and {@code /me}) costs no
 * database round trip in the common case. An entry is trusted for {@link #TTL}, which bounds how
 * late another node learns of a change.
 *
 * <p>On this node a change is felt at once, with no window for a concurrent read to undo it:
 * <ul>
 * <li>a revoked session gets a tombstone now and again when its transaction commits; a tombstone
 *     is never overwritten;</li>
 * <li>a changed account bumps its generation now and again after commit; an entry remembers the
 *     generation that was current <em>before</em> its state was read from the database and counts
 *     only while that generation is unchanged. A read that overlapped a change (it may have seen
 *     the old row) therefore never serves stale data after the change is visible.</li>
 * </ul>
 */
@ApplicationScoped
public class SessionStateCache {

    /** How long a looked-up state is trusted: the staleness bound for other nodes. */
    public static final Duration TTL = Duration.ofSeconds(30);
    private static final int MAX_ENTRIES = 200_000;
    private static final int STRIPES = 4096;

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);

    @Resource
    TransactionSynchronizationRegistry transactions;

    private record Entry(SessionState state, long loadedAt, long generation, boolean tombstone) {
    }

    /**
     * The generation of {@code userId}'s account data: take it before reading a state of that user
     * from the database and hand it to {@link #put}.
     */
    public long stamp(UUID userId) {
        return generations.get(stripe(userId));
    }

    /** The cached state of {@code sessionId} if it is fresh and no change to its owner happened since it was read. */
    public Optional<SessionState> get(UUID sessionId) {
        Entry entry = entries.get(sessionId);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.tombstone) {
            return Optional.of(entry.state);
        }
        boolean stale = System.nanoTime() - entry.loadedAt > TTL.toNanos()
                || entry.state.account() != null && stamp(entry.state.account().id()) != entry.generation;
        if (stale) {
            entries.remove(sessionId, entry);
            return Optional.empty();
        }
        return Optional.of(entry.state);
    }

    /**
     * Remembers a state read from the database after {@code stamp} was taken. A tombstone stays;
     * a state whose owner changed since the stamp is never served (see the class comment).
     */
    public void put(SessionState state, long stamp) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Entry fresh = new Entry(state, System.nanoTime(), stamp, false);
        entries.compute(state.sessionId(), (id, old) -> old != null && old.tombstone ? old : fresh);
    }

    /**
     * Marks the session revoked now and again when the current transaction commits, so a read
     * of the pre-commit state that lands in between cannot resurrect it.
     */
    public void revokedInThisTransaction(SessionState state) {
        Entry tombstone = new Entry(state.asRevoked(), System.nanoTime(), 0, true);
        entries.put(state.sessionId(), tombstone);
        afterCommit(() -> entries.put(state.sessionId(), tombstone));
    }

    /** An account changed in the current transaction: its cached states stop counting now and after commit. */
    public void accountChanged(@Observes AccountChanged change) {
        int stripe = stripe(change.userId());
        generations.incrementAndGet(stripe);
        afterCommit(() -> generations.incrementAndGet(stripe));
    }

    private static int stripe(UUID userId) {
        return Math.floorMod(userId.hashCode(), STRIPES);
    }

    private void afterCommit(Runnable action) {
        if (transactions == null || transactions.getTransactionKey() == null) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }
}
