package dev.gatehouse.sessions.control;

import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.accounts.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Session states read through this node's {@link SessionStateCache}: a hit costs nothing, a miss
 * one query that reads the session and its owner together. No transaction is needed (a plain
 * read), so the bearer check runs without container transaction work.
 */
@ApplicationScoped
public class SessionStates {

    @Inject
    SessionStateCache cache;

    @PersistenceContext
    EntityManager em;

    /**
     * The state of {@code sessionId}, whose access token names {@code userId} as its subject.
     * Unknown sessions read as never live.
     */
    public SessionState of(UUID sessionId, UUID userId) {
        SessionState cached = cache.get(sessionId).orElse(null);
        if (cached != null) {
            return cached;
        }
        long stamp = cache.stamp(userId);
        SessionState loaded = load(sessionId);
        if (loaded.account() == null || loaded.ownedBy(userId)) {
            cache.put(loaded, stamp);
        }
        return loaded;
    }

    private SessionState load(UUID sessionId) {
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
