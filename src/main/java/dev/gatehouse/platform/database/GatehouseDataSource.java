package dev.gatehouse.platform.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.gatehouse.platform.config.DatabaseUrl;
import dev.gatehouse.platform.config.DatabaseSettings;
import dev.gatehouse.platform.config.Settings;
import dev.gatehouse.platform.config.SettingsException;
import dev.gatehouse.platform.config.StartupFailure;
import dev.gatehouse.platform.metrics.Telemetry;
import dev.gatehouse.platform.log.ApplicationLog;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.PGStatement;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The {@link DataSource} the container wraps in its JTA enlistment. It reads {@code DATABASE_URL}
 * through {@link Settings}, so that one variable, in either URL form, is all a deployment needs,
 * and pools connections with HikariCP sized by {@code DB_POOL_SIZE} (kept open) and
 * {@code DB_MAX_OVERFLOW} (extra under load): an application-defined data source cannot size the
 * server's own pool from the environment, so the server's pooling is off for this one.
 */
public class GatehouseDataSource implements DataSource {

    /** The one pool of this class loader, however many instances the container makes. */
    private static volatile HikariDataSource shared;

    /** How long a request waits for a free connection before it is answered 503. */
    private static final int CONNECTION_WAIT_MILLIS = 5_000;

    /**
     * How long the deployment on Payara waits for its first connections (Hibernate's metadata,
     * Flyway) until {@link #serving}: a cold JVM on cores shared with other booting servers can take
     * longer than a request's wait to open one, and the deployment would fail for it.
     */
    private static final int BOOT_CONNECTION_WAIT_MILLIS = 60_000;

    /** How long an overflow connection may sit idle before it is closed. */
    private static final int OVERFLOW_IDLE_MILLIS = 30_000;

    /**
     * {@code @DataSourceDefinition}'s {@code maxPoolSize}. Payara, whose pooling is off for the data
     * source, refuses a connection at once past it, so it must exceed any concurrency a node sees.
     * WildFly pools the connections it takes from here and keeps them: were its limit above this
     * pool's, a request would wait inside this pool for a connection that sits free in WildFly's and
     * fail after 5 s. So under WildFly this pool's maximum is this value (WildFly's request threads
     * bound it in practice) and only {@code DB_POOL_SIZE} applies.
     */
    public static final int SERVER_POOL_MAX = 100;

    /** WildFly pools the connections of an annotation-defined data source itself; Payara's pooling is off for it. */
    private static final boolean UNDER_SERVER_POOL = System.getProperty("jboss.home.dir") != null;

    private int loginTimeout;
    private PrintWriter logWriter;

    /** The container instantiates this class by name from the {@code @DataSourceDefinition}. */
    public GatehouseDataSource() {
        // settings are read on first use, after the deployment's class loader is in place
    }

    private static DataSource delegate() throws SQLException {
        HikariDataSource pool = shared;
        if (pool == null) {
            synchronized (GatehouseDataSource.class) {
                pool = shared;
                if (pool == null) {
                    pool = pool(settings());
                    shared = pool;
                }
            }
        }
        return pool;
    }

    /**
     * The settings, or the one clear line an operator needs: the pool asks for a connection before
     * anything else of the application runs, so this is where a bad setting is first met.
     */
    private static DatabaseSettings settings() throws SQLException {
        try {
            return Settings.current().database();
        } catch (SettingsException e) {
            throw new SQLException("Gatehouse cannot start: " + StartupFailure.fatal(e.getMessage()).getMessage(), "08001");
        }
    }

