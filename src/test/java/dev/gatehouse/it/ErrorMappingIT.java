package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
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

    // ---- helpers -------------------------------------------------------------------------

    /** POSTs raw JSON bytes; with {@code chunked} the length is unknown, so no Content-Length is sent. */
    private static Api.Reply postJsonBytes(String path, byte[] body, boolean chunked) {
        return Api.sendBody("POST", path, chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body), "Content-Type", "application/json");
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
        Problems.assertProblem(Api.postJson(LOGIN, body), 400, "Malformed JSON");
    }

    @Test
    void aRawNulByteMakesTheJsonMalformed() {
        byte[] body = ("{\"email\":\"nul" + '\0' + "@example.test\",\"password\":\"abcdefghij\"}")
                .getBytes(StandardCharsets.UTF_8);

        Problems.assertProblem(postJsonBytes(LOGIN, body, false), 400, "Malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"email\":\"a@b.c\",\"password\":\"abcdefghij\"}]"})
    void aJsonArrayBodyIs400(String body) {
        Problems.assertProblem(Api.postJson(REGISTER, body), 400, "Request body must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a string\"", "42", "true", "null"})
    void aJsonScalarBodyIs400Malformed(String body) {
        // API.md fixes only the status here; the reader calls a top-level scalar malformed JSON.
        Problems.assertProblem(Api.postJson(REGISTER, body), 400, "Malformed JSON");
    }

    @Test
    void anEmptyBodyIsMalformedJson() {
        Problems.assertProblem(Api.postJson(LOGIN, ""), 400, "Malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {LOGIN, REGISTER, "/api/auth/refresh", "/api/auth/password-reset"})
    void noBodyAtAllIsMalformedJson(String path) {
        Problems.assertProblem(Api.send("POST", path, null), 400, "Malformed JSON");
    }

    @Test
    void noBodyOnAnAdmittedCallersPatchIsMalformedJson() {
        Api.Account admin = Api.admin();
        Api.Reply reply = Api.jsonAs(admin.accessToken(), "PATCH", "/api/users/" + admin.id(), null);

        Problems.assertProblem(reply, 400, "Malformed JSON");
    }

    // ---- validation ------------------------------------------------------------------------

    @Test
    void aNumberWhereAStringIsExpectedIsAWrongTypeNotCoerced() {
        String body = "{\"email\": 123, \"password\": \"" + strongPassword() + "\"}";

        JsonObject problem = Problems.assertFieldErrors(Api.postJson(REGISTER, body), "email");

        assertEquals("must be a string", problem.getJsonArray("errors").getJsonObject(0).getString("message"));
    }

    @Test
    void wrongTypesOnLoginNameEachField() {
        String body = "{\"email\": true, \"password\": {\"nested\": 1}}";

        Problems.assertFieldErrors(Api.postJson(LOGIN, body), "email", "password");
    }

    @Test
    void missingFieldsAre400WithOneErrorPerField() {
        Problems.assertFieldErrors(Api.postJson(REGISTER, "{}"), "email", "password");
    }

    @Test
    void aNullFieldCountsAsMissing() {
        String body = "{\"email\": null, \"password\": \"" + strongPassword() + "\"}";

        Problems.assertFieldErrors(Api.postJson(LOGIN, body), "email");
    }

    @Test
    void theFieldIsTheSnakeCaseJsonNameAsSent() {
        Problems.assertFieldErrors(Api.postJson("/api/auth/refresh", "{\"refresh_token\": 7}"), "refresh_token");
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

        Problems.assertNotAuthenticated(malformed);
        Problems.assertNotAuthenticated(missing);
    }

    // ---- routes and methods ----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/api/nope", "/api/auth/nope", "/api/health/live/extra", "/nope", "/nope/deeper.html"})
    void anUnknownRouteIs404(String path) {
        Problems.assertProblem(Api.get(path), 404, "Not found");
    }

    @Test
    void anUnknownRouteIs404ForAnyMethodWithABody() {
        Problems.assertProblem(Api.postJson("/api/nope", "{}"), 404, "Not found");
        Problems.assertProblem(Api.postJson("/nope", "{}"), 404, "Not found");
    }

    /**
     * The directories the build leaves at the WAR's root for Payara's class scan are no content. Without the
     * final slash, the runtime answers them as it answers every directory of the WAR, {@code /ui} among them,
     * before any filter sees the request (on Payara a redirect to the slash).
     */
    @Test
    void thePayaraScanMarkersAreNoContent() throws IOException {
        List<String> markers;
        try (ZipFile war = new ZipFile(System.getProperty("gatehouse.war", "target/gatehouse.war"))) {
            markers = war.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("WEB-INF__lib__") && name.endsWith("_jar/README")).toList();
        }
        assertTrue(markers.stream().anyMatch(name -> name.startsWith("WEB-INF__lib__hibernate-core-")), markers.toString());
        int directoryWithoutSlash = Api.get("/ui").status();
        for (String readme : markers.subList(0, 2)) {
            String directory = "/" + readme.substring(0, readme.length() - "/README".length());
            Problems.assertProblem(Api.get("/" + readme), 404, "Not found");
            Problems.assertProblem(Api.get(directory + "/"), 404, "Not found");
            assertEquals(directoryWithoutSlash, Api.get(directory).status(), directory);
        }
    }

    @Test
    void getOnAPostOnlyRouteIs405WithAllow() {
        Api.Reply reply = Api.get(LOGIN);

        Problems.assertProblem(reply, 405, "Method not allowed");
        assertNotNull(reply.header("Allow"));
        assertTrue(reply.header("Allow").contains("POST"), reply.header("Allow"));
    }

    @Test
    void deleteOnAGetOnlyRouteIs405WithAllow() {
        Api.Reply reply = Api.send("DELETE", "/api/health/live", null);

        Problems.assertProblem(reply, 405, "Method not allowed");
        assertNotNull(reply.header("Allow"));
        assertTrue(reply.header("Allow").contains("GET"), reply.header("Allow"));
        assertFalse(reply.header("Allow").contains("DELETE"), reply.header("Allow"));
    }

    @Test
    void putOnAPostOnlyRouteIs405() {
        Problems.assertProblem(Api.send("PUT", REGISTER, "{}", "Content-Type", "application/json"),
                405, "Method not allowed");
    }

    // ---- media types -----------------------------------------------------------------------

    @Test
    void textPlainOnAJsonEndpointIs415() {
        String body = Api.json("email", Api.uniqueEmail("plain"), "password", strongPassword());

        Api.Reply reply = Api.send("POST", REGISTER, body, "Content-Type", "text/plain");

        Problems.assertProblem(reply, 415, "Unsupported media type: send application/json");
    }

    @Test
    void formEncodingOnAJsonEndpointIs415() {
        Api.Reply reply = Api.send("POST", LOGIN, "email=a%40b.c&password=abcdefghij",
                "Content-Type", "application/x-www-form-urlencoded");

        Problems.assertProblem(reply, 415, "Unsupported media type: send application/json");
    }

    @Test
    void aBodyWithoutContentTypeIs415() {
        String body = Api.json("email", Api.uniqueEmail("no-type"), "password", strongPassword());

        Api.Reply reply = Api.send("POST", REGISTER, body);

        Problems.assertProblem(reply, 415, "Unsupported media type: send application/json");
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

        Problems.assertProblem(reply, 413, "Request body too large");
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

        Problems.assertProblem(reply, 413, "Request body too large");
        assertEquals(0L, TestDatabase.scalar("SELECT COUNT(*) FROM users WHERE email = ?", email));
    }

    @Test
    void aMuchLargerChunkedBodyIs413() {
        Api.Reply reply = postJsonBytes(REGISTER, registerBodyOfSize(Api.uniqueEmail("huge"), 4 * LIMIT), true);

        Problems.assertProblem(reply, 413, "Request body too large");
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

        Problems.assertProblem(reply, 400, "JSON nested deeper than 64 levels");
        assertEquals(0L, TestDatabase.scalar("SELECT COUNT(*) FROM users WHERE email = ?", email));
    }

    @Test
    void deeplyNestedJsonIs400NotACrash() {
        Api.Reply reply = Api.postJson(LOGIN, nested(10_000));

        Problems.assertProblem(reply, 400, "JSON nested deeper than 64 levels");
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

        Problems.assertProblem(reply, 400, "JSON number longer than 100 digits");
        assertEquals(0L, TestDatabase.scalar("SELECT COUNT(*) FROM users WHERE email = ?", email));
    }

    @Test
    void aNulInsideAStringIs400() {
        String body = "{\"email\":\"" + Api.uniqueEmail("nul") + "\",\"password\":\"abcd\\u0000efghij\"}";

        Problems.assertProblem(Api.postJson(REGISTER, body), 400, "NUL characters are not allowed");
    }

    @Test
    void aNulInAnIgnoredFieldOrAKeyIs400Too() {
        String inValue = registerBodyWith(Api.uniqueEmail("nul-value"), "\"x\\u0000y\"");
        String inKey = "{\"email\":\"" + Api.uniqueEmail("nul-key") + "\",\"password\":\"" + strongPassword()
                + "\",\"k\\u0000\":1}";

        Problems.assertProblem(Api.postJson(REGISTER, inValue), 400, "NUL characters are not allowed");
        Problems.assertProblem(Api.postJson(REGISTER, inKey), 400, "NUL characters are not allowed");
    }

    // ---- headers ---------------------------------------------------------------------------

    @Test
    void anApiSuccessCarriesTheSecurityHeaders() {
        Problems.assertSecurityHeaders(Api.get("/api/health/live"));
    }

    @Test
    void anApiErrorCarriesTheSecurityHeaders() {
        Problems.assertSecurityHeaders(Api.postJson(LOGIN, "{"));
        Problems.assertSecurityHeaders(Api.get("/api/nope"));
        Problems.assertSecurityHeaders(Api.send("DELETE", "/api/health/live", null));
        Problems.assertSecurityHeaders(postJsonBytes(REGISTER, registerBodyOfSize(Api.uniqueEmail("hdr"), LIMIT + 1), false));
    }

    @Test
    void anUnauthenticatedApiCallCarriesTheSecurityHeaders() {
        Problems.assertSecurityHeaders(Api.get("/api/auth/me"));
        Problems.assertSecurityHeaders(Api.get("/api/auth/me", "Authorization", "Bearer not-a-token"));
    }

    @Test
    void aResponseOutsideTheApiCarriesTheCommonSecurityHeaders() {
        Problems.assertSecurityHeaders(Api.get("/nope"));
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
