package dev.gatehouse.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.it.TestDatabase;
import dev.gatehouse.platform.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * How the pool's PostgreSQL connections plan statements: every statement is sent unnamed, so the
 * server plans it at each run with its actual values (a keyset page never gets a generic plan),
 * and only a statement given {@link GatehouseDataSource#withKeptPlan} becomes a named server-side
 * statement whose plan the server may keep.
 */
class StatementPlansIT {

    private static final String PAGE = "SELECT count(*) FROM pg_class WHERE relname <> ?";
    private static final String KEPT = "SELECT count(*) FROM pg_namespace WHERE nspname <> ?";

    /** Named statements of this session that count rows of {@code table}. */
    private static int serverSideStatements(Connection connection, String table) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE ?")) {
            count.setString(1, "SELECT count(*) FROM " + table + " WHERE %");
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static void runTenTimes(Connection connection, String sql, boolean kept) throws SQLException {
        for (int i = 0; i < 10; i++) {
            try (PreparedStatement statement = kept ? GatehouseDataSource.withKeptPlan(connection.prepareStatement(sql))
                    : connection.prepareStatement(sql)) {
                statement.setString(1, "run-" + i);
                statement.executeQuery().close();
            }
        }
    }

    @Test
    void aStatementRunManyTimesStaysUnnamedAndIsPlannedAtEachRun() throws SQLException {
        try (Connection connection = GatehouseDataSource.driver(DatabaseUrl.parse(TestDatabase.suiteUrl())).getConnection()) {
            runTenTimes(connection, PAGE, false);

            assertEquals(0, serverSideStatements(connection, "pg_class"));
        }
    }

    @Test
    void aStatementWithAKeptPlanIsNamedOnTheServer() throws SQLException {
        try (Connection connection = GatehouseDataSource.driver(DatabaseUrl.parse(TestDatabase.suiteUrl())).getConnection()) {
            runTenTimes(connection, KEPT, true);

            assertEquals(1, serverSideStatements(connection, "pg_namespace"));
        }
    }
}
