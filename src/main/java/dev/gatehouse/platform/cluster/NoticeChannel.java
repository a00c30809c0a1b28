package dev.gatehouse.platform.cluster;

import dev.gatehouse.platform.config.ClusterSettings;
import dev.gatehouse.platform.config.DatabaseSettings;
import dev.gatehouse.platform.database.GatehouseDataSource;
import dev.gatehouse.platform.log.ApplicationLog;
import dev.gatehouse.platform.metrics.Telemetry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * This node's ear: one connection of its own, outside the pool, that {@code LISTEN}s on {@link
 * Notices#CHANNEL} and reads notices with pgjdbc's {@code getNotifications(timeout)} on a managed
 * thread, firing each as a {@link ClusterNotice} event. It proves itself alive every
 * {@code NOTIFY_CHECK_MILLIS} with a round trip; a node that has not heard from its channel for twice
 * that is not {@link #trusted()}: its caches read from the database until it listens again, when
 * they drop everything ({@link ChannelRestored}). One log line per outage and one per recovery;
 * reconnects back off from 0.5 s to 10 s. On H2 there is no channel, and caches are always trusted.
 */
@ApplicationScoped
public class NoticeChannel {

    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(10);

    @Inject
    DatabaseSettings database;

    @Inject
    ClusterSettings settings;

    @Inject
    Telemetry telemetry;

    @Inject
    Event<ClusterNotice> notices;

    @Inject
    Event<ChannelRestored> restorations;

    @Resource
    ManagedThreadFactory threads;

    private volatile boolean running;
    private volatile boolean listening;
    private volatile long lastHeard;
    private volatile Thread thread;
    private final Map<String, CountDownLatch> echoes = new ConcurrentHashMap<>();

    /** Starts listening when the application starts (PostgreSQL only). */
    void start(@Observes Startup startup) {
        if (!database.shared()) {
            return;
        }
        running = true;
        telemetry.channel(this::trusted);
        thread = threads.newThread(this::listen);
        thread.setName("gatehouse-notices");
        thread.start();
    }

    /** Stops listening when the application stops. */
    @PreDestroy
    void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    /**
     * True when this node may serve what it cached of the shared state: it listens and heard from
     * its channel within twice {@code NOTIFY_CHECK_MILLIS}; always true on H2 (one node).
     */
    public boolean trusted() {
        return !database.shared()
                || listening && System.nanoTime() - lastHeard < 2L * settings.notifyCheckMillis() * 1_000_000L;
    }

    private void listen() {
        Duration retry = FIRST_RETRY;
        long lostAt = 0;
        while (running) {
            try (Connection connection = GatehouseDataSource.dedicated(socketTimeoutSeconds());
                 Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + Notices.CHANNEL);
                heard();
                listening = true;
                restorations.fire(new ChannelRestored(lostAt == 0 ? 0 : System.currentTimeMillis() - lostAt));
                if (lostAt != 0) {
                    ApplicationLog.logger().info("notification channel listening again after "
                            + (System.currentTimeMillis() - lostAt) + " ms: caches dropped");
                }
                lostAt = 0;
                retry = FIRST_RETRY;
                receive(connection.unwrap(PGConnection.class), statement);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running && lostAt == 0) {
                    lostAt = System.currentTimeMillis();
                    ApplicationLog.logger().warning("notification channel lost, reading session states from the database "
                            + "until it listens again: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    ApplicationLog.logger().log(Level.FINE, "notification channel lost", e);
                }
            }
            retry = pause(retry);
        }
    }

    private void receive(PGConnection connection, Statement statement) throws SQLException {
        long nextCheck = System.nanoTime();
        while (running) {
            PGNotification[] received = connection.getNotifications(settings.notifyCheckMillis());
            heard();
            if (received != null) {
                for (PGNotification notification : received) {
                    echoed(notification.getParameter());
                    ClusterNotice.parse(notification.getParameter()).filter(n -> !n.node().equals(Notices.NODE))
                            .ifPresent(this::deliver);
                }
            }
            if (System.nanoTime() >= nextCheck) {
                statement.execute("SELECT 1");
                heard();
                nextCheck = System.nanoTime() + settings.notifyCheckMillis() * 1_000_000L;
            }
        }
    }

    /**
     * Registers a notice this node is about to send, so that {@link #awaitEcho} can wait for it to come
     * back; null when the channel does not listen (nothing would come back).
     */
    CountDownLatch expectEcho(String payload) {
        if (!trusted() || !database.shared()) {
            return null;
        }
        return echoes.computeIfAbsent(payload, key -> new CountDownLatch(1));
    }

    /**
     * Waits, at most {@code NOTIFY_CHECK_MILLIS}, until this node hears its own notice back: by then
     * PostgreSQL has queued it to every listening node, so an answer sent after this reaches a client
     * no sooner than the other nodes have the notice.
     */
    void awaitEcho(String payload, CountDownLatch echo) {
        try {
            echo.await(settings.notifyCheckMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            echoes.remove(payload, echo);
        }
    }

    /** Forgets a notice whose transaction rolled back (PostgreSQL never sends it). */
    void forgetEcho(String payload, CountDownLatch echo) {
        echoes.remove(payload, echo);
    }

    private void echoed(String payload) {
        CountDownLatch echo = echoes.get(payload);
        if (echo != null) {
            echo.countDown();
        }
    }

    private void deliver(ClusterNotice notice) {
        telemetry.notice(notice.kind().name().toLowerCase(java.util.Locale.ROOT),
                Duration.ofMillis(System.currentTimeMillis() - notice.sentAtMillis()));
        notices.fire(notice);
    }

    private void heard() {
        lastHeard = System.nanoTime();
    }

    private int socketTimeoutSeconds() {
        return Math.max(1, (int) Math.ceil(2.0 * settings.notifyCheckMillis() / 1000));
    }

    private Duration pause(Duration retry) {
        try {
            Thread.sleep(retry.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        Duration next = retry.multipliedBy(2);
        return next.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : next;
    }
}
