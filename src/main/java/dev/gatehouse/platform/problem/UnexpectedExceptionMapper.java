package dev.gatehouse.platform.problem;

import dev.gatehouse.platform.database.DatabaseFailures;
import dev.gatehouse.platform.log.ApplicationLog;
import jakarta.ejb.EJBAccessException;
import jakarta.persistence.OptimisticLockException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.EOFException;
import java.util.logging.Level;
import org.hibernate.StaleStateException;

/**
 * The last line: unwraps container wrappers (EJB, persistence) to find a known failure, answers
 * 503 when the database cannot be reached, 409 for a lost optimistic-lock race, and otherwise a
 * bare 500 whose cause goes to the application log with the request id, never to the client.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    @Context
    HttpServletRequest request;

    /** See the class comment. */
    @Override
    public Response toResponse(Throwable e) {
        return Problem.response(classify(e, request));
    }

    /** The failure that {@code e} or one of its causes stands for. */
    public static Failure classify(Throwable e, HttpServletRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof Failure failure) {
                return failure;
            }
            if (cause instanceof EJBAccessException) {
                return WebApplicationExceptionMapper.refusal(request);
            }
            if (cause instanceof ConstraintViolationException violation) {
                return ConstraintViolationMapper.failureOf(violation);
            }
            if (cause instanceof WebApplicationException web) {
                return WebApplicationExceptionMapper.failureOf(web, request);
            }
            if (cause instanceof EOFException eof) {
                return ClientAbort.of(eof);
            }
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return Failure.conflict("The resource was changed concurrently: reload it and retry");
            }
            if (DatabaseFailures.unreachable(cause)) {
                ApplicationLog.logger().warning("database unavailable: " + cause);
                return Failure.unavailable();
            }
        }
        return logged(e);
    }

    /** The generic 500, after logging the cause with the request id. */
    static Failure logged(Throwable e) {
        ApplicationLog.logger().log(Level.SEVERE, "unexpected failure", e);
        return Failure.internalError();
    }
}
