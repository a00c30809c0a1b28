package dev.gatehouse.platform.database;

import dev.gatehouse.platform.config.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator;

/**
 * Hibernate's schema validation of the persistence unit's classes against a migrated database: the
 * check a deployment no longer makes at every boot (it reads the whole catalogue), made by the build
 * on both database families instead.
 */
public final class MappedSchema {

    private static final Pattern CLASS = Pattern.compile("<class>([^<]+)</class>");

    private MappedSchema() {
    }

    /** The classes {@code META-INF/persistence.xml} lists, in its order. */
    public static List<String> persistenceUnitClasses() {
        try (InputStream in = MappedSchema.class.getResourceAsStream("/META-INF/persistence.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return CLASS.matcher(xml).results().map(match -> match.group(1).trim()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Validates every mapped entity against the schema of {@code database}.
     *
     * @throws org.hibernate.tool.schema.spi.SchemaManagementException naming the first table or
     *         column that is missing or of another type
     */
    public static void validate(DatabaseUrl database) {
        StandardServiceRegistryBuilder settings = new StandardServiceRegistryBuilder()
                .applySetting("hibernate.connection.url", database.jdbcUrl())
                .applySetting("hibernate.jdbc.time_zone", "UTC");
        if (database.user() != null) {
            settings.applySetting("hibernate.connection.username", database.user());
        }
        if (database.password() != null) {
            settings.applySetting("hibernate.connection.password", database.password());
        }
        StandardServiceRegistry registry = settings.build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            for (String name : persistenceUnitClasses()) {
                sources.addAnnotatedClassName(name);
            }
            Metadata metadata = sources.buildMetadata();
            SchemaManagementToolCoordinator.process(metadata, registry, Map.of("hibernate.hbm2ddl.auto", "validate"),
                    dropOnClose -> { });
        } finally {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }
}
