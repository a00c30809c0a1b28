package dev.gatehouse.platform.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A failure thrown anywhere under JAX-RS becomes its problem document, with the headers it carries. */
@Provider
public class FailureMapper implements ExceptionMapper<Failure> {

    /** The failure's status, detail, field errors and headers, as they are. */
    @Override
    public Response toResponse(Failure failure) {
        return Problem.response(failure);
    }
}
