package dev.gatehouse.it;

import dev.gatehouse.platform.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Direct JDBC access to the test PostgreSQL database ({@code TEST_DATABASE_URL}), for what a test
 * must see or arrange behind the API: the schema Flyway built, stored hashes, and moving a
 * throttle window into the past instead of waiting fifteen minutes.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** A new connection; the caller closes it. */
    public static Connection connect() throws SQLException {
        DatabaseUrl url = DatabaseUrl.parse(System.getProperty("gatehouse.test.database.url",
                "postgresql://postgres@127.0.0.1:5432/test"));
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    /** Drops and recreates the {@code public} schema so each run starts clean. */
    static void wipe() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the test database: " + e.getMessage(), e);
        }
    }

    /** Runs an update with positional parameters; returns the row count. */
    public static int update(String sql, Object... parameters) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a query, each as an array of column values. */
    public static List<Object[]> query(String sql, Object... parameters) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = r.getObject(i + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single value of a one-row, one-column query. */
    public static Object scalar(String sql, Object... parameters) {
        List<Object[]> rows = query(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0)[0];
    }
}