    private static HikariDataSource pool(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gatehouse");
        config.setDataSource(driver(settings.url()));
        int maximum = UNDER_SERVER_POOL ? SERVER_POOL_MAX : settings.poolSize() + settings.maxOverflow();
        config.setMinimumIdle(Math.min(settings.poolSize(), maximum));
        config.setMaximumPoolSize(maximum);
        // under WildFly its own connection manager waits for connections, and the wait stays as it was
        config.setConnectionTimeout(UNDER_SERVER_POOL ? CONNECTION_WAIT_MILLIS : BOOT_CONNECTION_WAIT_MILLIS);
        // only connections beyond DB_POOL_SIZE (the overflow) are closed when idle this long
        config.setIdleTimeout(OVERFLOW_IDLE_MILLIS);
        // Start without the database: requests get 503 until it answers, and the pool recovers.
        config.setInitializationFailTimeout(-1);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(Telemetry.REGISTRY));
        return new HikariDataSource(config);
    }

    /**
     * A connection of its own, outside the pool and outside JTA, that reports a dead peer within
     * {@code socketTimeoutSeconds}: for the notification listener, which holds one for the life of
     * the node. The caller closes it.
     */
    public static Connection dedicated(int socketTimeoutSeconds) throws SQLException {
        DataSource driver = driver(settings().url());
        if (driver instanceof PGSimpleDataSource pg) {
            pg.setSocketTimeout(socketTimeoutSeconds);
            pg.setTcpKeepAlive(true);
            pg.setApplicationName("gatehouse-listener");
        }
        return driver.getConnection();
    }

    /**
     * A pooled connection for auto-commit work outside any transaction, taken where it costs least
     * without starving anyone: under Payara, whose pooling is off for this data source, from the
     * pool itself, because every checkout through the container builds a resource handle and copies
     * the pool's configuration out of JNDI by serialization (a third of a refresh's CPU in a
     * profile); under WildFly, whose connection manager keeps the connections it takes from here,
     * from {@code container}, as everything else does. The caller closes it.
     */
    public static Connection outsideTransactions(DataSource container) throws SQLException {
        return UNDER_SERVER_POOL ? container.getConnection() : delegate().getConnection();
    }

    /**
     * Lets PostgreSQL keep the plan of {@code statement} on its connection from the first run (a
     * named server-side statement; after five runs a generic plan where it costs no more): for a
     * statement whose best plan is the same whatever its values, such as the refresh's primary-key
     * lookups, where planning it again at every run is a third of its cost on the database. Every
     * other statement is planned at each run with its actual values. Does nothing on H2.
     */
    public static PreparedStatement withKeptPlan(PreparedStatement statement) throws SQLException {
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(1);
        }
        return statement;
    }

    /**
     * The application has started: from now on a request waits at most five seconds for a
     * connection and is then answered {@code 503}.
     */
    public static void serving() {
        HikariDataSource pool = shared;
        if (pool != null) {
            pool.getHikariConfigMXBean().setConnectionTimeout(CONNECTION_WAIT_MILLIS);
        }
    }

    /** Closes the pool of this class loader; called when the application stops. */
    public static synchronized void closePools() {
        HikariDataSource pool = shared;
        shared = null;
        if (pool != null) {
            pool.close();
        }
    }

    static DataSource driver(DatabaseUrl url) {
        if (url.kind() == DatabaseUrl.Kind.H2) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url.jdbcUrl());
            h2.setUser(url.user());
            h2.setPassword(url.password() == null ? "" : url.password());
            return h2;
        }
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url.jdbcUrl());
        if (url.user() != null) {
            pg.setUser(url.user());
        }
        if (url.password() != null) {
            pg.setPassword(url.password());
        }
        pg.setConnectTimeout(5);
        pg.setSocketTimeout(30);
        pg.setApplicationName("gatehouse");
        if (!url.jdbcUrl().contains("prepareThreshold=")) {
            // Statements stay unnamed, so PostgreSQL plans each execution with its actual values: a
            // generic plan for a keyset page with a selective filter can scan millions of rows (see
            // docs/performance.md, "Scale"). A statement opts into a kept plan with withKeptPlan.
            pg.setPrepareThreshold(0);
        }
        return pg;
    }

    /**
     * A connection from the pool; closing it returns it. Under a connection manager that pools what
     * it gets from here (WildFly's IronJacamar), the connection reports its own breakage
     * ({@link ConnectionLost}) so the manager drops it instead of handing it out again.
     */
    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = delegate().getConnection();
        return UNDER_SERVER_POOL ? ConnectionLost.reporting(connection) : connection;
    }

    /** Credentials come from {@code DATABASE_URL}; those passed here by the pool are ignored. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    /** The writer set by the container, unused by the drivers here. */
    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Kept for the container's benefit; the drivers log through their own loggers. */
    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Kept for the container's benefit; the connect timeout is fixed at five seconds. */
    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    /** The value last set by the container. */
    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    /** Not supported: the drivers use their own loggers. */
    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    /** Unwraps to this class, the pool, or the driver's own data source. */
    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return delegate().unwrap(type);
    }

    /** True for this class and for what the driver's data source wraps. */
    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate().isWrapperFor(type);
    }
}
