package dev.gatehouse.platform.problem;

import jakarta.ejb.ApplicationException;
import java.util.List;
import java.util.Map;

/**
 * A refusal the client is told about: an HTTP status, the contract's {@code detail} string,
 * optional field errors and response headers. Every layer throws these (services, the JSON
 * reader, filters) and {@link Problem} renders them, so an error document is built in one place.
 *
 * <p>A failure always rolls the container transaction back. Evidence that must survive a refusal
 * (a failed login, a detected token reuse) is committed by the code that decides it, in a
 * transaction of its own, before the failure is thrown.
 */
@ApplicationException(rollback = true, inherited = true)
public class Failure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The challenge of every 401 that is not about a bearer token sent in {@code Authorization}. */
    public static final Map<String, String> PLAIN_CHALLENGE = Map.of("WWW-Authenticate", "Bearer");
    /** The challenge of a 401 about a bearer token sent in {@code Authorization}. */
    public static final Map<String, String> TOKEN_CHALLENGE = Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"");

    /** Detail of a refused credential (API.md). */
    public static final String INVALID_CREDENTIALS = "Invalid credentials";
    /** Detail of a refused token (API.md). */
    public static final String INVALID_TOKEN = "Invalid token";
    /** Detail of an expired bearer token (API.md). */
    public static final String TOKEN_EXPIRED = "Token has expired";
    /** Detail of a protected route called without a token (API.md). */
    public static final String NOT_AUTHENTICATED = "Not authenticated";
    /** Detail of a role too low (API.md). */
    public static final String FORBIDDEN = "Forbidden";
    /** Detail of any rate or throttle refusal (API.md). */
    public static final String TOO_MANY_REQUESTS = "Too many requests";
    /** Detail of a body validation failure. */
    public static final String VALIDATION_FAILED = "Request validation failed";
    /** Detail of a route without the request's method. */
    public static final String METHOD_NOT_ALLOWED = "Method not allowed";

    private static final Map<String, String> CLOSE = Map.of("Connection", "close");

    private final int status;
    private final transient List<FieldError> errors;
    private final transient Map<String, String> headers;

    private Failure(int status, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    private Failure(int status, String detail) {
        this(status, detail, List.of(), Map.of());
    }

    /** The HTTP status. */
    public int status() { return status; }

    /** The problem's title: the standard reason phrase of the status. */
    public String title() { return Problem.reasonPhrase(status); }

    /** The problem's detail, one of the contract's fixed strings where it names one. */
    public String detail() { return getMessage(); }

    /** Field errors, empty unless this is a validation failure. */
    public List<FieldError> errors() { return errors; }

    /** Extra response headers ({@code Retry-After}, {@code WWW-Authenticate}, {@code Allow}). */
    public Map<String, String> headers() { return headers; }

    /** 400 with field errors. */
    public static Failure badRequest(String detail, List<FieldError> errors) {
        return new Failure(400, detail, errors, Map.of());
    }

    /** 400 without field errors: a body or request that cannot be read at all. */
    public static Failure badRequest(String detail) {
        return badRequest(detail, List.of());
    }

    /** 400 for one malformed path or query value, naming it. */
    public static Failure invalidParameter(String name, String message) {
        return badRequest("Invalid parameter: " + name, List.of(new FieldError(name, message)));
    }

    /** 401 {@code Invalid credentials}: never says which credential was wrong. */
    public static Failure invalidCredentials() {
        return new Failure(401, INVALID_CREDENTIALS, List.of(), PLAIN_CHALLENGE);
    }

    /** 401 {@code Invalid token} for a bearer token sent in {@code Authorization}. */
    public static Failure invalidToken() {
        return new Failure(401, INVALID_TOKEN, List.of(), TOKEN_CHALLENGE);
    }

    /** 401 {@code Token has expired} for a genuine bearer token past its expiry. */
    public static Failure tokenExpired() {
        return new Failure(401, TOKEN_EXPIRED, List.of(), TOKEN_CHALLENGE);
    }

    /**
     * 401 {@code Invalid token} for a token sent in the body (refresh, reset, verification, MFA):
     * a plain challenge, since API.md reserves {@code error="invalid_token"} for {@code Authorization}.
     */
    public static Failure invalidBodyToken() {
        return new Failure(401, INVALID_TOKEN, List.of(), PLAIN_CHALLENGE);
    }

    /** 401 {@code Not authenticated}: a protected route and no bearer token. */
    public static Failure notAuthenticated() {
        return new Failure(401, NOT_AUTHENTICATED, List.of(), PLAIN_CHALLENGE);
    }

    /** 403 {@code Forbidden}: authenticated, but this caller may not do this. */
    public static Failure forbidden() {
        return forbidden(FORBIDDEN);
    }

    /** 403 with a more specific detail ({@code Registration is disabled}, ...). */
    public static Failure forbidden(String detail) {
        return new Failure(403, detail);
    }

    /** 404 with a detail such as {@code User not found}. */
    public static Failure notFound(String detail) {
        return new Failure(404, detail);
    }

    /** 405 listing the methods the route has ({@code Allow}, when known). */
    public static Failure methodNotAllowed(String allow) {
        return new Failure(405, METHOD_NOT_ALLOWED, List.of(), allow == null ? Map.of() : Map.of("Allow", allow));
    }

    /** 405 for a method refused on every path ({@code TRACE}); the connection closes, its body unread. */
    public static Failure methodRefused(String allow) {
        return new Failure(405, METHOD_NOT_ALLOWED, List.of(), Map.of("Connection", "close", "Allow", allow));
    }

    /** 501 for a method no route knows; the connection closes, its body unread. */
    public static Failure methodNotImplemented(boolean close) {
        return new Failure(501, "Method not implemented", List.of(), close ? CLOSE : Map.of());
    }

    /** 404 for a path nothing serves. */
    public static Failure noRoute() {
        return notFound("Not found");
    }

    /** 406 when the client accepts no representation the operation has. */
    public static Failure notAcceptable() {
        return new Failure(406, "Not acceptable");
    }

    /** 400 for a request the edge refuses before routing ({@code Invalid path}, {@code Malformed header}); the connection closes. */
    public static Failure malformedRequest(String detail) {
        return new Failure(400, detail, List.of(), CLOSE);
    }

    /** 400 for a request the client stopped sending before its body was whole. */
    public static Failure incompleteBody() {
        return badRequest("Request body incomplete");
    }

    /** Any other 4xx the runtime answers by itself, with the status's reason phrase as its detail. */
    public static Failure refusedByRuntime(int status) {
        return new Failure(status, Problem.reasonPhrase(status));
    }

    /** 409 for a write that lost an optimistic-lock race. */
    public static Failure concurrentChange() {
        return conflict("The resource was changed concurrently: reload it and retry");
    }

    /** 409 with a detail such as {@code Email already registered}. */
    public static Failure conflict(String detail) {
        return new Failure(409, detail);
    }

    /** 413 for a body over {@code MAX_BODY_BYTES}; the connection is closed (the rest is unread). */
    public static Failure tooLarge() {
        return new Failure(413, "Request body too large", List.of(), Map.of("Connection", "close"));
    }

    /** 415 for a body that is not JSON. */
    public static Failure unsupportedMediaType() {
        return new Failure(415, "Unsupported media type: send application/json");
    }

    /** 429 with {@code Retry-After}. */
    public static Failure tooManyRequests(long retryAfterSeconds) {
        return new Failure(429, TOO_MANY_REQUESTS, List.of(), Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** 500 that says nothing more; the cause goes to the application log. */
    public static Failure internalError() {
        return new Failure(500, "Internal server error");
    }

    /** 503 when the database (or another dependency) cannot be reached. */
    public static Failure unavailable() {
        return new Failure(503, "Service temporarily unavailable", List.of(), Map.of("Retry-After", "5"));
    }
}
