package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The findings of a fuzzing round on the WAR, each reproduced as it was reported: input that
 * used to reach a 500, the container answering instead of Gatehouse, and lenient input.
 */
class HardeningIT extends ApiTestBase {

    private static String admin() {
        return Api.admin().accessToken();
    }

    private static JsonObject newUser() {
        return Accounts.create(admin(), Api.uniqueEmail("harden"), Accounts.password(), "user");
    }

    private static Api.Reply mergePatch(String token, String id, String body) {
        return Api.send("PATCH", "/api/users/" + id, body, "Authorization", "Bearer " + token,
                "Content-Type", "application/merge-patch+json");
    }

    // --- 1. merge-patch bodies go through the strict reader ----------------------------------------

    @Test
    void aMergePatchTakesTheLowerCaseRoleLikeJson() {
        String id = newUser().getString("id");

        Api.Reply reply = mergePatch(admin(), id, "{\"role\":\"guest\"}");

        assertEquals(200, reply.status(), reply::body);
        assertEquals("guest", reply.json().getString("role"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"role\":\"USER\"}", "{\"is_active\":{}}", "{\"is_active\":0}", "{\"email\":5}",
        "[]", "\"x\"", "{\"email\":\"a\\u0000b@x.test\"}"})
    void aMergePatchWithAWrongTypeOrValueIs400AndChangesNothing(String body) {
        JsonObject user = newUser();

        Api.Reply reply = mergePatch(admin(), user.getString("id"), body);

        Problems.assertProblemDocument(reply, 400);
        JsonObject after = Api.getAs(admin(), "/api/users/" + user.getString("id")).json();
        assertTrue(after.getBoolean("is_active"), "still active");
        assertEquals(user.getString("email"), after.getString("email"));
        assertEquals("user", after.getString("role"));
    }

    @Test
    void deepNestingAndHugeNumbersInAMergePatchAre400() {
        String id = newUser().getString("id");

        Problems.assertProblemDocument(mergePatch(admin(), id, "{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}"), 400);
        Problems.assertProblemDocument(mergePatch(admin(), id, "{\"x\":" + "1".repeat(1000) + "}"), 400);
    }

    // --- 2. a number the parser cannot hold --------------------------------------------------------

    @Test
    void anExponentThatOverflowsIsMalformedJsonNotA500() {
        Api.Reply reply = Api.postJson("/api/auth/login", "{\"email\":\"a@b.c\",\"password\":\"xxxxxxxx\",\"x\":1e2147483648}");

        Problems.assertProblem(reply, 400, "Malformed JSON");
    }

    // --- 3. NUL and invalid UTF-8 in a query --------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"q=%00", "q=%ff", "q=a%c3", "q=%0a", "action=auth.login%00"})
    void aQueryWithNulInvalidUtf8OrABadEscapeIs400(String query) {
        Api.Reply reply = Api.getAs(admin(), "/api/users?" + query);

        Problems.assertProblemDocument(reply, 400);
    }

    // --- 5. a client that stops sending -----------------------------------------------------------------

    @Test
    void aClientThatSendsLessThanItsContentLengthCostsOneShortLogLine() throws Exception {
        String requestId = "abort-" + UUID.randomUUID();
        try (Socket socket = raw()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Request-Id: " + requestId
                    + "\r\nContent-Length: 100\r\n\r\n{\"email\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        Path log = Path.of(System.getProperty("gatehouse.target", "target"), "it-logs", "info.log");
        List<String> lines = List.of();
        for (int i = 0; i < 40 && lines.isEmpty(); i++) {
            Thread.sleep(250);
            lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(requestId)).toList();
        }
        assertEquals(1, lines.size(), () -> "one line for the abandoned request: " + String.join("\n", linesOf(log, requestId)));
        assertTrue(lines.get(0).contains("INFO") && lines.get(0).contains("client abandoned its request body"), lines.get(0));
    }

    private static List<String> linesOf(Path log, String id) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(id)).toList();
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    @Test
    void aClientThatLeavesMidResponseCostsOneInfoLineAndNoStackTrace() throws Exception {
        String admin = admin();
        String marker = "leaver" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 100; i++) {   // a page of ~50 KB: more than the socket buffers take at once
            Accounts.create(admin, marker + "-" + i + "-" + "x".repeat(200) + "@example.test", Accounts.password(), "user");
        }
        Path log = Path.of(System.getProperty("gatehouse.target", "target"), "it-logs", "info.log");
        List<String> lines = List.of();
        for (int attempt = 0; attempt < 6 && lines.isEmpty(); attempt++) {
            String requestId = "leaver-" + UUID.randomUUID();
            leaveMidResponse("GET /api/users?limit=100&q=" + marker + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin
                    + "\r\nX-Request-Id: " + requestId + "\r\n\r\n", attempt % 2 == 0);
            for (int i = 0; i < 12 && lines.isEmpty(); i++) {
                Thread.sleep(250);
                lines = linesOf(log, requestId);
            }
        }
        List<String> found = lines;
        assertEquals(1, found.size(), () -> "one line for the response nobody waited for: " + String.join("\n", found));
        assertTrue(found.get(0).contains(" INFO ") && found.get(0).contains("client went away before its response was delivered"),
                found.get(0));
    }

    /** Sends {@code request} over a socket with a small window, then resets the connection: at once or after the first bytes. */
    private static void leaveMidResponse(String request, boolean readFirst) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", Api.base().getPort()), 5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            if (readFirst) {
                socket.setSoTimeout(10_000);
                assertTrue(socket.getInputStream().read(new byte[256]) > 0, "the answer began");
            }
            socket.setSoLinger(true, 0);   // close with a reset, as a client that gives up does
        }
    }

    // --- 6. request desync through TRACE --------------------------------------------------------------------

    @Test
    void traceWithABodyGetsOneProblemAndTheConnectionCloses() throws Exception {
        String smuggled = "GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n";
        String trace = "TRACE /api/health/live HTTP/1.1\r\nHost: x\r\nContent-Length: " + smuggled.length() + "\r\n\r\n" + smuggled;

        String answer = exchange(trace);

        assertEquals(1, count(answer, "HTTP/1.1 "), answer);
        assertTrue(answer.startsWith("HTTP/1.1 405"), answer);
        assertTrue(answer.toLowerCase().contains("connection: close"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
    }

    @Test
    void aGetWithABodyIsServedAndTheNextRequestOnTheConnectionToo() throws Exception {
        String body = "{\"ignored\":true}";
        String requests = "GET /api/health/live HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body + "GET /api/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

        String answer = exchange(requests);

        assertEquals(2, count(answer, "HTTP/1.1 200"), answer);
        assertEquals(2, count(answer, "HTTP/1.1 "), answer);
    }

    // --- 8. the container answering instead of Gatehouse -------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/docs/", "/api/users", "/nowhere"})
    void anUnknownMethodIsAProblemDocument(String path) {
        Api.Reply reply = Api.send("FOO", path, null);

        Problems.assertProblem(reply, 501, "Method not implemented");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATCH /.well-known/jwks.json", "POST /.well-known/openid-configuration", "PUT /openapi",
        "DELETE /docs/", "PATCH /docs/index.html"})
    void writingToAReadOnlyDocumentOutsideTheApiIs405WithAllow(String request) {
        String[] parts = request.split(" ");
        Api.Reply reply = Api.send(parts[0], parts[1], "{}", "Content-Type", "application/json");

        Problems.assertProblem(reply, 405, "Method not allowed");
        assertEquals("GET, HEAD, OPTIONS", reply.header("Allow"), request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/..%2Fmetrics", "/api/users/..%2F..%2Fdocs%2F", "/api/users/%2e%2e/x", "/api/./users"})
    void aPathThatLeansOnTheRuntimesDecodingIsRefusedNotServedFromElsewhere(String path) throws Exception {
        String answer = exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("\"detail\":\"Invalid path\""), answer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/users/[x]", "/api/health/live]", "/docs/[x]", "/api/users/x{y}", "/openapi|"})
    void aRawCharacterRfc3986KeepsOutOfAPathIsInvalidPathOnEveryRuntime(String path) throws Exception {
        String answer = exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
        assertTrue(answer.contains("\"detail\":\"Invalid path\""), answer);
        assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("x-request-id: "), answer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json;q=abc", "application/json;q=2", "application", "a;b/c", "application/json,,*/*"})
    void aMalformedAcceptIs400OnEveryPath(String accept) {
        for (String path : List.of("/api/health/live", "/api/auth/me", "/openapi", "/.well-known/jwks.json", "/nowhere")) {
            Problems.assertProblem(Api.get(path, "Accept", accept), 400, "Malformed Accept header");
        }
    }

    @Test
    void theJdksOwnDefaultAcceptIsReadAsAnyType() {
        Api.Reply reply = Api.get("/api/health/live", "Accept", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2");

        assertEquals(200, reply.status(), reply::body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATCH /nowhere", "POST /nope/deeper.html", "DELETE /docs/missing.js"})
    void writingToNothingOutsideTheApiIs404(String request) {
        String[] parts = request.split(" ");
        Problems.assertProblem(Api.send(parts[0], parts[1], "{}", "Content-Type", "application/json"), 404, "Not found");
    }

    @Test
    void aPlainOptionsOnAnApiRouteIsNoWadl() {
        Api.Reply reply = Api.send("OPTIONS", "/api/auth/login", null);

        assertTrue(reply.status() < 300, () -> reply.status() + " " + reply.body());
        assertFalse(reply.body().contains("wadl") || reply.body().contains("<application"), reply.body());
        assertFalse(String.valueOf(reply.header("Content-Type")).contains("xml"), reply.header("Content-Type"));
    }

    @Test
    void theOpenApiDocumentIsYamlByDefault() {
        Api.Reply reply = Api.get("/openapi");

        assertEquals(200, reply.status());
        assertTrue(reply.header("Content-Type").startsWith("application/yaml"), reply.header("Content-Type"));
        assertTrue(Api.get("/openapi", "Accept", "application/json").header("Content-Type").startsWith("application/json"));
    }

    // --- outside-suite checks -------------------------------------------------------------------------------------------

    @Test
    void aLoginBodyThatIsNotUtf8Is400NotInvalidCredentials() {
        byte[] body = "{\"email\":\"a\u00ff@b.c\",\"password\":\"xxxxxxxxx\"}".getBytes(StandardCharsets.ISO_8859_1);

        Api.Reply reply = Api.sendBody("POST", "/api/auth/login", java.net.http.HttpRequest.BodyPublishers.ofByteArray(body),
                "Content-Type", "application/json");

        Problems.assertProblem(reply, 400, "Request body is not valid UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<a@example.com>", "a b@example.com", "\"a\"@example.com", "a@[127.0.0.1]", "a@", "@b.c"})
    void addressesOutsideTheWhatwgGrammarAreRefused(String email) {
        Api.Reply registered = Api.register(email, "a long passphrase");
        Api.Reply created = Api.jsonAs(admin(), "POST", "/api/users", Accounts.body(email, "a long passphrase", "user"));
        Api.Reply patched = Api.jsonAs(admin(), "PATCH", "/api/users/" + newUser().getString("id"), Api.json("email", email));

        Problems.assertFieldErrors(registered, "email");
        Problems.assertFieldErrors(created, "email");
        Problems.assertFieldErrors(patched, "email");
    }

    @Test
    void anAddressOf255CharactersIsRefusedAnd254Accepted() {
        String domain = "@example.test";
        String longest = "a".repeat(254 - domain.length()) + domain;

        Problems.assertFieldErrors(Api.register("b" + longest, "a long passphrase"), "email");
        assertEquals(201, Api.register(longest.replaceFirst("^a{8}", UUID.randomUUID().toString().substring(0, 8)),
                "a long passphrase").status());
    }

    @Test
    void anAnonymousPasswordChangeAsPlainTextIs401BeforeAnythingAboutItsBody() {
        Api.Reply reply = Api.send("PUT", "/api/auth/password", "hello", "Content-Type", "text/plain");

        Problems.assertNotAuthenticated(reply);
    }

    @Test
    void anAuthenticatedPasswordChangeAsPlainTextIs415() {
        Api.Account account = Api.newAccount("plain-text");

        Api.Reply reply = Api.send("PUT", "/api/auth/password", "hello", "Content-Type", "text/plain",
                "Authorization", "Bearer " + account.accessToken());

        Problems.assertProblemDocument(reply, 415);
    }

    @Test
    void aUserAskingForTheUserListWithABadBodyTypeIs403() {
        Api.Account account = Api.newAccount("too-low");

        Api.Reply reply = Api.send("POST", "/api/users", "x", "Content-Type", "text/plain",
                "Authorization", "Bearer " + account.accessToken());

        Problems.assertProblem(reply, 403, "Forbidden");
    }

    // ---- what clients and an outside suite found on the landed WAR ---------------------------------------------

    @Test
    void aUserPatchingItselfWithABrokenBodyIs403AndAnotherAccountIs404BeforeTheBody() {
        Api.Account user = Api.newAccount("patch-self");
        Api.Account other = Api.newAccount("patch-other");

        Api.Reply self = Api.send("PATCH", "/api/users/" + user.id(), "{", "Content-Type", "application/json",
                "Authorization", "Bearer " + user.accessToken());
        Api.Reply elsewhere = Api.send("PATCH", "/api/users/" + other.id(), "{", "Content-Type", "application/json",
                "Authorization", "Bearer " + user.accessToken());

        Problems.assertProblem(self, 403, "Forbidden");
        Problems.assertProblem(elsewhere, 404, "User not found");
    }

    @Test
    void everyOperationThatTakesABodyAnswersAMissingOneMalformedJson() {
        JsonObject paths = Api.get("/openapi", "Accept", "application/json").json().getJsonObject("paths");
        String admin = Api.admin().accessToken();
        int checked = 0;
        for (String path : paths.keySet()) {
            for (var operation : paths.getJsonObject(path).entrySet()) {
                JsonObject spec = operation.getValue().asJsonObject();
                if (!spec.containsKey("requestBody")) {
                    continue;
                }
                assertTrue(spec.getJsonObject("requestBody").getBoolean("required", false), path + " body required");
                String concrete = path.replace("{id}", Api.admin().id());
                Api.Reply reply = Api.send(operation.getKey().toUpperCase(java.util.Locale.ROOT), concrete, null,
                        "Content-Type", "application/json", "Authorization", "Bearer " + admin);
                Problems.assertProblem(reply, 400, "Malformed JSON");
                checked++;
            }
        }
        assertTrue(checked >= 12, "operations with a body: " + checked);
    }

    @Test
    void aStatusTheHttpLayerHasNoNameForStillCarriesItsReasonPhrase() throws IOException {
        Api.Account account = Api.newAccount("reason-phrase");
        String request = "POST /api/auth/email-verification HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + account.accessToken() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        String statusLine = "";
        for (int i = 0; i < 6 && !statusLine.startsWith("HTTP/1.1 429"); i++) {
            String answer = exchange(request);
            statusLine = answer.substring(0, answer.indexOf("\r\n"));
        }

        assertEquals("HTTP/1.1 429 Too Many Requests", statusLine);
    }

    // ---- raw sockets ------------------------------------------------------------------------------------------------

    private static Socket raw() throws IOException {
        Socket socket = new Socket("127.0.0.1", Api.base().getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Writes {@code requests} in one go and reads until the server closes or goes quiet. */
    private static String exchange(String requests) throws IOException {
        try (Socket socket = raw()) {
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(3_000);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException quiet) {
                // the server kept the connection open and said everything it had to say
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
