package dev.gatehouse.platform.cluster;

import dev.gatehouse.platform.config.DatabaseSettings;
import dev.gatehouse.platform.database.AfterCompletion;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Announces a change to every other node with {@code pg_notify}, in the caller's transaction:
 * PostgreSQL delivers the notice only when that transaction commits, and never for one that rolls
 * back. On H2 (one node) there is nobody to tell.
 *
 * <p>The announcing thread waits after the commit until its own node hears the notice back (at most
 * {@code NOTIFY_CHECK_MILLIS}, usually a millisecond): PostgreSQL has then queued it to every
 * listener, so the client's next request, to whichever node, finds the change already felt there.
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

    @Inject
    NoticeChannel channel;

    @Resource
    TransactionSynchronizationRegistry transactions;

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
            String payload = notice.payload();
            CountDownLatch echo = channel.expectEcho(payload);
            try {
                em.createNativeQuery("SELECT pg_notify('" + CHANNEL + "', ?1)").setParameter(1, payload).getSingleResult();
            } catch (RuntimeException e) {
                if (echo != null) {
                    channel.forgetEcho(payload, echo);
                }
                throw e;
            }
            if (echo != null && transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
                channel.awaitEcho(payload, echo);
            } else if (echo != null) {
                // the notice is sent by the commit itself
                AfterCompletion.register(transactions, () -> channel.awaitEcho(payload, echo), () -> channel.forgetEcho(payload, echo));
            }
        }
    }
}
