package dev.gatehouse.platform.database;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.platform.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;

/**
 * The H2 migrations build the schema the entities map (PostgreSQL's side: {@code MigrationIT}), and
 * the check that says so fails on a schema that has drifted.
 */
class SchemaMigrationTest {

    private static DatabaseUrl migratedH2() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:h2:mem:schema-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
                + DatabaseUrl.H2_OPTIONS);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url.jdbcUrl());
        h2.setUser(url.user());
        SchemaMigration.migrate(h2, DatabaseUrl.Kind.H2);
        return url;
    }

    @Test
    void theMigratedH2SchemaIsTheOneTheEntitiesMap() {
        assertDoesNotThrow(() -> MappedSchema.validate(migratedH2()));
    }

    @Test
    void aColumnTheEntitiesNeedButTheSchemaLacksIsFound() throws SQLException {
        DatabaseUrl url = migratedH2();
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE sessions DROP COLUMN last_used_at");
        }

        SchemaManagementException e = assertThrows(SchemaManagementException.class, () -> MappedSchema.validate(url));

        assertTrue(e.getMessage().contains("last_used_at"), e.getMessage());
    }

    @Test
    void theCheckCoversTheEntitiesOfThePersistenceUnit() {
        assertTrue(MappedSchema.persistenceUnitClasses().containsAll(List.of(
                "dev.gatehouse.accounts.entity.User", "dev.gatehouse.sessions.entity.Session",
                "dev.gatehouse.activity.entity.ActivityEntry")), MappedSchema.persistenceUnitClasses().toString());
    }
}
