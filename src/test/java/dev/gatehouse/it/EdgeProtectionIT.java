package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS, rate limits, trusted proxies, security headers and body limits, on the cluster's three
 * nodes ({@link Cluster}), which trust a proxy on loopback and share their rate-limit buckets in
 * their database. Each test is a client of its own: a fresh {@code X-Forwarded-For} address, so a
 * budget of its own. (That a node trusting no proxy keys budgets to the peer whatever a client
 * forwards is {@code ClientAddressTest}'s, and that it records the peer, {@code SessionsIT}'s.)
 */
@RunsOn(ExtraNodes.CLUSTER)
class EdgeProtectionIT {

    // Budgets refill greedily (one token every 60/limit seconds), so a remaining count may run ahead of
    // the exact value by the tokens that time can have refilled, and by nothing more.

    private static final int LIMIT = Cluster.LIMIT;
    private static final int AUTH_LIMIT = Cluster.AUTH_LIMIT;
    private static final int MAX_BODY = 65_536;
    /** How long after the buckets were planted every node has run its minutely purge at least once. */
    private static final Duration PURGE_WITHIN = Duration.ofSeconds(75);

    private static Cluster cluster;
    private static Api.Server nodeA;
    private static Api.Server nodeB;

    // ------------------------------------------------------------------ lifecycle

    @BeforeAll
    static void cluster() {
        cluster = Cluster.await();
        nodeA = cluster.a().process().api();
        nodeB = cluster.b().process().api();
        warmUp();
    }

    /** First requests load classes and open pools; spend that time here, not inside timed budgets. */
    private static void warmUp() {
        for (Cluster.Node node : cluster.nodes()) {
            String client = Cluster.freshAddress();
            String email = Api.uniqueEmail("edge-warm");
            json(node.process().api(), "POST", "/api/auth/register", client, Api.json("email", email, "password", "warm-up-pw"));
            json(node.process().api(), "POST", "/api/auth/login", client, Api.json("email", email, "password", "warm-up-pw"));
            node.from(client).get("/api/auth/me");
        }
    }

    private static boolean bucketExists(String id) {
        return !cluster.database().rows("SELECT 1 FROM rate_limit_buckets WHERE id = ?", id).isEmpty();
    }

    // ------------------------------------------------------------------ shared store upkeep

    /** A node purges expired buckets when its limiter starts and every minute, never live ones. */
    @Test
    void expiredBucketsAreDeletedFromTheSharedStoreAndLiveOnesKept() {
        long deadline = cluster.bucketsPlantedNanos() + PURGE_WITHIN.toNanos();
        while (bucketExists(Cluster.EXPIRED_BUCKET) && System.nanoTime() < deadline) {
            MailServer.pause(500);
        }
        assertFalse(bucketExists(Cluster.EXPIRED_BUCKET), "a bucket that expired is deleted");
        assertTrue(bucketExists(Cluster.FRESH_BUCKET), "a bucket that has not expired is kept");
    }

    // ------------------------------------------------------------------ CORS

