package dev.gatehouse.platform.problem;

import static dev.gatehouse.platform.json.JsonSupport.JSON;

import dev.gatehouse.platform.log.RequestId;
import dev.gatehouse.platform.web.SecurityHeaders;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renders a {@link Failure} as an RFC 9457 problem document: {@code type}, {@code status},
 * {@code title}, {@code detail} and, for validation failures, {@code errors[]}. The one builder
 * of error documents: JAX-RS mappers use {@link #response}, code that answers before or outside
 * JAX-RS (filters, the authentication mechanism, the error page) uses {@link #write}, which also
 * sets the security headers and the request id.
 */
public final class Problem {

    /** The media type of every error response. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The {@code Content-Type} actually sent. */
    public static final String CONTENT_TYPE = MEDIA_TYPE + ";charset=UTF-8";

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(409, "Conflict"), Map.entry(411, "Length Required"), Map.entry(413, "Content Too Large"),
            Map.entry(414, "URI Too Long"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(422, "Unprocessable Content"), Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"));

    private Problem() {
    }

    /** The standard reason phrase of {@code status}, the problem's {@code title}. */
    public static String reasonPhrase(int status) {
        return REASONS.getOrDefault(status, status < 500 ? "Client Error" : "Server Error");
    }

    /** The JSON text of the problem document ({@link ProblemDocument}). */
    public static String json(Failure failure) {
        ProblemDocument document = ProblemDocument.of(failure);
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("type", document.type())
                .add("status", document.status())
                .add("title", document.title())
                .add("detail", document.detail());
        if (document.errors() != null) {
            JsonArrayBuilder list = JSON.createArrayBuilder();
            document.errors().forEach(e -> list.add(JSON.createObjectBuilder().add("field", e.field()).add("message", e.message())));
            body.add("errors", list);
        }
        return body.build().toString();
    }

    /** A JAX-RS response carrying the problem and the failure's headers. */
    public static Response response(Failure failure) {
        Response.ResponseBuilder response = Response.status(failure.status()).type(CONTENT_TYPE).entity(json(failure));
        failure.headers().forEach(response::header);
        return response.build();
    }

    /**
     * Writes the problem straight to a servlet response, with the security headers and the
     * request id, keeping headers already set (CORS, rate limit). Does nothing once the response
     * is committed: the status line has gone out and nothing honest can be added.
     */
    public static void write(Failure failure, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(failure.status());
        failure.headers().forEach(response::setHeader);
        SecurityHeaders.apply(request, response);
        response.setHeader(RequestId.HEADER, RequestId.of(request));
        response.setContentType(CONTENT_TYPE);
        byte[] bytes = json(failure).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
