package dev.gatehouse.security;

import dev.gatehouse.api.UserView;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's memory of session liveness and of users' own views ({@code GET /api/auth/me}), so
 * that a bearer request costs no database round trip in the common case. An entry is trusted for
 * {@link #TTL}, which bounds how late another node learns of a revocation or a change; on this
 * node a revocation writes a tombstone when its transaction commits, tombstones are never
 * overwritten by a concurrent read of the old state, and a change to a user drops its entries.
 */
@ApplicationScoped
public class SessionStateCache {

    /** How long a looked-up state is trusted: the staleness bound for other nodes. */
    public static final Duration TTL = Duration.ofSeconds(30);
    private static final int MAX_ENTRIES = 200_000;

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final Map<UUID, View> views = new ConcurrentHashMap<>();

    @Resource
    TransactionSynchronizationRegistry transactions;

    private record Entry(SessionState state, long loadedAt, boolean tombstone) {
    }

    private record View(UserView view, long loadedAt) {
    }

    /** The cached view of {@code userId} if it is fresh enough. */
    public Optional<UserView> view(UUID userId) {
        View entry = views.get(userId);
        if (entry == null) {
            return Optional.empty();
        }
        if (System.nanoTime() - entry.loadedAt > TTL.toNanos()) {
            views.remove(userId, entry);
            return Optional.empty();
        }
        return Optional.of(entry.view);
    }

    /** Remembers a user's view read from the database; returns it. */
    public UserView remember(UUID userId, UserView view) {
        if (views.size() >= MAX_ENTRIES) {
            views.clear();
        }
        views.put(userId, new View(view, System.nanoTime()));
        return view;
    }

    /** The cached state of {@code sessionId} if it is fresh enough. */
    public Optional<SessionState> get(UUID sessionId) {
        Entry entry = entries.get(sessionId);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.tombstone && System.nanoTime() - entry.loadedAt > TTL.toNanos()) {
            entries.remove(sessionId, entry);
            return Optional.empty();
        }
        return Optional.of(entry.state);
    }

    /** Remembers a state read from the database, unless the session is known to be revoked. */
    public void put(UUID sessionId, SessionState state) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Entry fresh = new Entry(state, System.nanoTime(), false);
        entries.compute(sessionId, (id, old) -> old != null && old.tombstone ? old : fresh);
    }

    /**
     * Marks the session revoked now and again when the current transaction commits, so a read
     * of the pre-commit state that lands in between cannot resurrect it.
     */
    public void revokedInThisTransaction(UUID sessionId, UUID userId) {
        Entry tombstone = new Entry(SessionState.revoked(userId), System.nanoTime(), true);
        entries.put(sessionId, tombstone);
        afterCommit(() -> entries.put(sessionId, tombstone));
    }

    /** Forgets every entry of {@code userId} now and after commit: the user changed. */
    public void userChangedInThisTransaction(UUID userId) {
        Runnable evict = () -> {
            views.remove(userId);
            entries.entrySet().removeIf(e -> !e.getValue().tombstone && e.getValue().state.userId().equals(userId));
        };
        evict.run();
        afterCommit(evict);
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
