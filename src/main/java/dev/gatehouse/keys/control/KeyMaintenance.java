package dev.gatehouse.keys.control;

import dev.gatehouse.platform.config.TokenSettings;
import dev.gatehouse.platform.config.StartupFailure;
import dev.gatehouse.platform.log.ApplicationLog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Loads the signing keys when the application starts (a bad pinned key stops the deployment with
 * one line), then every {@code JWT_KEY_CHECK_SECONDS} rotates the stored keys when
 * {@code JWT_KEY_ROTATION_DAYS} have passed (one node of a cluster does it, see
 * {@link SigningKeys#rotateIfDue}) and reloads the key set, so keys rotated elsewhere are
 * published and used here too.
 */
@Singleton
@Startup
public class KeyMaintenance {

    @Inject
    TokenSettings settings;

    @Inject
    KeyRing ring;

    @EJB
    SigningKeys store;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> checks;

    /** Loads the keys and schedules the checks. */
    @PostConstruct
    void start() {
        try {
            ring.start();
        } catch (IllegalArgumentException e) {
            throw StartupFailure.fatal(e.getMessage());
        }
        if (ring.rotates() && scheduler != null) {
            long every = settings.jwtKeyCheckSeconds();
            checks = scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.SECONDS);
        }
    }

    /** Stops the checks when the application stops. */
    @PreDestroy
    void stop() {
        if (checks != null) {
            checks.cancel(false);
        }
    }

    /** Rotates if due, then reloads; a failure (database away) waits for the next check. */
    void check() {
        try {
            store.rotateIfDue().ifPresent(key -> ApplicationLog.logger().info("signing key rotated on schedule: " + key.id()));
            ring.reload();
        } catch (RuntimeException e) {
            ApplicationLog.logger().warning("signing-key check failed, retried in " + settings.jwtKeyCheckSeconds() + " s: " + e);
        }
    }
}
