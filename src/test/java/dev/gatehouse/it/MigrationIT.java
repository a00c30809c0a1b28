package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.platform.config.DatabaseUrl;
import dev.gatehouse.platform.database.MappedSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Flyway built the PostgreSQL schema at boot: every migration of the WAR applied in order, exactly their tables present, and one live account per email. */
class MigrationIT extends ApiTestBase {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CHECK_VIOLATION = "23514";

    /** Inserts a user row directly, bypassing the application; {@code deletedAt} may be null. */
    private static void insertUser(Connection c, String email, Instant deletedAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO users (id, email, password_hash, role, created_at, "
                + "updated_at, deleted_at) VALUES (?, ?, ?, 'user', ?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            s.setObject(1, UUID.randomUUID());
            s.setString(2, email);
            s.setString(3, "$2a$04$" + "x".repeat(53));
            s.setTimestamp(4, now);
            s.setTimestamp(5, now);
            s.setTimestamp(6, deletedAt == null ? null : Timestamp.from(deletedAt));
            s.executeUpdate();
        }
    }

    private static String uniqueLowerEmail() {
        return Api.uniqueEmail("migration").toLowerCase();
    }

    @Test
    void everyMigrationIsRecordedAsSuccessfulInOrder() {
        List<Object[]> rows = TestDatabase.query(
                "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");

        assertEquals(migrationVersions(), rows.stream().map(r -> (String) r[0]).toList());
        rows.forEach(r -> assertEquals(Boolean.TRUE, r[1], "migration " + r[0]));
    }

    @Test
    void theMigratedSchemaIsTheOneTheEntitiesMap() {
        assertDoesNotThrow(() -> MappedSchema.validate(DatabaseUrl.parse(TestDatabase.suiteUrl())));
    }

    @Test
    void theCoreTablesExist() {
        List<Object> tables = TestDatabase.query("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")
                .stream().map(row -> row[0]).toList();

        assertTrue(tables.containsAll(List.of("users", "sessions", "activity_logs", "login_throttle")), tables.toString());
    }

    @Test
    void usersEmailHasAPartialUniqueIndexOverLiveRows() {
        String definition = (String) TestDatabase.scalar(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'users' "
                        + "AND indexname = 'users_email_live_key'");

        assertEquals("CREATE UNIQUE INDEX users_email_live_key ON public.users USING btree (email) "
                + "WHERE (deleted_at IS NULL)", definition);
    }

    @Test
    void twoLiveUsersWithTheSameEmailAreRefused() throws SQLException {
        String email = uniqueLowerEmail();
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            try {
                insertUser(c, email, null);

                SQLException e = assertThrows(SQLException.class, () -> insertUser(c, email, null));

                assertEquals(UNIQUE_VIOLATION, e.getSQLState(), e.getMessage());
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void aDeletedUserAndALiveUserMayShareAnEmail() throws SQLException {
        String email = uniqueLowerEmail();
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            try {
                insertUser(c, email, Instant.now());
                insertUser(c, email, null);
                insertUser(c, email, Instant.now());

                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM users WHERE email = ?")) {
                    s.setString(1, email);
                    try (var r = s.executeQuery()) {
                        r.next();
                        assertEquals(3, r.getInt(1));
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void emailsAreStoredLowerCasedOnly() throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            try {
                SQLException e = assertThrows(SQLException.class, () -> insertUser(c, "Mixed-" + uniqueLowerEmail(), null));

                assertEquals(CHECK_VIOLATION, e.getSQLState(), e.getMessage());
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void theSchemaIsOnlyWhatTheMigrationsMade() {
        List<String> tables = TestDatabase.query("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'public' ORDER BY table_name").stream().map(row -> (String) row[0]).toList();

        List<String> expected = new java.util.ArrayList<>(tablesCreatedByMigrations());
        expected.add("flyway_schema_history");
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(tables),
                "Hibernate validates the schema and never adds to it");
    }

    /** The PostgreSQL migrations of the built WAR (common and postgresql), as Flyway versions in order. */
    private static List<String> migrationVersions() {
        return migrations().map(p -> p.getFileName().toString().replaceAll("^V(\\d+)__.*$", "$1"))
                .map(Integer::valueOf).sorted().map(String::valueOf).toList();
    }

    /** Every table a {@code CREATE TABLE} of those migrations makes. */
    private static List<String> tablesCreatedByMigrations() {
        java.util.regex.Pattern create = java.util.regex.Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?(\\w+)");
        return migrations().flatMap(p -> {
            try {
                java.util.regex.Matcher m = create.matcher(java.nio.file.Files.readString(p));
                List<String> names = new java.util.ArrayList<>();
                while (m.find()) {
                    names.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
                }
                return names.stream();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    private static java.util.stream.Stream<java.nio.file.Path> migrations() {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("gatehouse.target", "target"), "classes", "db", "migration");
        return java.util.stream.Stream.of("common", "postgresql").flatMap(dir -> {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(root.resolve(dir))) {
                return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).toList().stream();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
