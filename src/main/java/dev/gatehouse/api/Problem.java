package dev.gatehouse.api;

import static dev.gatehouse.util.JsonSupport.JSON;

import dev.gatehouse.service.ServiceException.FieldError;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem document: {@code status}, {@code title}, {@code detail}, and
 * {@code errors[]} for validation failures. Rendered the same way by JAX-RS mappers and by
 * servlet-level code (filters, the authentication mechanism) that answers before JAX-RS.
 *
 * @param status the HTTP status
 * @param title the status's reason phrase
 * @param detail the contract's detail string
 * @param errors field errors, possibly empty
 */
public record Problem(int status, String title, String detail, List<FieldError> errors) {

    /** The media type of every error response. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem without field errors. */
    public static Problem of(int status, String title, String detail) {
        return new Problem(status, title, detail, List.of());
    }

    /** The JSON text. */
    public String toJson() {
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("type", "about:blank")
                .add("status", status)
                .add("title", title)
                .add("detail", detail);
        if (!errors.isEmpty()) {
            JsonArrayBuilder list = JSON.createArrayBuilder();
            errors.forEach(e -> list.add(JSON.createObjectBuilder().add("field", e.field()).add("message", e.message())));
            body.add("errors", list);
        }
        return body.build().toString();
    }

    /** A JAX-RS response carrying this problem and {@code headers}. */
    public Response toResponse(Map<String, String> headers) {
        Response.ResponseBuilder response = Response.status(status)
                .type(MEDIA_TYPE + ";charset=UTF-8")
                .entity(toJson());
        headers.forEach(response::header);
        return response.build();
    }

    /** Writes this problem straight to a servlet response (before or outside JAX-RS). */
    public void writeTo(HttpServletResponse response, Map<String, String> headers) throws IOException {
        response.setStatus(status);
        headers.forEach(response::setHeader);
        response.setContentType(MEDIA_TYPE + ";charset=UTF-8");
        byte[] bytes = toJson().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
