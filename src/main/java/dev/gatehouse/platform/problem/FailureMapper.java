package dev.gatehouse.platform.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Everything thrown under JAX-RS but a bare validation failure (see {@link ConstraintViolationMapper}):
 * {@link Failures#classify} names the refusal, {@link Problem} writes it. One mapper for
 * {@code Throwable} also receives JAX-RS's own refusals (no route, wrong method or media type, a
 * role check), so there is one path from an exception to a problem document.
 *
 * <p>A request with no body at all that the runtime refuses for its missing {@code Content-Type}
 * (RESTEasy matches {@code @Consumes} first; Jersey lets it through to the operation) is the
 * contract's missing body, {@code 400 Malformed JSON}, on every runtime: {@code 415} is for a
 * body that is not JSON.
 */
@Provider
public class FailureMapper implements ExceptionMapper<Throwable> {

    @Context
    SecurityContext security;

    @Context
    HttpHeaders headers;

    /** The problem document of {@code thrown}. */
    @Override
    public Response toResponse(Throwable thrown) {
        Failure failure = Failures.classify(thrown, security != null && security.getUserPrincipal() != null);
        return Problem.response(headers == null ? failure : forRequest(failure, headers));
    }

    /** {@code failure} as this request's answer: a 415 on a request without a body is a missing body. */
    static Failure forRequest(Failure failure, HttpHeaders headers) {
        return failure.status() == 415 && !carriesBody(headers) ? Failure.malformedJson() : failure;
    }

    /** True when the request announced a body: a positive length, or a chunked one. */
    static boolean carriesBody(HttpHeaders headers) {
        return headers.getLength() > 0 || headers.getHeaderString("Transfer-Encoding") != null;
    }
}
