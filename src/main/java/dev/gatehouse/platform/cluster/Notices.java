package dev.gatehouse.platform.cluster;

import dev.gatehouse.platform.config.DatabaseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;

/**
 * Announces a change to every other node with {@code pg_notify}, in the caller's transaction:
 * PostgreSQL delivers the notice only when that transaction commits, and never for one that rolls
 * back. On H2 (one node) there is nobody to tell.
 */
@ApplicationScoped
public class Notices {

    /** The channel every node listens on. */
    public static final String CHANNEL = "gatehouse";
    /** This node, as notices name it: a random id made at boot. */
    static final String NODE = UUID.randomUUID().toString().substring(0, 8);

    @PersistenceContext
    EntityManager em;

    @Inject
    DatabaseSettings database;

    /** Everything cached of {@code userId} (account, sessions) is stale once the current transaction commits. */
    public void userChanged(UUID userId) {
        announce(new ClusterNotice(ClusterNotice.Kind.USER, userId.toString(), System.currentTimeMillis(), NODE));
    }

    /** The signing keys change when the current transaction commits. */
    public void keysChanged() {
        announce(new ClusterNotice(ClusterNotice.Kind.KEYS, "-", System.currentTimeMillis(), NODE));
    }

    private void announce(ClusterNotice notice) {
        if (database.shared()) {
            em.createNativeQuery("SELECT pg_notify('" + CHANNEL + "', ?1)").setParameter(1, notice.payload()).getSingleResult();
        }
    }
}
