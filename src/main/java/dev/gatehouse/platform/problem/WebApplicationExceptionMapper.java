package dev.gatehouse.platform.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own refusals (no route, wrong method, wrong media type, role checks) as problem
 * documents. A role check failing for an anonymous caller is a 401: {@code Not authenticated}
 * without a token, or the reason the bearer mechanism refused the token it was given.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    /** Request attribute where the authentication mechanism leaves the failure of a refused token. */
    public static final String TOKEN_FAILURE = WebApplicationExceptionMapper.class.getName() + ".tokenFailure";

    @Context
    HttpServletRequest request;

    /** See the class comment; a 5xx from the runtime is an internal error. */
    @Override
    public Response toResponse(WebApplicationException e) {
        return Problem.response(failureOf(e, request));
    }

    /** The failure a JAX-RS refusal stands for. */
    static Failure failureOf(WebApplicationException e, HttpServletRequest request) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof Failure failure) {
                return failure;
            }
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        return switch (status) {
            // Jersey's role check refuses without a body, RESTEasy's (WildFly) with a text/plain one.
            case 401, 403 -> refusal(request);
            case 404 -> Failure.notFound("Not found");
            case 405 -> Failure.methodNotAllowed(original.getHeaderString("Allow"));
            case 406 -> new Failure(406, "Not acceptable");
            case 413 -> Failure.tooLarge();
            case 415 -> Failure.unsupportedMediaType();
            default -> status >= 500 ? UnexpectedExceptionMapper.logged(e) : new Failure(status, Problem.reasonPhrase(status));
        };
    }

    /** 401 for an anonymous caller (with the reason a bearer token was refused), else 403. */
    public static Failure refusal(HttpServletRequest request) {
        if (request.getUserPrincipal() != null) {
            return Failure.forbidden();
        }
        return request.getAttribute(TOKEN_FAILURE) instanceof Failure tokenFailure ? tokenFailure : Failure.notAuthenticated();
    }
}
