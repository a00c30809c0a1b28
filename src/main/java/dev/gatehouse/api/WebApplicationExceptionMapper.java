package dev.gatehouse.api;

import dev.gatehouse.security.BearerTokenMechanism;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.HashMap;
import java.util.Map;

/**
 * JAX-RS's own refusals (no route, wrong method, wrong media type, role checks) as problem
 * documents. A role check failing for an anonymous caller is a 401: "Not authenticated" without a
 * token, or the bearer mechanism's reason ("Token has expired", "Invalid token") with one.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    HttpServletRequest request;

    /**
     * Role refusals become problem documents; any other response that already has a body is kept;
     * the rest become problem documents too.
     */
    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status == 403 || status == 401) {
            // Checked before the body: Jersey's role check refuses without one, RESTEasy's (WildFly)
            // with a text/plain one. The application itself never throws these.
            return refusal(request);
        }
        if (original.hasEntity()) {
            return original;
        }
        Map<String, String> headers = new HashMap<>();
        String allow = original.getHeaderString("Allow");
        if (allow != null) {
            headers.put("Allow", allow);
        }
        Response.StatusType type = original.getStatusInfo();
        String detail = switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type: send application/json";
            default -> type.getReasonPhrase();
        };
        if (status >= 500) {
            return UnexpectedExceptionMapper.internalError(e);
        }
        return Problem.of(status, type.getReasonPhrase(), detail).toResponse(headers);
    }

    /** 401 for an anonymous caller (with the reason a bearer token was refused), else 403. */
    static Response refusal(HttpServletRequest request) {
        if (request.getUserPrincipal() == null) {
            Object failure = request.getAttribute(BearerTokenMechanism.FAILURE);
            if (failure != null) {
                return Problem.of(401, "Unauthorized", failure.toString())
                        .toResponse(Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
            }
            return Problem.of(401, "Unauthorized", "Not authenticated")
                    .toResponse(Map.of("WWW-Authenticate", "Bearer"));
        }
        return Problem.of(403, "Forbidden", "Forbidden").toResponse(Map.of());
    }
}
