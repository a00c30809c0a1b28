package dev.gatehouse.platform.database;

import dev.gatehouse.platform.config.DatabaseUrl;
import dev.gatehouse.platform.config.Settings;
import dev.gatehouse.platform.config.SettingsException;
import dev.gatehouse.platform.config.StartupFailure;
import dev.gatehouse.platform.log.ApplicationLog;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Validates the settings and brings the schema up to date with Flyway while the persistence unit
 * is being built, which on Payara happens during deployment before any {@code @Startup} bean runs.
 * Hibernate never writes the schema, nor reads it back at boot: that the migrations give the schema
 * the entities map is checked by the build on both database families. A bad setting or a failed
 * migration fails the deployment.
 */
public class SchemaMigration implements Integrator {

    /** Registered through {@code META-INF/services/org.hibernate.integrator.spi.Integrator}. */
    public SchemaMigration() {
        // stateless
    }

    /** Loads settings, starts the application log and migrates the database of this unit. */
    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
                          SessionFactoryImplementor sessionFactory) {
        Settings settings;
        try {
            settings = Settings.current();
        } catch (SettingsException e) {
            throw StartupFailure.fatal(e.getMessage());
        }
        ApplicationLog.install(settings.server().logDir(), settings.server().debug());
        DataSource dataSource = sessionFactory.getServiceRegistry()
                .requireService(ConnectionProvider.class).unwrap(DataSource.class);
        try {
            migrate(dataSource, settings.database().url().kind());
        } catch (RuntimeException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw StartupFailure.fatal("the database schema could not be migrated: " + e.getClass().getSimpleName() + ": " + first);
        }
    }

    /** Applies pending migrations: the shared set plus the one for this database family. */
    public static void migrate(DataSource dataSource, DatabaseUrl.Kind kind) {
        String vendor = kind == DatabaseUrl.Kind.H2 ? "h2" : "postgresql";
        var result = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        ApplicationLog.logger().info(() -> result.migrationsExecuted + " migrations applied now ("
                + vendor + (result.targetSchemaVersion == null ? ", schema already current)" : ", schema at version "
                + result.targetSchemaVersion + ")"));
    }

    /** Nothing to release. */
    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        // the data source belongs to the container
    }
}
