package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every request the server does not understand gets the exact problem document of API.md's "Requests and errors" rules, never a 500, HTML or a stack trace. */
class ErrorMappingIT extends ApiTestBase {

    private static final int LIMIT = 65_536;
    private static final String REGISTER = "/api/auth/register";
    private static final String LOGIN = "/api/auth/login";
    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final HttpClient RAW = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    // ---- helpers -------------------------------------------------------------------------

    /** Sends raw bytes; with {@code chunked} the length is unknown, so no Content-Length is sent. */
    private static Api.Reply sendBytes(String method, String path, byte[] body, boolean chunked, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(Api.base().resolve(path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(method, chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Api.Reply postJsonBytes(String path, byte[] body, boolean chunked) {
        return sendBytes("POST", path, body, chunked, "Content-Type", "application/json");
    }

    /** Asserts a problem document: status, exact title and detail, problem+json, no HTML or stack trace. */
    private static JsonObject assertProblem(Api.Reply reply, int status, String title, String detail) {
        assertEquals(status, reply.status(), reply.body());
        String type = reply.header("Content-Type");
        assertNotNull(type, "Content-Type");
        assertTrue(type.startsWith("application/problem+json"), type);
        String body = reply.body();
        assertFalse(body.toLowerCase().contains("<html"), body);
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("\tat "), body);
        assertFalse(body.contains("dev.gatehouse"), body);
        JsonObject json = reply.json();
        assertEquals(status, json.getInt("status"));
        assertEquals(title, json.getString("title"));
        assertEquals(detail, json.getString("detail"));
        return json;
    }

    private static void assertNoFieldErrors(JsonObject problem) {
        assertFalse(problem.containsKey("errors"), problem.toString());
    }

    private static List<String> fields(JsonObject problem) {
        JsonArray errors = problem.getJsonArray("errors");
        assertNotNull(errors, problem.toString());
        for (JsonValue error : errors) {
            assertFalse(error.asJsonObject().getString("message").isBlank(), problem.toString());
        }
        return errors.stream().map(e -> e.asJsonObject().getString("field")).sorted().toList();
    }

    private static String strongPassword() {
        return "pw-" + UUID.randomUUID();
    }

    /** A register body of exactly {@code size} bytes: valid fields padded by an ignored string field. */
    private static byte[] registerBodyOfSize(String email, int size) {
        String head = "{\"email\":\"" + email + "\",\"password\":\"" + strongPassword() + "\",\"pad\":\"";
        String tail = "\"}";
        byte[] body = (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
        assertEquals(size, body.length);
        return body;
    }

    /** A register body with {@code extra} as the value of an ignored field. */
    private static String registerBodyWith(String email, String extra) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + strongPassword() + "\",\"extra\":" + extra + "}";
    }

    private static String nested(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    // ---- malformed bodies ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{\"email\": \"a@b.c\",", "not json at all", "{\"email\" \"a@b.c\"}", "{'email': 'a@b.c'}"})
    void malformedJsonIs400(String body) {
        JsonObject problem = assertProblem(Api.postJson(LOGIN, body), 400, "Bad Request", "Malformed JSON");
        assertNoFieldErrors(problem);
    }

    @Test
    void aRawNulByteMakesTheJsonMalformed() {
        byte[] body = ("{\"email\":\"nul" + '\0' + "@example.test\",\"password\":\"abcdefghij\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertProblem(postJsonBytes(LOGIN, body, false), 400, "Bad Request", "Malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"email\":\"a@b.c\",\"password\":\"abcdefghij\"}]"})
    void aJsonArrayBodyIs400(String body) {
        assertProblem(Api.postJson(REGISTER, body), 400, "Bad Request", "Request body must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a string\"", "42", "true", "null"})
    void aJsonScalarBodyIs400(String body) {
        Api.Reply reply = Api.postJson(REGISTER, body);

        // API.md fixes only the status here; the reader calls a top-level scalar malformed.
        String detail = reply.status() == 400 ? reply.detail() : "";
        assertTrue(Set.of("Request body must be a JSON object", "Malformed JSON").contains(detail), reply.body());
        assertProblem(reply, 400, "Bad Request", detail);
    }

    @Test
    void anEmptyBodyIs400() {
        assertProblem(Api.postJson(LOGIN, ""), 400, "Bad Request", "Request body must be a JSON object");
    }

    // ---- validation ------------------------------------------------------------------------

    @Test
    void aNumberWhereAStringIsExpectedIsAWrongTypeNotCoerced() {
        String body = "{\"email\": 123, \"password\": \"" + strongPassword() + "\"}";

        JsonObject problem = assertProblem(Api.postJson(REGISTER, body), 400, "Bad Request", "Request validation failed");

        assertEquals(List.of("email"), fields(problem));
        assertEquals("must be a string", problem.getJsonArray("errors").getJsonObject(0).getString("message"));
    }

    @Test
    void wrongTypesOnLoginNameEachField() {
        String body = "{\"email\": true, \"password\": {\"nested\": 1}}";

        JsonObject problem = assertProblem(Api.postJson(LOGIN, body), 400, "Bad Request", "Request validation failed");

        assertEquals(List.of("email", "password"), fields(problem));
    }

    @Test
    void missingFieldsAre400WithOneErrorPerField() {
        JsonObject problem = assertProblem(Api.postJson(REGISTER, "{}"), 400, "Bad Request", "Request validation failed");

        assertEquals(List.of("email", "password"), fields(problem));
    }

    @Test
    void aNullFieldCountsAsMissing() {
        String body = "{\"email\": null, \"password\": \"" + strongPassword() + "\"}";

        JsonObject problem = assertProblem(Api.postJson(LOGIN, body), 400, "Bad Request", "Request validation failed");

        assertEquals(List.of("email"), fields(problem));
    }

    @Test
    void theFieldIsTheSnakeCaseJsonNameAsSent() {
        JsonObject problem = assertProblem(Api.postJson("/api/auth/refresh", "{\"refresh_token\": 7}"),
                400, "Bad Request", "Request validation failed");

        assertEquals(List.of("refresh_token"), fields(problem));
    }

    @Test
    void unknownFieldsAreIgnoredAndNeverTakeEffect() {
        String email = Api.uniqueEmail("role-smuggler");
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + strongPassword()
                + "\",\"role\":\"admin\",\"is_active\":false,\"id\":\"" + UUID.randomUUID() + "\"}";

        Api.Reply reply = Api.postJson(REGISTER, body);

        assertEquals(201, reply.status(), reply.body());
        assertEquals("user", reply.json().getString("role"));
        assertEquals(email, reply.json().getString("email"));
        assertTrue(reply.json().getBoolean("is_active"));
    }

    @Test
    void aProtectedRouteAnswers401BeforeLookingAtTheBody() {
        Api.Reply malformed = Api.send("PUT", "/api/auth/password", "{\"current_password\": ",
                "Content-Type", "application/json");
        Api.Reply missing = Api.send("PUT", "/api/auth/password", "{}", "Content-Type", "application/json");

        assertProblem(malformed, 401, "Unauthorized", "Not authenticated");
        assertProblem(missing, 401, "Unauthorized", "Not authenticated");
        assertEquals("Bearer", malformed.header("WWW-Authenticate"));
    }

    // ---- routes and methods ----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/api/nope", "/api/auth/nope", "/api/health/live/extra", "/nope", "/nope/deeper.html"})
    void anUnknownRouteIs404(String path) {
        JsonObject problem = assertProblem(Api.get(path), 404, "Not Found", "Not found");
        assertNoFieldErrors(problem);
    }

    @Test
    void anUnknownRouteIs404ForAnyMethodWithABody() {
        assertProblem(Api.postJson("/api/nope", "{}"), 404, "Not Found", "Not found");
        assertProblem(Api.postJson("/nope", "{}"), 404, "Not Found", "Not found");
    }

    @Test
    void getOnAPostOnlyRouteIs405WithAllow() {
        Api.Reply reply = Api.get(LOGIN);

        assertProblem(reply, 405, "Method Not Allowed", "Method not allowed");
        assertNotNull(reply.header("Allow"));
        assertTrue(reply.header("Allow").contains("POST"), reply.header("Allow"));
    }

    @Test
    void deleteOnAGetOnlyRouteIs405WithAllow() {
        Api.Reply reply = Api.send("DELETE", "/api/health/live", null);

        assertProblem(reply, 405, "Method Not Allowed", "Method not allowed");
        assertNotNull(reply.header("Allow"));
        assertTrue(reply.header("Allow").contains("GET"), reply.header("Allow"));
        assertFalse(reply.header("Allow").contains("DELETE"), reply.header("Allow"));
    }

    @Test
    void putOnAPostOnlyRouteIs405() {
        assertProblem(Api.send("PUT", REGISTER, "{}", "Content-Type", "application/json"),
                405, "Method Not Allowed", "Method not allowed");
    }

    // ---- media types -----------------------------------------------------------------------

    @Test
    void textPlainOnAJsonEndpointIs415() {
        String body = Api.json("email", Api.uniqueEmail("plain"), "password", strongPassword());

        Api.Reply reply = Api.send("POST", REGISTER, body, "Content-Type", "text/plain");

        assertProblem(reply, 415, "Unsupported Media Type", "Unsupported media type: send application/json");
    }

    @Test
    void formEncodingOnAJsonEndpointIs415() {
        Api.Reply reply = Api.send("POST", LOGIN, "email=a%40b.c&password=abcdefghij",
                "Content-Type", "application/x-www-form-urlencoded");

        assertProblem(reply, 415, "Unsupported Media Type", "Unsupported media type: send application/json");
    }

    @Test
    void aBodyWithoutContentTypeIs415() {
        String body = Api.json("email", Api.uniqueEmail("no-type"), "password", strongPassword());

        Api.Reply reply = Api.send("POST", REGISTER, body);

        assertProblem(reply, 415, "Unsupported Media Type", "Unsupported media type: send application/json");
    }

    @Test
    void jsonWithACharsetParameterIsAccepted() {
        String body = Api.json("email", Api.uniqueEmail("charset"), "password", strongPassword());

        Api.Reply reply = Api.send("POST", REGISTER, body, "Content-Type", "application/json; charset=utf-8");

        assertEquals(201, reply.status(), reply.body());
    }

    // ---- size and shape limits -------------------------------------------------------------

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        String email = Api.uniqueEmail("limit");

        Api.Reply reply = postJsonBytes(REGISTER, registerBodyOfSize(email, LIMIT), false);

        assertEquals(201, reply.status(), reply.body());
        assertEquals(email, reply.json().getString("email"));
    }

    @Test
    void aBodyOneByteOverTheLimitIs413() {
        Api.Reply reply = postJsonBytes(REGISTER, registerBodyOfSize(Api.uniqueEmail("over"), LIMIT + 1), false);

        assertProblem(reply, 413, "Content Too Large", "Request body too large");
    }

    @Test
    void aChunkedBodyOfExactlyTheLimitIsAccepted() {
        String email = Api.uniqueEmail("chunked-limit");

        Api.Reply reply = postJsonBytes(REGISTER, registerBodyOfSize(email, LIMIT), true);

        assertEquals(201, reply.status(), reply.body());
        assertEquals(email, reply.json().getString("email"));
    }

    @Test
    void aChunkedBodyOneByteOverTheLimitIs413() {
        String email = Api.uniqueEmail("chunked-over");

        Api.Reply reply = postJsonBytes(REGISTER, registerBodyOfSize(email, LIMIT + 1), true);

        assertProblem(reply, 413, "Content Too Large", "Request body too large");
        assertEquals(0L, TestDatabase.scalar("SELECT COUNT(*) FROM users WHERE email = ?", email));
    }

    @Test
    void aMuchLargerChunkedBodyIs413() {
        Api.Reply reply = postJsonBytes(REGISTER, registerBodyOfSize(Api.uniqueEmail("huge"), 4 * LIMIT), true);

        assertProblem(reply, 413, "Content Too Large", "Request body too large");
    }

    @Test
    void jsonNested64DeepIsAccepted() {
        String email = Api.uniqueEmail("deep64");

        Api.Reply reply = Api.postJson(REGISTER, registerBodyWith(email, nested(63)));

        assertEquals(201, reply.status(), reply.body());
    }

    @Test
    void jsonNested65DeepIs400() {
        String email = Api.uniqueEmail("deep65");

        Api.Reply reply = Api.postJson(REGISTER, registerBodyWith(email, nested(64)));

        assertProblem(reply, 400, "Bad Request", "JSON nested deeper than 64 levels");
        assertEquals(0L, TestDatabase.scalar("SELECT COUNT(*) FROM users WHERE email = ?", email));
    }

    @Test
    void deeplyNestedJsonIs400NotACrash() {
        Api.Reply reply = Api.postJson(LOGIN, nested(10_000));

        assertProblem(reply, 400, "Bad Request", "JSON nested deeper than 64 levels");
    }

    @Test
    void aNumberOf100DigitsIsAccepted() {
        Api.Reply reply = Api.postJson(REGISTER, registerBodyWith(Api.uniqueEmail("digits100"), "9".repeat(100)));

        assertEquals(201, reply.status(), reply.body());
    }

    @Test
    void aNumberOf101DigitsIs400() {
        String email = Api.uniqueEmail("digits101");

        Api.Reply reply = Api.postJson(REGISTER, registerBodyWith(email, "9".repeat(101)));

        assertProblem(reply, 400, "Bad Request", "JSON number longer than 100 digits");
        assertEquals(0L, TestDatabase.scalar("SELECT COUNT(*) FROM users WHERE email = ?", email));
    }

    @Test
    void aNulInsideAStringIs400() {
        String body = "{\"email\":\"" + Api.uniqueEmail("nul") + "\",\"password\":\"abcd\\u0000efghij\"}";

        assertProblem(Api.postJson(REGISTER, body), 400, "Bad Request", "NUL characters are not allowed");
    }

    @Test
    void aNulInAnIgnoredFieldOrAKeyIs400Too() {
        String inValue = registerBodyWith(Api.uniqueEmail("nul-value"), "\"x\\u0000y\"");
        String inKey = "{\"email\":\"" + Api.uniqueEmail("nul-key") + "\",\"password\":\"" + strongPassword()
                + "\",\"k\\u0000\":1}";

        assertProblem(Api.postJson(REGISTER, inValue), 400, "Bad Request", "NUL characters are not allowed");
        assertProblem(Api.postJson(REGISTER, inKey), 400, "Bad Request", "NUL characters are not allowed");
    }

    // ---- headers ---------------------------------------------------------------------------

    private static void assertCommonSecurityHeaders(Api.Reply reply) {
        assertEquals("nosniff", reply.header("X-Content-Type-Options"));
        assertEquals("no-referrer", reply.header("Referrer-Policy"));
        assertEquals("DENY", reply.header("X-Frame-Options"));
    }

    private static void assertApiSecurityHeaders(Api.Reply reply) {
        assertCommonSecurityHeaders(reply);
        assertEquals("no-store", reply.header("Cache-Control"));
        assertEquals("default-src 'none'; frame-ancestors 'none'", reply.header("Content-Security-Policy"));
        assertNull(reply.header("Strict-Transport-Security"), "no HSTS over plain HTTP");
    }

    @Test
    void anApiSuccessCarriesTheSecurityHeaders() {
        assertApiSecurityHeaders(Api.get("/api/health/live"));
    }

    @Test
    void anApiErrorCarriesTheSecurityHeaders() {
        assertApiSecurityHeaders(Api.postJson(LOGIN, "{"));
        assertApiSecurityHeaders(Api.get("/api/nope"));
        assertApiSecurityHeaders(Api.send("DELETE", "/api/health/live", null));
        assertApiSecurityHeaders(postJsonBytes(REGISTER, registerBodyOfSize(Api.uniqueEmail("hdr"), LIMIT + 1), false));
    }

    @Test
    void anUnauthenticatedApiCallCarriesTheSecurityHeaders() {
        assertApiSecurityHeaders(Api.get("/api/auth/me"));
        assertApiSecurityHeaders(Api.get("/api/auth/me", "Authorization", "Bearer not-a-token"));
    }

    @Test
    void aResponseOutsideTheApiCarriesTheCommonSecurityHeaders() {
        assertCommonSecurityHeaders(Api.get("/nope"));
    }

    @Test
    void aSaneRequestIdIsEchoed() {
        String id = "it-req_" + UUID.randomUUID().toString().substring(0, 8) + ".1";

        assertEquals(id, Api.get("/api/health/live", "X-Request-Id", id).header("X-Request-Id"));
        assertEquals(id, Api.postJson(LOGIN, "{", "X-Request-Id", id).header("X-Request-Id"));
    }

    @Test
    void aMissingRequestIdIsGenerated() {
        String first = Api.get("/api/health/live").header("X-Request-Id");
        String second = Api.get("/api/health/live").header("X-Request-Id");

        assertNotNull(first);
        assertTrue(UUID_SHAPE.matcher(first).matches(), first);
        assertNotEquals(first, second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"has spaces in it", "semi;colon", "<script>", "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void anInsaneRequestIdIsReplaced(String insane) {
        String echoed = Api.get("/api/health/live", "X-Request-Id", insane).header("X-Request-Id");

        assertNotNull(echoed);
        assertTrue(UUID_SHAPE.matcher(echoed).matches(), echoed);
    }

    @Test
    void errorBodiesAreProblemJsonInUtf8() {
        Api.Reply reply = Api.get("/api/nope");

        assertTrue(Set.of("application/problem+json;charset=UTF-8", "application/problem+json; charset=UTF-8")
                .contains(reply.header("Content-Type")), reply.header("Content-Type"));
        assertEquals(JsonValue.ValueType.NUMBER, reply.json().get("status").getValueType());
        assertEquals(Json.createValue("about:blank"), reply.json().get("type"));
    }
}
