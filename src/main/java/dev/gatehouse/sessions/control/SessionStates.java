package dev.gatehouse.sessions.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.accounts.control.AccountChanged;
import dev.gatehouse.accounts.entity.User;
import dev.gatehouse.platform.cluster.ChannelRestored;
import dev.gatehouse.platform.cluster.ClusterNotice;
import dev.gatehouse.platform.cluster.NoticeChannel;
import dev.gatehouse.platform.cluster.Notices;
import dev.gatehouse.platform.config.ClusterSettings;
import dev.gatehouse.platform.database.AfterCompletion;
import dev.gatehouse.platform.metrics.Telemetry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Session states for the bearer check, so that a bearer request (and {@code /me}) costs no
 * database round trip in the common case: a Caffeine cache, bounded ({@code SESSION_CACHE_SIZE}),
 * each entry kept at most {@code SESSION_CACHE_SECONDS}; concurrent misses for one session share
 * one read. A miss costs one query that reads the session and its owner together.
 *
 * <p>A change is felt at once on every node:
 * <ul>
 * <li>here, a change to a user (its account, or one of its sessions revoked) bumps that user's
 *     generation now and again when the transaction commits; an entry remembers the generation
 *     that was current <em>before</em> its state was read and counts only while it is unchanged, so
 *     a read that overlapped the change is never served afterwards;</li>
 * <li>the same transaction announces it ({@link Notices}), and every other node bumps the user's
 *     generation when the notice arrives;</li>
 * <li>a node that cannot hear other nodes ({@link NoticeChannel#trusted()} false) reads every state
 *     from the database until it listens again, then drops everything it cached.</li>
 * </ul>
 */
@ApplicationScoped
public class SessionStates {

    private static final int STRIPES = 4096;

    @Inject
    ClusterSettings settings;

    @Inject
    NoticeChannel channel;

    @Inject
    Notices notices;

    @Inject
    Telemetry telemetry;

    @PersistenceContext
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    private Cache<UUID, Entry> cache;

    /** A state read after its owner's generation was {@code stamp}. */
    private record Entry(SessionState state, long stamp) {
    }

    /** Builds the cache from the settings and publishes its figures. */
    @PostConstruct
    void init() {
        cache = Caffeine.newBuilder().maximumSize(settings.sessionCacheSize())
                .expireAfterWrite(Duration.ofSeconds(settings.sessionCacheSeconds())).recordStats().build();
        telemetry.cache("sessions", cache);
    }

    /**
     * The state of {@code sessionId}, whose access token names {@code userId} as its subject.
     * Unknown sessions read as never live.
     */
    public SessionState of(UUID sessionId, UUID userId) {
        if (!channel.trusted()) {
            return load(sessionId);
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            Entry entry = cache.get(sessionId, id -> {
                long stamp = stamp(userId);
                SessionState loaded = load(id);
                return loaded.account() == null || loaded.ownedBy(userId) ? new Entry(loaded, stamp) : null;
            });
            if (entry == null) {
                return load(sessionId);
            }
            if (entry.stamp() == stamp(userId)) {
                return entry.state();
            }
            cache.asMap().remove(sessionId, entry);
        }
        return load(sessionId);
    }

    /**
     * Revokes what this node remembers of {@code userId}: now, again when the current transaction
     * commits, and on every other node through the notification channel.
     */
    public void userChangedInThisTransaction(UUID userId) {
        bump(userId);
        notices.userChanged(userId);
        if (transactions != null && transactions.getTransactionKey() != null) {
            AfterCompletion.register(transactions, () -> bump(userId), () -> { });
        }
    }

    /** An account changed in the current transaction (email, role, status, password, second factor). */
    void accountChanged(@Observes AccountChanged change) {
        userChangedInThisTransaction(change.userId());
    }

    /** Another node changed a user: what this node remembers of it is stale. */
    void noticed(@Observes ClusterNotice notice) {
        if (notice.kind() == ClusterNotice.Kind.USER) {
            try {
                bump(UUID.fromString(notice.subject()));
            } catch (IllegalArgumentException e) {
                cache.invalidateAll();
            }
        }
    }

    /** The channel listens again after an outage: it may have missed notices, so nothing cached counts. */
    void restored(@Observes ChannelRestored restored) {
        cache.invalidateAll();
    }

    private long stamp(UUID userId) {
        return generations.get(stripe(userId));
    }

    private void bump(UUID userId) {
        generations.incrementAndGet(stripe(userId));
    }

    private static int stripe(UUID userId) {
        return Math.floorMod(userId.hashCode(), STRIPES);
    }

    /** The session and its owner from the database; package-private so a test can stand in for the query. */
    SessionState load(UUID sessionId) {
        List<Object[]> rows = em.createQuery("select s.revokedAt, s.expiresAt, u from Session s join s.user u where s.id = :id",
                        Object[].class)
                .setParameter("id", sessionId)
                .getResultList();
        if (rows.isEmpty()) {
            return SessionState.unknown(sessionId);
        }
        Object[] row = rows.get(0);
        return new SessionState(sessionId, Account.of((User) row[2]), row[0] != null, (Instant) row[1]);
    }
}
