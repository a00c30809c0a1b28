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
 * throttle window into the past instead of waiting fifteen minutes. The static methods use the
 * suite's database; {@link #named(String)} gives the same calls on another database of the same
 * PostgreSQL server, such as one that extra nodes share.
 */
public final class TestDatabase {

    /** What every database the tests make is called, before its own part: {@code gh_tests_} unless set. */
    private static final String PREFIX = System.getProperty("gatehouse.it.database.prefix", "gh_tests_");
    private static final TestDatabase SUITE = new TestDatabase(suiteUrl());

    private static final String TOO_MANY_CLIENTS = "53300";
    private static final int FULL_SERVER_WAIT_SECONDS = 30;

    private final String url;

    private TestDatabase(String url) {
        this.url = url;
    }

    /** The {@code DATABASE_URL} of the suite's database (system property {@code gatehouse.test.database.url}). */
    public static String suiteUrl() {
        return System.getProperty("gatehouse.test.database.url", "postgresql://postgres@127.0.0.1:5432/test");
    }

    /**
     * The name of a database of the tests' own: {@code gh_tests_<part>} (the prefix is the system
     * property {@code gatehouse.it.database.prefix}, so two builds on one PostgreSQL can keep apart).
     */
    public static String nameFor(String part) {
        return PREFIX + part;
    }

    /** Another database on the test PostgreSQL server. */
    public static TestDatabase named(String database) {
        return new TestDatabase(urlOf(database));
    }

    /** The {@code DATABASE_URL} of another database on the test PostgreSQL server. */
    public static String urlOf(String database) {
        return suiteUrl().replaceAll("/[^/?]+(\\?.*)?$", "/" + database + "$1");
    }

    /**
     * Drops {@code database} (closing whatever is connected to it) and makes it anew, empty: for
     * nodes that must boot on a database no one used before. Refuses names outside the tests' prefix.
     */
    public static TestDatabase recreate(String database) {
        if (!database.startsWith(PREFIX) || !database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a test database of ours: " + database);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the database " + database + ": " + e.getMessage(), e);
        }
        return named(database);
    }

    /** A new connection to the suite's database; the caller closes it. */
    public static Connection connect() throws SQLException {
        return SUITE.open();
    }

    /**
     * A new connection to this database; the caller closes it. The test PostgreSQL serves other
     * builds too: when it has no connection slot left ({@code 53300}, too many clients), this waits
     * for one for up to {@value #FULL_SERVER_WAIT_SECONDS} seconds.
     */
    public Connection open() throws SQLException {
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        Properties properties = new Properties();
        if (parsed.user() != null) {
            properties.setProperty("user", parsed.user());
        }
        if (parsed.password() != null) {
            properties.setProperty("password", parsed.password());
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(FULL_SERVER_WAIT_SECONDS);
        while (true) {
            try {
                return DriverManager.getConnection(parsed.jdbcUrl(), properties);
            } catch (SQLException e) {
                if (!TOO_MANY_CLIENTS.equals(e.getSQLState()) || System.nanoTime() > deadline) {
                    throw e;
                }
                MailServer.pause(250);
            }
        }
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

    /** Runs an update on the suite's database with positional parameters; returns the row count. */
    public static int update(String sql, Object... parameters) {
        return SUITE.execute(sql, parameters);
    }

    /** The rows of a query on the suite's database, each as an array of column values. */
    public static List<Object[]> query(String sql, Object... parameters) {
        return SUITE.rows(sql, parameters);
    }

    /** The single value of a one-row, one-column query on the suite's database. */
    public static Object scalar(String sql, Object... parameters) {
        return SUITE.value(sql, parameters);
    }

    /** Runs an update on this database with positional parameters; returns the row count. */
    public int execute(String sql, Object... parameters) {
        try (Connection c = open(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a query on this database, each as an array of column values. */
    public List<Object[]> rows(String sql, Object... parameters) {
        try (Connection c = open(); PreparedStatement s = c.prepareStatement(sql)) {
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

    /** The single value of a one-row, one-column query on this database, or null without a row. */
    public Object value(String sql, Object... parameters) {
        List<Object[]> rows = rows(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0)[0];
    }
}
