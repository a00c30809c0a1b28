package dev.gatehouse.platform.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Everything thrown under JAX-RS but a bare validation failure (see {@link ConstraintViolationMapper}):
 * {@link Failures#classify} names the refusal, {@link Problem} writes it. One mapper for
 * {@code Throwable} also receives JAX-RS's own refusals (no route, wrong method or media type, a
 * role check), so there is one path from an exception to a problem document.
 */
@Provider
public class FailureMapper implements ExceptionMapper<Throwable> {

    @Context
    SecurityContext security;

    /** The problem document of {@code thrown}. */
    @Override
    public Response toResponse(Throwable thrown) {
        return Problem.response(Failures.classify(thrown, security != null && security.getUserPrincipal() != null));
    }
}
