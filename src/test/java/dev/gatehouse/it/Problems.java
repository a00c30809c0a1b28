package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one family of assertions on server replies, as strict as API.md and docs/api.md: what every
 * response carries (request id, security headers), what every problem document is, and the
 * specific refusals of the contract (bearer challenges, {@code Not authenticated},
 * {@code Forbidden}, field errors). Each method fails with the reply's body in its message.
 */
public final class Problems {

    /** The problem titles docs/api.md promises: the reason phrase of the status. */
    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
            Map.entry(413, "Content Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(406, "Not Acceptable"), Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"));
    /** What the server accepts from a client as a request id, and therefore what it may echo. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Detail of a body whose fields are refused (docs/api.md). */
    private static final String VALIDATION_FAILED = "Request validation failed";

    private Problems() {
    }

    // ---- every response --------------------------------------------------------------------

    /**
     * The headers of every response: a sane {@code X-Request-Id}, {@code nosniff},
     * {@code Referrer-Policy: no-referrer}, {@code X-Frame-Options: DENY}, each exactly once, and no
     * HSTS (the tests speak plain HTTP); for a path under {@code /api} also {@link #assertApiHeaders}.
     */
    public static void assertSecurityHeaders(Api.Reply reply) {
        String id = reply.header("X-Request-Id");
        assertNotNull(id, () -> "no X-Request-Id on a " + reply.status() + " of " + reply.path());
        assertTrue(REQUEST_ID.matcher(id).matches(), () -> "X-Request-Id " + id);
        assertEquals(List.of("nosniff"), reply.headers("X-Content-Type-Options"), () -> "X-Content-Type-Options of " + where(reply));
        assertEquals(List.of("no-referrer"), reply.headers("Referrer-Policy"), () -> "Referrer-Policy of " + where(reply));
        assertEquals(List.of("DENY"), reply.headers("X-Frame-Options"), () -> "X-Frame-Options of " + where(reply));
        assertNull(reply.header("Strict-Transport-Security"), () -> "HSTS over plain HTTP on " + where(reply));
        if (isApi(reply)) {
            assertApiHeaders(reply);
        }
    }

    /**
     * The extra headers of every {@code /api} response: {@code Cache-Control: no-store} and
     * {@code Content-Security-Policy: default-src 'none'; frame-ancestors 'none'}, each exactly once.
     */
    public static void assertApiHeaders(Api.Reply reply) {
        assertEquals(List.of("no-store"), reply.headers("Cache-Control"), () -> "Cache-Control of " + where(reply));
        assertEquals(List.of("default-src 'none'; frame-ancestors 'none'"), reply.headers("Content-Security-Policy"),
                () -> "Content-Security-Policy of " + where(reply));
    }

    // ---- problem documents -----------------------------------------------------------------

    /**
     * A problem document of {@code status}: that status line and {@code status} field,
     * {@code Content-Type: application/problem+json;charset=UTF-8}, {@code type} {@code about:blank},
     * the status's reason phrase as {@code title}, a non-blank {@code detail}, no stack trace or
     * class name, and the headers of {@link #assertSecurityHeaders}.
     *
     * @return the parsed document
     */
    public static JsonObject assertProblemDocument(Api.Reply reply, int status) {
        assertEquals(status, reply.status(), () -> "status of " + where(reply) + ": " + reply.body());
        String contentType = reply.header("Content-Type");
        assertNotNull(contentType, () -> "no Content-Type on " + where(reply));
        assertEquals("application/problem+json;charset=utf-8", contentType.replace(" ", "").toLowerCase(Locale.ROOT),
                () -> "Content-Type of " + where(reply));
        String body = reply.body();
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("dev.gatehouse."),
                () -> "a problem document leaks internals: " + body);
        JsonObject problem = reply.json();
        assertEquals(status, problem.getInt("status"), body);
        assertEquals("about:blank", problem.getString("type"), body);
        String title = TITLES.get(status);
        assertNotNull(title, () -> "no title known for " + status + ": add its reason phrase to TITLES");
        assertEquals(title, problem.getString("title"), body);
        assertFalse(problem.getString("detail").isBlank(), body);
        assertSecurityHeaders(reply);
        return problem;
    }

    /** A problem document of {@code status} with exactly this {@code detail} and no {@code errors[]}. */
    public static JsonObject assertProblem(Api.Reply reply, int status, String detail) {
        JsonObject problem = assertProblemDocument(reply, status);
        assertEquals(detail, problem.getString("detail"), () -> "detail of " + where(reply));
        assertFalse(problem.containsKey("errors"), () -> "unexpected errors[]: " + reply.body());
        return problem;
    }

    /** 403 {@code Forbidden}: authenticated, but the role is too low. */
    public static void assertForbidden(Api.Reply reply) {
        assertProblem(reply, 403, "Forbidden");
        assertNull(reply.header("WWW-Authenticate"), "a 403 is no challenge");
    }

    /** 429 {@code Too many requests} with {@code Retry-After} in whole seconds, at least 1; returns them. */
    public static long assertTooManyRequests(Api.Reply reply) {
        assertProblem(reply, 429, "Too many requests");
        String retryAfter = reply.header("Retry-After");
        assertNotNull(retryAfter, "Retry-After");
        assertTrue(retryAfter.matches("[1-9]\\d*"), () -> "Retry-After: " + retryAfter);
        return Long.parseLong(retryAfter);
    }

    // ---- 401 and its challenges ------------------------------------------------------------

    /** 401 about a bearer token sent in {@code Authorization}: the detail and {@code Bearer error="invalid_token"}. */
    public static void assertTokenRefused(Api.Reply reply, String detail) {
        assertProblem(reply, 401, detail);
        assertEquals(List.of("Bearer error=\"invalid_token\""), reply.headers("WWW-Authenticate"), reply.body());
    }

    /** 401 {@code Invalid token} for a bearer token. */
    public static void assertInvalidToken(Api.Reply reply) {
        assertTokenRefused(reply, "Invalid token");
    }

    /** 401 with the plain {@code WWW-Authenticate: Bearer} challenge: no {@code error} parameter. */
    public static void assertPlainChallenge(Api.Reply reply, String detail) {
        assertProblem(reply, 401, detail);
        assertEquals(List.of("Bearer"), reply.headers("WWW-Authenticate"), reply.body());
    }

    /** 401 {@code Invalid token} for a refused refresh token: it came in the body, so a plain challenge. */
    public static void assertRefreshRefused(Api.Reply reply) {
        assertPlainChallenge(reply, "Invalid token");
    }

    /** 401 {@code Not authenticated}: the route needs a token and none was recognised. */
    public static void assertNotAuthenticated(Api.Reply reply) {
        assertPlainChallenge(reply, "Not authenticated");
    }

    /** 401 {@code Invalid credentials}, which is never about a bearer token. */
    public static void assertInvalidCredentials(Api.Reply reply) {
        assertPlainChallenge(reply, "Invalid credentials");
    }

    // ---- 400 with field errors -------------------------------------------------------------

    /**
     * 400 {@code Request validation failed} for a body whose {@code errors[]} names exactly
     * {@code fields}, sorted by field (docs/api.md), each with a message.
     */
    public static JsonObject assertFieldErrors(Api.Reply reply, String... fields) {
        return assertErrors(reply, VALIDATION_FAILED, fields);
    }

    /** 400 {@code Invalid parameter: <name>} for a path or query value, naming only it in {@code errors[]}. */
    public static JsonObject assertInvalidParameter(Api.Reply reply, String name) {
        return assertErrors(reply, "Invalid parameter: " + name, name);
    }

    private static JsonObject assertErrors(Api.Reply reply, String detail, String... fields) {
        JsonObject problem = assertProblemDocument(reply, 400);
        assertEquals(detail, problem.getString("detail"), reply.body());
        JsonArray errors = problem.getJsonArray("errors");
        assertNotNull(errors, () -> "no errors[]: " + reply.body());
        List<String> named = new ArrayList<>();
        for (JsonValue value : errors) {
            JsonObject error = value.asJsonObject();
            assertEquals(2, error.size(), () -> "an error is {field, message}: " + error);
            named.add(error.getString("field"));
            assertFalse(error.getString("message").isBlank(), () -> "message of " + error);
        }
        assertEquals(List.of(fields).stream().sorted().toList(), named, () -> "errors[] of " + reply.body());
        return problem;
    }

    // ---- secrets ---------------------------------------------------------------------------

    /** The body mentions none of {@code secrets} (passwords, hashes, tokens). */
    public static void assertMentionsNone(Api.Reply reply, String... secrets) {
        for (String secret : secrets) {
            assertFalse(reply.body().contains(secret), () -> "reply of " + where(reply) + " leaks a secret: " + reply.body());
        }
    }

    private static boolean isApi(Api.Reply reply) {
        String path = reply.path();
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static String where(Api.Reply reply) {
        return reply.response().request().method() + " " + reply.path() + " (" + reply.status() + ")";
    }
}
