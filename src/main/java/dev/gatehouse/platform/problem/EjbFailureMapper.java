package dev.gatehouse.platform.problem;

import jakarta.annotation.Priority;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A failure an EJB container wrapped ({@code EJBException}: an unreachable database, a bug) goes
 * straight to {@link Failures#classify}, like every other throwable. It takes precedence over
 * Jersey's own EJB mapper, which would ask the mapper of the cause twice per request (once to
 * test, once to answer), and so log the failure twice.
 */
@Provider
@Priority(1)
public class EjbFailureMapper implements ExceptionMapper<EJBException> {

    @Context
    SecurityContext security;

    /** The problem document of {@code thrown}. */
    @Override
    public Response toResponse(EJBException thrown) {
        return Problem.response(Failures.classify(thrown, security != null && security.getUserPrincipal() != null));
    }
}