    @Test
    void allowedOriginsAreEchoedWithTheRateLimitHeadersExposed() {
        String client = Cluster.freshAddress();
        for (String origin : List.of("http://app.test", "https://admin.test")) {
            Api.Reply reply = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client, "Origin", origin);
            Problems.assertNotAuthenticated(reply);
            assertEquals(List.of(origin), reply.headers("Access-Control-Allow-Origin"));
            assertTrue(tokens(reply.headers("Vary")).contains("origin"), () -> "Vary: " + reply.headers("Vary"));
            assertTrue(tokens(reply.headers("Access-Control-Expose-Headers")).containsAll(Set.of("retry-after",
                    "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "www-authenticate")),
                    () -> "exposed: " + reply.headers("Access-Control-Expose-Headers"));
            assertNull(reply.header("Access-Control-Allow-Credentials"));
        }
    }

    @Test
    void aPreflightFromAnAllowedOriginIsApproved() {
        String client = Cluster.freshAddress();
        Api.Reply reply = nodeB.send("OPTIONS", "/api/auth/login", null, "X-Forwarded-For", client,
                "Origin", "https://admin.test", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization, content-type");
        assertEquals(204, reply.status());
        assertEquals(List.of("https://admin.test"), reply.headers("Access-Control-Allow-Origin"));
        assertTrue(tokens(reply.headers("Access-Control-Allow-Methods")).containsAll(Set.of("get", "post", "put",
                "patch", "delete")), () -> "methods: " + reply.headers("Access-Control-Allow-Methods"));
        assertTrue(tokens(reply.headers("Access-Control-Allow-Headers")).containsAll(Set.of("authorization",
                "content-type")), () -> "headers: " + reply.headers("Access-Control-Allow-Headers"));
        assertEquals("600", reply.header("Access-Control-Max-Age"));
        assertTrue(tokens(reply.headers("Vary")).contains("origin"));
        assertNull(reply.header("Access-Control-Allow-Credentials"));
        assertEquals("", reply.body());
    }

    @Test
    void otherOriginsGetNoCorsHeadersAndTheirPreflightsAreForbidden() {
        String client = Cluster.freshAddress();
        for (String origin : List.of("http://evil.test", "https://app.test", "http://app.test:8080",
                "http://app.test.evil.test", "null")) {
            Api.Reply actual = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client, "Origin", origin);
            Problems.assertNotAuthenticated(actual);
            assertNoCorsHeaders(actual);

            Api.Reply preflight = nodeB.send("OPTIONS", "/api/auth/login", null, "X-Forwarded-For", client,
                    "Origin", origin, "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "authorization, content-type");
            assertNoCorsHeaders(preflight);
            Problems.assertProblem(preflight, 403, "Origin not allowed");
        }
    }

    // ------------------------------------------------------------------ rate limits

    @Test
    void limitedResponsesOfEveryKindCarryTheRateLimitHeaders() {
        String client = Cluster.freshAddress();
        String email = Api.uniqueEmail("edge-headers");
        List<Api.Reply> replies = List.of(
                nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client),
                nodeB.send("GET", "/api/no-such-route", null, "X-Forwarded-For", client),
                nodeB.send("PUT", "/api/auth/me", null, "X-Forwarded-For", client),
                json(nodeB, "POST", "/api/auth/register", client, Api.json("email", email, "password", "edge-password")),
                json(nodeB, "POST", "/api/auth/login", client, Api.json("email", email, "password", "edge-password")));
        assertEquals(List.of(401, 404, 405, 201, 200), replies.stream().map(Api.Reply::status).toList());
        for (Api.Reply reply : replies) {
            for (String header : List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")) {
                assertNotNull(reply.header(header), () -> header + " missing on a " + reply.status());
                assertTrue(reply.header(header).matches("\\d+"), () -> header + ": " + reply.header(header));
            }
        }
    }

    @Test
    void theGeneralBudgetRunsOutWithA429HealthStaysExemptAndTheBudgetRefills() throws InterruptedException {
        String client = Cluster.freshAddress();
        String otherClient = Cluster.freshAddress();
        long since = System.nanoTime();
        Api.Reply refused = null;
        int allowed = 0;
        while (refused == null && allowed < LIMIT + 10) {
            Api.Reply reply = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client, "Origin", "http://app.test");
            if (reply.status() == 429) {
                refused = reply;
            } else {
                Problems.assertNotAuthenticated(reply);
                assertBudget(reply, LIMIT, LIMIT - 1 - allowed, since);
                allowed++;
            }
        }
        assertNotNull(refused, "never refused");
        assertAllowedCount(LIMIT, allowed, LIMIT, since);

        Problems.assertTooManyRequests(refused);
        int retryAfter = retryAfter(refused, LIMIT);
        assertBudget(refused, LIMIT, 0, since);
        assertEquals(List.of("http://app.test"), refused.headers("Access-Control-Allow-Origin"));
        assertTrue(tokens(refused.headers("Access-Control-Expose-Headers")).contains("retry-after"));

        for (String health : List.of("/api/health/live", "/api/health/ready")) {
            Api.Reply reply = nodeB.send("GET", health, null, "X-Forwarded-For", client);
            assertEquals(200, reply.status(), health);
            for (String header : List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After")) {
                assertNull(reply.header(header), () -> header + " on " + health);
            }
        }

        long otherSince = System.nanoTime();
        Api.Reply other = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", otherClient);
        Problems.assertNotAuthenticated(other);
        assertBudget(other, LIMIT, LIMIT - 1, otherSince);

        Thread.sleep((retryAfter + 1) * 1000L);
        Api.Reply again = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client);
        Problems.assertNotAuthenticated(again);
        assertEquals(Integer.toString(LIMIT), again.header("RateLimit-Limit"));
    }

    @Test
    void credentialEndpointsDrawOnTheStricterBudgetAndRefusalsDrawNothing() {
        String client = Cluster.freshAddress();
        String email = Api.uniqueEmail("edge-credential");
        String password = "pw-" + UUID.randomUUID();
        long since = System.nanoTime();

        Api.Reply registered = json(nodeB, "POST", "/api/auth/register", client, Api.json("email", email, "password", password));
        assertEquals(201, registered.status(), registered::body);
        assertBudget(registered, AUTH_LIMIT, 3, since);

        Api.Reply login = json(nodeB, "POST", "/api/auth/login", client, Api.json("email", email, "password", password));
        assertEquals(200, login.status(), login::body);
        assertBudget(login, AUTH_LIMIT, 2, since);

        Api.Reply refreshed = json(nodeB, "POST", "/api/auth/refresh", client,
                Api.json("refresh_token", login.json().getString("refresh_token")));
        assertEquals(200, refreshed.status(), refreshed::body);
        assertBudget(refreshed, AUTH_LIMIT, 1, since);
        String access = refreshed.json().getString("access_token");
        String refresh = refreshed.json().getString("refresh_token");

        Api.Reply changed = nodeB.send("PUT", "/api/auth/password",
                Api.json("current_password", password, "new_password", password + "-new"), "X-Forwarded-For", client,
                "Authorization", "Bearer " + access, "Content-Type", "application/json");
        assertEquals(204, changed.status(), changed::body);
        assertBudget(changed, AUTH_LIMIT, 0, since);

        List<Api.Reply> refusals = List.of(
                json(nodeB, "POST", "/api/auth/login", client, Api.json("email", email, "password", password + "-new")),
                json(nodeB, "POST", "/api/auth/register", client, Api.json("email", Api.uniqueEmail("edge-r"), "password", password)),
                json(nodeB, "POST", "/api/auth/refresh", client, Api.json("refresh_token", refresh)),
                nodeB.send("PUT", "/api/auth/password", Api.json("current_password", password + "-new", "new_password",
                        password), "X-Forwarded-For", client, "Authorization", "Bearer " + access,
                        "Content-Type", "application/json"));
        for (Api.Reply refusal : refusals) {
            Problems.assertTooManyRequests(refusal);
            retryAfter(refusal, AUTH_LIMIT);
            assertBudget(refusal, AUTH_LIMIT, 0, since);
        }

        // four requests drew on the general budget; the four refusals drew nothing
        Api.Reply me = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client, "Authorization", "Bearer " + access);
        assertEquals(200, me.status(), me::body);
        assertBudget(me, LIMIT, LIMIT - 4 - 1, since);
        Api.Reply logout = nodeB.send("POST", "/api/auth/logout", null, "X-Forwarded-For", client,
                "Authorization", "Bearer " + access);
        assertEquals(204, logout.status(), logout::body);
        assertBudget(logout, LIMIT, LIMIT - 4 - 2, since);
    }

    @Test
    void theHeadersOfACredentialEndpointDescribeTheBudgetWithLessLeft() {
        String client = Cluster.freshAddress();
        long since = System.nanoTime();
        for (int i = 0; i < LIMIT - 1; i++) {
            assertEquals(401, nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client).status());
        }
        // general: 1 left, credential: 4 left; the login takes one of each and shows the general one
        Api.Reply login = json(nodeB, "POST", "/api/auth/login", client,
                Api.json("email", Api.uniqueEmail("edge-less"), "password", "edge-password"));
        Problems.assertInvalidCredentials(login);
        assertBudget(login, LIMIT, 0, since);

        Api.Reply refused = json(nodeB, "POST", "/api/auth/login", client,
                Api.json("email", Api.uniqueEmail("edge-less"), "password", "edge-password"));
        Problems.assertTooManyRequests(refused);
        assertBudget(refused, LIMIT, 0, since);
        retryAfter(refused, LIMIT);
    }

    @Test
    void pathVariantsOfACredentialEndpointStillDrawOnTheStricterBudget() {
        String client = Cluster.freshAddress();
        long since = System.nanoTime();
        for (String withParameter : List.of("/api/auth/login;x=1", "/api/auth;v=1/login", "/api/auth/login;jsessionid=1")) {
            Api.Reply reply = json(nodeB, "POST", withParameter, client,
                    Api.json("email", Api.uniqueEmail("edge-variant"), "password", "edge-password"));
            assertEquals(400, reply.status(), reply::body);
            assertEquals("Invalid path", reply.json().getString("detail"));
        }
        List<String> variants = List.of("/api/auth/login/", "/api/auth/login", "/api/auth/login/", "/api/auth/login");
        for (int i = 0; i < variants.size(); i++) {
            Api.Reply reply = json(nodeB, "POST", variants.get(i), client,
                    Api.json("email", Api.uniqueEmail("edge-variant"), "password", "edge-password"));
            Problems.assertInvalidCredentials(reply);
            assertBudget(reply, AUTH_LIMIT, AUTH_LIMIT - 1 - i, since);
        }
        Api.Reply refused = json(nodeB, "POST", "/api/auth/login/", client,
                Api.json("email", Api.uniqueEmail("edge-variant"), "password", "edge-password"));
        Problems.assertTooManyRequests(refused);
        assertBudget(refused, AUTH_LIMIT, 0, since);
    }

    // ------------------------------------------------------------------ trusted proxies

    @Test
    void behindATrustedProxyForwardedForPicksTheBudget() {
        String client = Cluster.freshAddress();
        String other = Cluster.freshAddress();
        long since = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertBudget(nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client), LIMIT, LIMIT - 1 - i, since);
        }
        assertBudget(nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", other), LIMIT, LIMIT - 1, since);
        // the right-most hop that is not a trusted proxy decides; what a client puts left of it does not
        assertBudget(nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "198.51.100.250, " + client + ", 127.0.0.1"),
                LIMIT, LIMIT - 4, since);
        assertBudget(nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", other), LIMIT, LIMIT - 2, since);
    }

    @Test
    void behindATrustedProxyEveryForwardedForLineCountsNotOnlyTheClientsFirst() {
        String spoofed = Cluster.freshAddress();
        long since = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            // the client's own line first, then the line a proxy appended: each request is a client of its own
            Api.Reply reply = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", spoofed,
                    "X-Forwarded-For", Cluster.freshAddress());
            assertBudget(reply, LIMIT, LIMIT - 1, since);
        }
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsRecorded() {
        String client = Cluster.freshAddress();
        String email = Api.uniqueEmail("edge-recorded");
        String password = "pw-" + UUID.randomUUID();
        assertEquals(201, json(nodeB, "POST", "/api/auth/register", client,
                Api.json("email", email, "password", password)).status());
        Api.Reply login = json(nodeB, "POST", "/api/auth/login", "198.51.100.250, " + client + ", 127.0.0.1",
                Api.json("email", email, "password", password));
        assertEquals(200, login.status(), login::body);
        String bearer = "Bearer " + login.json().getString("access_token");

        Api.Reply sessions = nodeB.send("GET", "/api/sessions", null, "X-Forwarded-For", client, "Authorization", bearer);
        assertEquals(200, sessions.status(), sessions::body);
        assertEquals(client, onlyItem(sessions).getString("ip_address"));

        Api.Reply activity = nodeB.send("GET", "/api/activity", null, "X-Forwarded-For", client, "Authorization", bearer);
        assertEquals(200, activity.status(), activity::body);
        Map<String, String> addressByAction = activity.json().getJsonArray("items").stream()
                .map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(e -> e.getString("action"), e -> e.getString("ip_address"), (x, y) -> x));
        assertEquals(client, addressByAction.get("user.registered"), addressByAction::toString);
        assertEquals(client, addressByAction.get("auth.login"), addressByAction::toString);
    }

    // ------------------------------------------------------------------ shared store

    @Test
    void theThreeNodesDrawOnOneBudgetInTheSharedStore() {
        String client = Cluster.freshAddress();
        long since = System.nanoTime();
        List<Api.Server> nodes = cluster.nodes().stream().map(node -> node.from(client)).toList();
        int allowed = 0;
        Api.Reply refused = null;
        int refusedBy = -1;
        while (refused == null && allowed < LIMIT + 10) {
            Api.Reply reply = nodes.get(allowed % 3).send("GET", "/api/auth/me", null);
            if (reply.status() == 429) {
                refused = reply;
                refusedBy = allowed % 3;
            } else {
                Problems.assertNotAuthenticated(reply);
                assertBudget(reply, LIMIT, LIMIT - 1 - allowed, since);
                allowed++;
            }
        }
        assertNotNull(refused, "never refused");
        assertAllowedCount(LIMIT, allowed, LIMIT, since);
        Problems.assertTooManyRequests(refused);
        retryAfter(refused, LIMIT);

        for (int other = 1; other < 3; other++) {
            Api.Reply otherNode = nodes.get((refusedBy + other) % 3).send("GET", "/api/auth/me", null);
            Problems.assertTooManyRequests(otherNode);
            assertBudget(otherNode, LIMIT, 0, since);
        }
    }

    // ------------------------------------------------------------------ security headers

    @Test
    void securityHeadersOnApiAndOtherPathsAndNoHstsOverPlainHttp() {
        String client = Cluster.freshAddress();
        List<Api.Reply> api = List.of(
                nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client),
                json(nodeB, "POST", "/api/auth/login", client, "{"),
                nodeA.send("GET", "/api/health/live", null),
                nodeB.send("GET", "/api/health/ready", null));
        assertEquals(List.of(401, 400, 200, 200), api.stream().map(Api.Reply::status).toList());
        api.forEach(Problems::assertSecurityHeaders);

        for (Cluster.Node node : cluster.nodes()) {
            for (String path : List.of("/", "/index.html", "/apiary")) {
                Api.Reply reply = node.process().api().send("GET", path, null);
                Problems.assertProblem(reply, 404, "Not found");
            }
        }
    }

    // ------------------------------------------------------------------ request limits

    @Test
    void theBodyLimitIsInclusiveWithAndWithoutContentLength() {
        String client = Cluster.freshAddress();
        String other = Cluster.freshAddress();
        String third = Cluster.freshAddress();
        String fourth = Cluster.freshAddress();
        String body = loginBodyOf(MAX_BODY);
        String over = loginBodyOf(MAX_BODY + 1);

        Api.Reply atLimit = nodeB.sendBody("POST", "/api/auth/login", BodyPublishers.ofString(body),
                "X-Forwarded-For", client, "Content-Type", "application/json");
        Problems.assertInvalidCredentials(atLimit);

        Api.Reply overLimit = nodeB.sendBody("POST", "/api/auth/login", BodyPublishers.ofString(over),
                "X-Forwarded-For", other, "Content-Type", "application/json");
        Problems.assertProblem(overLimit, 413, "Request body too large");
        assertEquals(Integer.toString(AUTH_LIMIT), overLimit.header("RateLimit-Limit"));

        Api.Reply chunkedAtLimit = nodeB.sendBody("POST", "/api/auth/login", chunked(body),
                "X-Forwarded-For", third, "Content-Type", "application/json");
        Problems.assertInvalidCredentials(chunkedAtLimit);

        Api.Reply chunkedOver = nodeB.sendBody("POST", "/api/auth/login", chunked(over),
                "X-Forwarded-For", fourth, "Content-Type", "application/json");
        Problems.assertProblem(chunkedOver, 413, "Request body too large");
    }

    @Test
    void aLoginBodyThatIsNotJsonIs415() {
        String client = Cluster.freshAddress();
        Api.Reply reply = nodeB.send("POST", "/api/auth/login",
                Api.json("email", Api.uniqueEmail("edge-415"), "password", "edge-password"),
                "X-Forwarded-For", client, "Content-Type", "text/plain");
        Problems.assertProblem(reply, 415, "Unsupported media type: send application/json");
    }

    // ------------------------------------------------------------------ helpers

    /** Whole tokens a budget of {@code limit} per minute can have refilled since {@code since}. */
    private static long refilledSince(int limit, long since) {
        return (System.nanoTime() - since) * limit / TimeUnit.MINUTES.toNanos(1);
    }

    /**
     * The RateLimit headers describe a budget of {@code limit} with {@code expected} left (plus what
     * time can have refilled), and {@code RateLimit-Reset} is the time a budget with that many whole
     * tokens left needs to be full: between {@code (limit - 1 - remaining)} and
     * {@code (limit - remaining)} refill intervals.
     */
    private static void assertBudget(Api.Reply reply, int limit, long expected, long since) {
        assertEquals(Integer.toString(limit), reply.header("RateLimit-Limit"), () -> "RateLimit-Limit of a " + reply.status());
        long remaining = number(reply, "RateLimit-Remaining");
        long slack = refilledSince(limit, since);
        assertTrue(remaining >= expected && remaining <= expected + slack,
                () -> "RateLimit-Remaining " + remaining + ", expected " + expected + " (+ up to " + slack + " refilled)");
        long interval = 60 / limit;
        long reset = number(reply, "RateLimit-Reset");
        assertTrue(reset >= (limit - 1 - remaining) * interval + 1 && reset <= (limit - remaining) * interval,
                () -> "RateLimit-Reset " + reset + " with " + remaining + " of " + limit + " left");
    }

    /** Exactly {@code limit} requests passed, plus what time can have refilled. */
    private static void assertAllowedCount(int expected, int allowed, int limit, long since) {
        long slack = refilledSince(limit, since);
        assertTrue(allowed >= expected && allowed <= expected + slack,
                () -> allowed + " requests allowed, expected " + expected + " (+ up to " + slack + " refilled)");
    }

    /** Retry-After: whole seconds, at least 1, at most one refill interval of the budget. */
    private static int retryAfter(Api.Reply reply, int limit) {
        String value = reply.header("Retry-After");
        assertNotNull(value, "Retry-After missing");
        assertTrue(value.matches("\\d+"), () -> "Retry-After: " + value);
        int seconds = Integer.parseInt(value);
        assertTrue(seconds >= 1 && seconds <= 60 / limit, () -> "Retry-After " + seconds + " for " + limit + "/min");
        return seconds;
    }

    private static long number(Api.Reply reply, String header) {
        String value = reply.header(header);
        assertNotNull(value, () -> header + " missing on a " + reply.status());
        assertTrue(value.matches("\\d+"), () -> header + ": " + value);
        return Long.parseLong(value);
    }

    private static void assertNoCorsHeaders(Api.Reply reply) {
        Set<String> cors = reply.response().headers().map().keySet().stream()
                .map(h -> h.toLowerCase(Locale.ROOT)).filter(h -> h.startsWith("access-control-"))
                .collect(Collectors.toSet());
        assertTrue(cors.isEmpty(), () -> "CORS headers: " + cors);
    }

    private static Set<String> tokens(List<String> values) {
        return values.stream().flatMap(v -> Arrays.stream(v.split(",")))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private static JsonObject onlyItem(Api.Reply page) {
        var items = page.json().getJsonArray("items");
        assertEquals(1, items.size(), page::body);
        return items.getJsonObject(0);
    }

    /** A login body of exactly {@code size} bytes: an unknown email and an ignored padding field. */
    private static String loginBodyOf(int size) {
        String head = "{\"email\":\"" + Api.uniqueEmail("edge-size") + "\",\"password\":\"edge-password\",\"pad\":\"";
        String tail = "\"}";
        String body = head + "x".repeat(size - head.length() - tail.length()) + tail;
        assertEquals(size, body.getBytes(StandardCharsets.UTF_8).length);
        return body;
    }

    /** A body of unknown length, which the client sends with {@code Transfer-Encoding: chunked}. */
    private static BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    /** A JSON request to {@code node} from {@code forwardedFor} (no X-Forwarded-For header when null). */
    private static Api.Reply json(Api.Server node, String method, String path, String forwardedFor, String json) {
        return forwardedFor == null
                ? node.send(method, path, json, "Content-Type", "application/json")
                : node.send(method, path, json, "X-Forwarded-For", forwardedFor, "Content-Type", "application/json");
    }
}
