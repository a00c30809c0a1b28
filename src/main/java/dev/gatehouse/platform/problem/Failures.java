package dev.gatehouse.platform.problem;

import dev.gatehouse.platform.database.DatabaseFailures;
import dev.gatehouse.platform.log.ApplicationLog;
import jakarta.ejb.EJBAccessException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import java.io.EOFException;
import java.io.IOException;
import java.util.logging.Level;
import org.hibernate.StaleStateException;

/**
 * The one classifier of failures: whatever was thrown (by a service, the container, JAX-RS, the
 * persistence layer) or whatever status the runtime answered by itself, the contract's refusal it
 * stands for. The exception mappers, the error page and the bearer mechanism all ask it, so the
 * same cause always gets the same answer and the same log line.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * The failure {@code e} or one of its causes stands for: a {@link Failure} as it is; a role
     * check ({@code 401} for an anonymous caller, else {@code 403}); a validation failure; a client
     * that stopped sending; a lost optimistic-lock race ({@code 409}); a database that cannot be
     * reached ({@code 503}, one warning line); anything else a bare {@code 500}, its cause logged.
     *
     * @param authenticated whether the request has an authenticated caller
     */
    public static Failure classify(Throwable e, boolean authenticated) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            Failure known = known(cause, authenticated);
            if (known != null) {
                return known;
            }
        }
        ApplicationLog.logger().log(Level.SEVERE, "unexpected failure", e);
        return Failure.internalError();
    }

    /** {@link #classify(Throwable, boolean)} for a request nobody is authenticated on. */
    public static Failure classify(Throwable e) {
        return classify(e, false);
    }

    /**
     * The failure a status the runtime answered by itself stands for (a JAX-RS refusal, an error
     * page): the contract's detail for each, {@code Allow} kept for a 405.
     */
    public static Failure ofStatus(int status, String allow, boolean authenticated) {
        return switch (status) {
            case 400 -> Failure.badRequest("Bad request");
            case 401, 403 -> authenticated ? Failure.forbidden() : Failure.notAuthenticated();
            case 404 -> Failure.noRoute();
            case 405 -> Failure.methodNotAllowed(allow);
            case 406 -> Failure.notAcceptable();
            case 413 -> Failure.tooLarge();
            case 415 -> Failure.unsupportedMediaType();
            case 501 -> Failure.methodNotImplemented(false);
            case 503 -> Failure.unavailable();
            default -> status < 500 ? Failure.refusedByRuntime(status) : unexpected("the runtime answered " + status);
        };
    }

    /** The failure of a client that stopped sending its body: one short log line, a 400 nobody will read. */
    public static Failure clientAbort(IOException cause) {
        ApplicationLog.logger().info(() -> "client abandoned its request body: " + cause.getClass().getSimpleName());
        return Failure.incompleteBody();
    }

    /**
     * True when {@code e}, thrown while a response went out, means the client went away: an
     * {@link IOException} somewhere in its chain (broken pipe, connection reset, Grizzly's
     * {@code Connection is closed}, Undertow's closed channel). The request body is read whole before
     * any resource runs, so an I/O failure after that can only be the response's delivery.
     */
    public static boolean clientGone(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Notes a response the client did not wait for: one INFO line with the I/O failure's type and
     * message, no stack trace (a client closing its connection is routine, not a server fault), and
     * nothing to answer.
     */
    public static void responseAbandoned(Throwable e) {
        Throwable io = e;
        while (!(io instanceof IOException) && io.getCause() != null) {
            io = io.getCause();
        }
        String what = io.getClass().getSimpleName() + (io.getMessage() == null ? "" : ": " + io.getMessage());
        ApplicationLog.logger().info(() -> "client went away before its response was delivered (" + what + ")");
    }

    private static Failure known(Throwable cause, boolean authenticated) {
        if (cause instanceof Failure failure) {
            return failure;
        }
        if (cause instanceof EJBAccessException) {
            return authenticated ? Failure.forbidden() : Failure.notAuthenticated();
        }
        if (cause instanceof ConstraintViolationException violation) {
            return ConstraintViolationMapper.failureOf(violation);
        }
        if (cause instanceof WebApplicationException web && !(web.getCause() instanceof Failure)) {
            return ofStatus(web.getResponse().getStatus(), web.getResponse().getHeaderString("Allow"), authenticated);
        }
        if (cause instanceof EOFException eof) {
            return clientAbort(eof);
        }
        if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
            return Failure.concurrentChange();
        }
        if (DatabaseFailures.unreachable(cause)) {
            ApplicationLog.logger().warning(() -> "database unavailable: " + firstLine(cause));
            ApplicationLog.logger().log(Level.FINE, "database unavailable", cause);
            return Failure.unavailable();
        }
        return null;
    }

    private static Failure unexpected(String what) {
        ApplicationLog.logger().severe(what);
        return Failure.internalError();
    }

    /** The failure's type and the first line of the first message in its chain (a transaction manager's has none). */
    private static String firstLine(Throwable cause) {
        String message = null;
        for (Throwable link = cause; link != null && message == null; link = link.getCause()) {
            message = link.getMessage();
        }
        message = String.valueOf(message);
        int end = message.indexOf('\n');
        return cause.getClass().getSimpleName() + ": " + (end < 0 ? message : message.substring(0, end));
    }
}
