package dev.gatehouse.app;

import dev.gatehouse.accounts.control.UserAdministration;
import dev.gatehouse.platform.config.Settings;
import dev.gatehouse.platform.database.GatehouseDataSource;
import dev.gatehouse.platform.log.ApplicationLog;
import dev.gatehouse.platform.problem.Failure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Runs once when the application starts, after the schema is migrated: warns about a
 * process-local key and creates the configured first admin if no active admin exists. It also
 * defines the application's data source, whose class reads {@code DATABASE_URL} and pools.
 */
@DataSourceDefinition(
        name = "java:app/jdbc/gatehouse",
        className = "dev.gatehouse.platform.database.GatehouseDataSource",
        initialPoolSize = 0,
        minPoolSize = 0,
        // Payara (pooling off) refuses a connection at once past this; WildFly pools above GatehouseDataSource's
        // pool, which is then exactly this size (see GatehouseDataSource.SERVER_POOL_MAX)
        maxPoolSize = GatehouseDataSource.SERVER_POOL_MAX,
        // WildFly accepts a data source class only with at least one property it can set on it;
        // it drops the fish.payara.* ones, and setLoginTimeout only stores the value.
        loginTimeout = 5,
        // GatehouseDataSource pools (sized from the environment); Payara only enlists.
        properties = "fish.payara.pooling=false")
@Singleton
@Startup
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());

    @Inject
    Settings settings;

    @EJB
    UserAdministration users;

    /** Warns, bootstraps the admin and logs that the application is ready. */
    @PostConstruct
    void start() {
        if (settings.tokens().ephemeralSecret()) {
            String warning = "SECRET_KEY is not set: tokens are signed with a random key made for this process only; "
                    + "every token dies with a restart. Set SECRET_KEY (32+ random bytes) before real use.";
            LOG.warning(warning);
            ApplicationLog.logger().warning(warning);
        }
        if (settings.accounts().bootstrapAdminEmail().isPresent()) {
            boolean created;
            try {
                created = users.bootstrapAdmin(settings.accounts().bootstrapAdminEmail().get(), settings.accounts().bootstrapAdminPassword().orElseThrow());
            } catch (Failure e) {
                // another node of a cluster booting at the same moment created it first (409 on the unique email)
                created = false;
            }
            ApplicationLog.logger().info(created ? "bootstrap admin created" : "bootstrap admin not needed: an active admin or that email exists");
        }
        GatehouseDataSource.serving();
        ApplicationLog.logger().info(() -> settings.server().appName() + " " + settings.server().appVersion() + " ready on "
                + settings.database().url() + (settings.server().production() ? " (production)" : " (development)"));
    }

    /** Closes the connection pool and the application log on undeploy. */
    @PreDestroy
    void stop() {
        GatehouseDataSource.closePools();
        ApplicationLog.uninstall();
    }
}
