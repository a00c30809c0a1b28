package dev.gatehouse.api;

import dev.gatehouse.config.ApplicationLog;
import dev.gatehouse.service.ServiceException;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.persistence.OptimisticLockException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.logging.Level;

/**
 * The last line: unwraps container wrappers to find a known failure, answers 503 when the
 * database cannot be reached, 409 for a lost optimistic-lock race, and otherwise a bare 500 whose
 * cause goes to the application log with the request id, never to the client.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    @Context
    HttpServletRequest request;

    /** See the class comment. */
    @Override
    public Response toResponse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ServiceException service) {
                return ServiceExceptionMapper.response(service);
            }
            if (cause instanceof EJBAccessException) {
                return WebApplicationExceptionMapper.refusal(request);
            }
            if (cause instanceof ConstraintViolationException violation) {
                return new ConstraintViolationMapper().toResponse(violation);
            }
            if (cause instanceof WebApplicationException web && cause != e) {
                WebApplicationExceptionMapper mapper = new WebApplicationExceptionMapper();
                mapper.request = request;
                return mapper.toResponse(web);
            }
            if (cause instanceof OptimisticLockException || cause instanceof org.hibernate.StaleStateException) {
                return Problem.of(409, "Conflict", "The resource was changed concurrently: reload it and retry")
                        .toResponse(Map.of());
            }
            if (databaseUnreachable(cause)) {
                ApplicationLog.logger().warning("database unavailable: " + cause);
                return Problem.of(503, "Service Unavailable", "Service temporarily unavailable")
                        .toResponse(Map.of("Retry-After", "5"));
            }
        }
        return internalError(e);
    }

    /** True when {@code cause} says the database could not be reached or a connection had. */
    public static boolean databaseUnreachable(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            return true;
        }
        String name = cause.getClass().getName();
        return name.equals("jakarta.resource.ResourceException")
                || name.equals("com.sun.appserv.connectors.internal.api.PoolingException")
                || name.equals("jakarta.resource.spi.ResourceAllocationException");
    }

    static Response internalError(Throwable e) {
        ApplicationLog.logger().log(Level.SEVERE, "unexpected failure", e);
        return Problem.of(500, "Internal Server Error", "Internal server error").toResponse(Map.of());
    }
}
