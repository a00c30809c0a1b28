package dev.gatehouse.platform.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A pooled connection that broke, reported so that a connection manager above the pool lets go of
 * it. HikariCP marks a connection broken on a connection-class error (it closes its proxy and every
 * later call says "Connection is closed"), but IronJacamar, which on WildFly keeps the connections
 * it takes from Hikari in a pool of its own, is told nothing an annotation-defined data source can
 * configure (no exception sorter, no validation): it would hand the dead connection out forever. It
 * does destroy a managed connection whose driver throws an unchecked exception, so a connection
 * handed to it by {@link #reporting} turns any {@link SQLException} after which Hikari's connection
 * is closed into this exception; IronJacamar destroys its managed connection, closes ours (Hikari
 * drops it) and hands the application an {@link SQLException} whose cause is this one, which
 * {@link DatabaseFailures} reads as an unreachable database.
 */
public final class ConnectionLost extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private ConnectionLost(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /**
     * {@code connection} wrapped so that its statements and result sets report a broken connection as
     * {@link ConnectionLost}; every other call and outcome is the connection's own.
     */
    public static Connection reporting(Connection connection) {
        return wrap(Connection.class, connection, connection);
    }

    private static <T> T wrap(Class<T> type, T target, Connection connection) {
        Object proxy = Proxy.newProxyInstance(ConnectionLost.class.getClassLoader(), new Class<?>[] {type},
                new Reporter(target, connection));
        return type.cast(proxy);
    }

    /** Forwards every call; wraps the statements and result sets it returns; reports a broken connection. */
    private record Reporter(Object target, Connection connection) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    return arguments.length == 1 && proxy == arguments[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "reporting " + target;
                default:
                    break;
            }
            Object result;
            try {
                result = method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException sql && broken()) {
                    throw new ConnectionLost(sql);
                }
                throw cause;
            }
            return wrapped(method.getReturnType(), result);
        }

        private boolean broken() {
            try {
                return connection.isClosed();
            } catch (SQLException e) {
                return true;
            }
        }

        private Object wrapped(Class<?> type, Object result) {
            if (result == null || !type.isInterface()) {
                return result;
            }
            if (Statement.class.isAssignableFrom(type) || ResultSet.class.isAssignableFrom(type)) {
                return wrapAs(type, result);
            }
            return result;
        }

        private <T> T wrapAs(Class<T> type, Object result) {
            return wrap(type, type.cast(result), connection);
        }
    }
}
