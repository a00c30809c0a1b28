package dev.gatehouse.service;

import jakarta.ejb.ApplicationException;
import java.util.List;
import java.util.Map;

/**
 * A refusal the client is told about: an HTTP status, the contract's {@code detail} string,
 * optional field errors and headers. By default the transaction rolls back; subclasses that
 * record evidence of an attack (failed logins, token reuse) commit it instead.
 */
@ApplicationException(rollback = true, inherited = true)
public class ServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final transient List<FieldError> errors;
    private final transient Map<String, String> headers;

    /** A refusal with a status, its standard title and a detail. */
    public ServiceException(int status, String title, String detail) {
        this(status, title, detail, List.of(), Map.of());
    }

    /** A refusal with field errors and response headers as well. */
    public ServiceException(int status, String title, String detail, List<FieldError> errors,
                            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** One invalid field of a request. @param field the JSON name as sent @param message why */
    public record FieldError(String field, String message) {
    }

    /** The HTTP status. */
    public int status() { return status; }

    /** The problem's title (the status's reason phrase). */
    public String title() { return title; }

    /** The problem's detail, one of the contract's fixed strings where it names one. */
    public String detail() { return getMessage(); }

    /** Field errors, empty unless this is a validation failure. */
    public List<FieldError> errors() { return errors; }

    /** Extra response headers (Retry-After, WWW-Authenticate). */
    public Map<String, String> headers() { return headers; }

    /** 400 with field errors. */
    public static ServiceException badRequest(String detail, List<FieldError> errors) {
        return new ServiceException(400, "Bad Request", detail, errors, Map.of());
    }

    /** 403 Forbidden: authenticated, but this caller may not do this. */
    public static ServiceException forbidden() {
        return new ServiceException(403, "Forbidden", "Forbidden");
    }

    /** 404 with a detail such as "User not found". */
    public static ServiceException notFound(String detail) {
        return new ServiceException(404, "Not Found", detail);
    }

    /** 409 with a detail such as "Email already registered". */
    public static ServiceException conflict(String detail) {
        return new ServiceException(409, "Conflict", detail);
    }

    /** 401 "Invalid credentials"; commits the failure record. */
    public static ServiceException invalidCredentials() {
        return new AuthenticationFailed("Invalid credentials", Map.of("WWW-Authenticate", "Bearer"));
    }

    /** 401 "Invalid token" for a bearer token refused after the mechanism accepted it. */
    public static ServiceException invalidToken() {
        return new AuthenticationFailed("Invalid token",
                Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }

    /**
     * 401 "Invalid token" for a refused refresh token, which travels in the body: the challenge
     * is a plain {@code Bearer} (API.md reserves {@code error="invalid_token"} for a token sent in
     * {@code Authorization}). Commits a reuse revocation.
     */
    public static ServiceException invalidRefreshToken() {
        return new AuthenticationFailed("Invalid token", Map.of("WWW-Authenticate", "Bearer"));
    }

    /** 429 with {@code Retry-After}; commits the throttle record. */
    public static ServiceException tooManyRequests(long retryAfterSeconds) {
        return new Throttled(retryAfterSeconds);
    }

    /** An authentication failure whose evidence must be committed, not rolled back. */
    @ApplicationException(rollback = false, inherited = true)
    public static class AuthenticationFailed extends ServiceException {
        private static final long serialVersionUID = 1L;

        AuthenticationFailed(String detail, Map<String, String> headers) {
            super(401, "Unauthorized", detail, List.of(), headers);
        }
    }

    /** A throttled attempt; its activity entry is committed. */
    @ApplicationException(rollback = false, inherited = true)
    public static class Throttled extends ServiceException {
        private static final long serialVersionUID = 1L;

        Throttled(long retryAfterSeconds) {
            super(429, "Too Many Requests", "Too many requests", List.of(),
                    Map.of("Retry-After", Long.toString(retryAfterSeconds)));
        }
    }
}
