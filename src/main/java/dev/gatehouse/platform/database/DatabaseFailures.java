package dev.gatehouse.platform.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a database that cannot be reached (or went away mid-request) from a bug. Such failures are
 * answered {@code 503} with {@code Retry-After}; the pool replaces broken connections by itself.
 */
public final class DatabaseFailures {

    /**
     * PostgreSQL states that mean the server is going, gone or refusing connections: shutdown by an
     * administrator, a crash, still starting up, too many connections.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private static final Set<String> CONTAINER_FAILURES = Set.of(
            "jakarta.resource.ResourceException",
            "jakarta.resource.spi.ResourceAllocationException",
            "com.sun.appserv.connectors.internal.api.PoolingException",
            "org.hibernate.exception.JDBCConnectionException",
            // A container-managed commit that fails: the connection died between the last statement
            // and the commit (the transaction manager reports it without the driver's cause).
            "jakarta.transaction.SystemException",
            "javax.transaction.xa.XAException",
            "jakarta.transaction.HeuristicMixedException",
            "jakarta.transaction.HeuristicRollbackException");

    private DatabaseFailures() {
    }

    /** True when {@code cause} (one link of a chain) says the database could not be reached. */
    public static boolean unreachable(Throwable cause) {
        if (cause instanceof ConnectionLost || cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
                return true;
            }
        }
        return CONTAINER_FAILURES.contains(cause.getClass().getName());
    }

    /** True when {@code e} or any of its causes says the database could not be reached. */
    public static boolean unreachableAnywhere(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (unreachable(cause)) {
                return true;
            }
        }
        return false;
    }
}
