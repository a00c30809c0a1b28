package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS, rate limits, trusted proxies, security headers and body limits on two Payara Micro nodes of
 * this class's own, which share their rate-limit buckets in the test PostgreSQL database.
 */
class EdgeProtectionIT {

    // Node A trusts no proxy, so everything it serves is keyed to 127.0.0.1; node B trusts 127.0.0.1,
    // so each test gives itself a budget of its own with X-Forwarded-For. The tests that need
    // 127.0.0.1's budget (node A, and node B without the header) empty it in the store first. Budgets
    // refill greedily (one token every 60/limit seconds), so a remaining count may run ahead of the
    // exact value by the tokens that time can have refilled, and by nothing more.

    private static final int LIMIT = 12;
    private static final int AUTH_LIMIT = 4;
    private static final int MAX_BODY = 65_536;
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
    private static final String LOOPBACK = "127.0.0.1";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private static Node nodeA;
    private static Node nodeB;

    // ------------------------------------------------------------------ lifecycle

    private static final String EXPIRED_BUCKET = "api:203.0.113.77";
    private static final String FRESH_BUCKET = "api:203.0.113.78";
    private static boolean expiredBucketPurged;
    private static boolean freshBucketKept;

    @BeforeAll
    static void startNodes() throws Exception {
        TestDatabase.update("DELETE FROM rate_limit_buckets WHERE id IN (?, ?)", EXPIRED_BUCKET, FRESH_BUCKET);
        TestDatabase.update("INSERT INTO rate_limit_buckets (id, expires_at) VALUES (?, ?), (?, ?)",
                EXPIRED_BUCKET, 1L, FRESH_BUCKET, System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1));
        long started = System.nanoTime();
        nodeA = Node.start("a", Map.of());
        nodeB = Node.start("b", Map.of("TRUSTED_PROXIES", LOOPBACK));
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        boolean aUp = false;
        boolean bUp = false;
        while (!(aUp && bUp)) {
            aUp = aUp || nodeA.isLive(deadline);
            bUp = bUp || nodeB.isLive(deadline);
            if (!(aUp && bUp)) {
                Thread.sleep(1000);
            }
        }
        System.out.printf("EdgeProtectionIT: both nodes live after %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        warmUp();
        long purgeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (bucketExists(EXPIRED_BUCKET) && System.nanoTime() < purgeDeadline) {
            Thread.sleep(200);
        }
        expiredBucketPurged = !bucketExists(EXPIRED_BUCKET);
        freshBucketKept = bucketExists(FRESH_BUCKET);
        TestDatabase.update("DELETE FROM rate_limit_buckets");
    }

    private static boolean bucketExists(String id) {
        return !TestDatabase.query("SELECT 1 FROM rate_limit_buckets WHERE id = ?", id).isEmpty();
    }

    /** First requests load classes and open pools; spend that time here, not inside timed budgets. */
    private static void warmUp() {
        for (Node node : List.of(nodeA, nodeB)) {
            String email = Api.uniqueEmail("edge-warm-" + node.name);
            node.json("POST", "/api/auth/register", "198.51.100.254", Api.json("email", email, "password", "warm-up-pw"));
            node.json("POST", "/api/auth/login", "198.51.100.254", Api.json("email", email, "password", "warm-up-pw"));
            node.send("GET", "/api/auth/me", null, "X-Forwarded-For", "198.51.100.254");
            node.send("GET", "/", null);
        }
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        for (Node node : Arrays.asList(nodeA, nodeB)) {
            if (node != null) {
                node.process.destroy();
            }
        }
        for (Node node : Arrays.asList(nodeA, nodeB)) {
            if (node != null) {
                node.stop();
            }
        }
    }

    // ------------------------------------------------------------------ shared store upkeep

    /** A node purges expired buckets when its limiter starts (and every minute), never live ones. */
    @Test
    void expiredBucketsAreDeletedFromTheSharedStoreAndLiveOnesKept() {
        assertTrue(expiredBucketPurged, "a bucket that expired is deleted");
        assertTrue(freshBucketKept, "a bucket that has not expired is kept");
    }

    // ------------------------------------------------------------------ CORS

    @Test
    void allowedOriginsAreEchoedWithTheRateLimitHeadersExposed() {
        for (String origin : List.of("http://app.test", "https://admin.test")) {
            Api.Reply reply = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "203.0.113.11", "Origin", origin);
            assertEquals(401, reply.status());
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
        Api.Reply reply = nodeB.send("OPTIONS", "/api/auth/login", null, "X-Forwarded-For", "203.0.113.12",
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
        for (String origin : List.of("http://evil.test", "https://app.test", "http://app.test:8080",
                "http://app.test.evil.test", "null")) {
            Api.Reply actual = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "203.0.113.13", "Origin", origin);
            assertEquals(401, actual.status());
            assertNoCorsHeaders(actual);

            Api.Reply preflight = nodeB.send("OPTIONS", "/api/auth/login", null, "X-Forwarded-For", "203.0.113.13",
                    "Origin", origin, "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "authorization, content-type");
            assertEquals(403, preflight.status(), origin);
            assertNoCorsHeaders(preflight);
            assertProblem(preflight, 403);
        }
    }

    // ------------------------------------------------------------------ rate limits

    @Test
    void limitedResponsesOfEveryKindCarryTheRateLimitHeaders() {
        String client = "203.0.113.31";
        String email = Api.uniqueEmail("edge-headers");
        List<Api.Reply> replies = List.of(
                nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client),
                nodeB.send("GET", "/api/no-such-route", null, "X-Forwarded-For", client),
                nodeB.send("PUT", "/api/auth/me", null, "X-Forwarded-For", client),
                nodeB.json("POST", "/api/auth/register", client, Api.json("email", email, "password", "edge-password")),
                nodeB.json("POST", "/api/auth/login", client, Api.json("email", email, "password", "edge-password")));
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
        String client = "203.0.113.21";
        long since = System.nanoTime();
        Api.Reply refused = null;
        int allowed = 0;
        while (refused == null && allowed < LIMIT + 10) {
            Api.Reply reply = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client, "Origin", "http://app.test");
            if (reply.status() == 429) {
                refused = reply;
            } else {
                assertEquals(401, reply.status());
                assertBudget(reply, LIMIT, LIMIT - 1 - allowed, since);
                allowed++;
            }
        }
        assertNotNull(refused, "never refused");
        assertAllowedCount(LIMIT, allowed, LIMIT, since);

        assertProblem(refused, 429);
        assertEquals("Too many requests", refused.detail());
        int retryAfter = retryAfter(refused, LIMIT);
        assertBudget(refused, LIMIT, 0, since);
        assertEquals(List.of("http://app.test"), refused.headers("Access-Control-Allow-Origin"));
        assertTrue(tokens(refused.headers("Access-Control-Expose-Headers")).contains("retry-after"));
        assertApiSecurityHeaders(refused);

        for (String health : List.of("/api/health/live", "/api/health/ready")) {
            Api.Reply reply = nodeB.send("GET", health, null, "X-Forwarded-For", client);
            assertEquals(200, reply.status(), health);
            for (String header : List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After")) {
                assertNull(reply.header(header), () -> header + " on " + health);
            }
        }

        long otherSince = System.nanoTime();
        Api.Reply other = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "203.0.113.22");
        assertEquals(401, other.status(), "another client's budget is its own");
        assertBudget(other, LIMIT, LIMIT - 1, otherSince);

        Thread.sleep((retryAfter + 1) * 1000L);
        Api.Reply again = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client);
        assertEquals(401, again.status(), "allowed again after Retry-After seconds");
        assertEquals(Integer.toString(LIMIT), again.header("RateLimit-Limit"));
    }

    @Test
    void credentialEndpointsDrawOnTheStricterBudgetAndRefusalsDrawNothing() {
        String client = "203.0.113.41";
        String email = Api.uniqueEmail("edge-credential");
        String password = "pw-" + UUID.randomUUID();
        long since = System.nanoTime();

        Api.Reply registered = nodeB.json("POST", "/api/auth/register", client, Api.json("email", email, "password", password));
        assertEquals(201, registered.status(), registered::body);
        assertBudget(registered, AUTH_LIMIT, 3, since);

        Api.Reply login = nodeB.json("POST", "/api/auth/login", client, Api.json("email", email, "password", password));
        assertEquals(200, login.status(), login::body);
        assertBudget(login, AUTH_LIMIT, 2, since);

        Api.Reply refreshed = nodeB.json("POST", "/api/auth/refresh", client,
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
                nodeB.json("POST", "/api/auth/login", client, Api.json("email", email, "password", password + "-new")),
                nodeB.json("POST", "/api/auth/register", client, Api.json("email", Api.uniqueEmail("edge-r"), "password", password)),
                nodeB.json("POST", "/api/auth/refresh", client, Api.json("refresh_token", refresh)),
                nodeB.send("PUT", "/api/auth/password", Api.json("current_password", password + "-new", "new_password",
                        password), "X-Forwarded-For", client, "Authorization", "Bearer " + access,
                        "Content-Type", "application/json"));
        for (Api.Reply refusal : refusals) {
            assertProblem(refusal, 429);
            assertEquals("Too many requests", refusal.detail());
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
        String client = "203.0.113.51";
        long since = System.nanoTime();
        for (int i = 0; i < LIMIT - 1; i++) {
            assertEquals(401, nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client).status());
        }
        // general: 1 left, credential: 4 left; the login takes one of each and shows the general one
        Api.Reply login = nodeB.json("POST", "/api/auth/login", client,
                Api.json("email", Api.uniqueEmail("edge-less"), "password", "edge-password"));
        assertEquals(401, login.status());
        assertBudget(login, LIMIT, 0, since);

        Api.Reply refused = nodeB.json("POST", "/api/auth/login", client,
                Api.json("email", Api.uniqueEmail("edge-less"), "password", "edge-password"));
        assertProblem(refused, 429);
        assertBudget(refused, LIMIT, 0, since);
        retryAfter(refused, LIMIT);
    }

    @Test
    void pathVariantsOfACredentialEndpointStillDrawOnTheStricterBudget() {
        String client = "203.0.113.42";
        long since = System.nanoTime();
        List<String> variants = List.of("/api/auth/login/", "/api/auth/login;x=1", "/api/auth;v=1/login", "/api/auth/login");
        for (int i = 0; i < variants.size(); i++) {
            Api.Reply reply = nodeB.json("POST", variants.get(i), client,
                    Api.json("email", Api.uniqueEmail("edge-variant"), "password", "edge-password"));
            assertEquals(401, reply.status(), variants.get(i));
            assertEquals("Invalid credentials", reply.detail(), variants.get(i));
            assertBudget(reply, AUTH_LIMIT, AUTH_LIMIT - 1 - i, since);
        }
        Api.Reply refused = nodeB.json("POST", "/api/auth/login/", client,
                Api.json("email", Api.uniqueEmail("edge-variant"), "password", "edge-password"));
        assertProblem(refused, 429);
        assertBudget(refused, AUTH_LIMIT, 0, since);
    }

    // ------------------------------------------------------------------ trusted proxies

    @Test
    void withoutTrustedProxiesForwardedForIsIgnoredForBudgetAndRecordedAddress() {
        emptyLoopbackBudgets();
        long since = System.nanoTime();
        String email = Api.uniqueEmail("edge-node-a");
        String password = "pw-" + UUID.randomUUID();

        Api.Reply registered = nodeA.json("POST", "/api/auth/register", "198.51.100.1",
                Api.json("email", email, "password", password));
        assertEquals(201, registered.status(), registered::body);
        assertBudget(registered, AUTH_LIMIT, 3, since);
        Api.Reply login = nodeA.json("POST", "/api/auth/login", "198.51.100.2", Api.json("email", email, "password", password));
        assertEquals(200, login.status(), login::body);
        assertBudget(login, AUTH_LIMIT, 2, since);

        Api.Reply sessions = nodeA.send("GET", "/api/sessions", null, "X-Forwarded-For", "198.51.100.3",
                "Authorization", "Bearer " + login.json().getString("access_token"));
        assertEquals(200, sessions.status(), sessions::body);
        assertEquals(LOOPBACK, onlyItem(sessions).getString("ip_address"));
        assertBudget(sessions, LIMIT, LIMIT - 3, since);

        int allowed = 3;
        Api.Reply refused = null;
        while (refused == null && allowed < LIMIT + 10) {
            Api.Reply reply = nodeA.send("GET", "/api/auth/me", null, "X-Forwarded-For", "198.51.100." + (10 + allowed));
            if (reply.status() == 429) {
                refused = reply;
            } else {
                assertEquals(401, reply.status());
                assertBudget(reply, LIMIT, LIMIT - 1 - allowed, since);
                allowed++;
            }
        }
        assertNotNull(refused, "never refused");
        assertAllowedCount(LIMIT, allowed, LIMIT, since);
        assertProblem(refused, 429);
    }

    @Test
    void behindATrustedProxyForwardedForPicksTheBudget() {
        long since = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertBudget(nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "203.0.113.61"), LIMIT, LIMIT - 1 - i, since);
        }
        assertBudget(nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "203.0.113.62"), LIMIT, LIMIT - 1, since);
        // the right-most hop that is not a trusted proxy decides; what a client puts left of it does not
        assertBudget(nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "198.51.100.250, 203.0.113.61, 127.0.0.1"),
                LIMIT, LIMIT - 4, since);
        assertBudget(nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "203.0.113.62"), LIMIT, LIMIT - 2, since);
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsRecorded() {
        String client = "203.0.113.71";
        String email = Api.uniqueEmail("edge-recorded");
        String password = "pw-" + UUID.randomUUID();
        assertEquals(201, nodeB.json("POST", "/api/auth/register", client,
                Api.json("email", email, "password", password)).status());
        Api.Reply login = nodeB.json("POST", "/api/auth/login", "198.51.100.250, " + client + ", 127.0.0.1",
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
    void bothNodesDrawOnOneBudgetInTheSharedStore() {
        emptyLoopbackBudgets();
        long since = System.nanoTime();
        List<Node> nodes = List.of(nodeA, nodeB);
        int allowed = 0;
        Api.Reply refused = null;
        int refusedBy = -1;
        while (refused == null && allowed < LIMIT + 10) {
            // node B gets no X-Forwarded-For, so both nodes key these requests to 127.0.0.1
            Api.Reply reply = nodes.get(allowed % 2).send("GET", "/api/auth/me", null);
            if (reply.status() == 429) {
                refused = reply;
                refusedBy = allowed % 2;
            } else {
                assertEquals(401, reply.status());
                assertBudget(reply, LIMIT, LIMIT - 1 - allowed, since);
                allowed++;
            }
        }
        assertNotNull(refused, "never refused");
        assertAllowedCount(LIMIT, allowed, LIMIT, since);
        assertProblem(refused, 429);
        retryAfter(refused, LIMIT);

        Api.Reply otherNode = nodes.get(1 - refusedBy).send("GET", "/api/auth/me", null);
        assertProblem(otherNode, 429);
        assertBudget(otherNode, LIMIT, 0, since);
    }

    // ------------------------------------------------------------------ security headers

    @Test
    void securityHeadersOnApiAndOtherPathsAndNoHstsOverPlainHttp() {
        List<Api.Reply> api = List.of(
                nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "203.0.113.81"),
                nodeB.json("POST", "/api/auth/login", "203.0.113.81", "{"),
                nodeA.send("GET", "/api/health/live", null),
                nodeB.send("GET", "/api/health/ready", null));
        assertEquals(List.of(401, 400, 200, 200), api.stream().map(Api.Reply::status).toList());
        api.forEach(EdgeProtectionIT::assertApiSecurityHeaders);

        for (Node node : List.of(nodeA, nodeB)) {
            for (String path : List.of("/", "/index.html", "/apiary")) {
                Api.Reply reply = node.send("GET", path, null);
                assertEquals(404, reply.status(), path);
                assertBaseSecurityHeaders(reply);
            }
        }
    }

    // ------------------------------------------------------------------ request limits

    @Test
    void theBodyLimitIsInclusiveWithAndWithoutContentLength() {
        String body = loginBodyOf(MAX_BODY);
        String over = loginBodyOf(MAX_BODY + 1);

        Api.Reply atLimit = nodeB.sendBody("POST", "/api/auth/login", BodyPublishers.ofString(body),
                "X-Forwarded-For", "203.0.113.91", "Content-Type", "application/json");
        assertEquals(401, atLimit.status(), "65,536 bytes are accepted");
        assertEquals("Invalid credentials", atLimit.detail());

        Api.Reply overLimit = nodeB.sendBody("POST", "/api/auth/login", BodyPublishers.ofString(over),
                "X-Forwarded-For", "203.0.113.92", "Content-Type", "application/json");
        assertProblem(overLimit, 413);
        assertEquals(Integer.toString(AUTH_LIMIT), overLimit.header("RateLimit-Limit"));

        Api.Reply chunkedAtLimit = nodeB.sendBody("POST", "/api/auth/login", chunked(body),
                "X-Forwarded-For", "203.0.113.93", "Content-Type", "application/json");
        assertEquals(401, chunkedAtLimit.status(), "65,536 chunked bytes are accepted");
        assertEquals("Invalid credentials", chunkedAtLimit.detail());

        Api.Reply chunkedOver = nodeB.sendBody("POST", "/api/auth/login", chunked(over),
                "X-Forwarded-For", "203.0.113.94", "Content-Type", "application/json");
        assertProblem(chunkedOver, 413);
    }

    @Test
    void aLoginBodyThatIsNotJsonIs415() {
        Api.Reply reply = nodeB.send("POST", "/api/auth/login",
                Api.json("email", Api.uniqueEmail("edge-415"), "password", "edge-password"),
                "X-Forwarded-For", "203.0.113.95", "Content-Type", "text/plain");
        assertProblem(reply, 415);
        assertApiSecurityHeaders(reply);
    }

    // ------------------------------------------------------------------ helpers

    /** Deletes 127.0.0.1's buckets, so a test that draws on them starts from full budgets. */
    private static void emptyLoopbackBudgets() {
        TestDatabase.update("DELETE FROM rate_limit_buckets WHERE id IN (?, ?)", "api:" + LOOPBACK, "auth:" + LOOPBACK);
    }

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

    private static void assertProblem(Api.Reply reply, int status) {
        assertEquals(status, reply.status(), reply::body);
        String type = reply.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/problem+json"), () -> "Content-Type: " + type);
        assertEquals(status, reply.json().getInt("status"));
    }

    private static void assertBaseSecurityHeaders(Api.Reply reply) {
        assertEquals(List.of("nosniff"), reply.headers("X-Content-Type-Options"));
        assertEquals(List.of("no-referrer"), reply.headers("Referrer-Policy"));
        assertEquals(List.of("DENY"), reply.headers("X-Frame-Options"));
        assertNull(reply.header("Strict-Transport-Security"), "no HSTS over plain HTTP");
    }

    private static void assertApiSecurityHeaders(Api.Reply reply) {
        assertBaseSecurityHeaders(reply);
        assertEquals(List.of("no-store"), reply.headers("Cache-Control"));
        assertEquals(List.of("default-src 'none'; frame-ancestors 'none'"), reply.headers("Content-Security-Policy"));
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

    /** One Payara Micro process of this test, with its port and log. */
    private static final class Node {
        final String name;
        final Process process;
        final URI base;
        final Path log;

        private Node(String name, Process process, URI base, Path log) {
            this.name = name;
            this.process = process;
            this.base = base;
            this.log = log;
        }

        static Node start(String name, Map<String, String> extraEnvironment) throws IOException {
            Path target = Path.of(System.getProperty("gatehouse.target", "target")).toAbsolutePath();
            Path dir = target.resolve("edge-node-" + name);
            Files.createDirectories(dir.resolve("tmp"));
            Path log = dir.resolve("server.log");
            int port = freePort();
            // C1 only and the serial collector: a quicker boot on two shared cores, and these nodes serve little
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + dir.resolve("tmp")));
            command.addAll(coverageAgent());
            command.addAll(List.of("-jar", required("payara.microJar"), "--deploy", required("gatehouse.war"),
                    "--contextroot", "/", "--port", Integer.toString(port), "--disablephonehome", "--nocluster"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            // Failsafe's settings for the suite server: this node neither bootstraps an admin nor needs its key
            List.of("SECRET_KEY", "SECRET_KEY_FILE", "BOOTSTRAP_ADMIN_EMAIL", "BOOTSTRAP_ADMIN_PASSWORD",
                    "BOOTSTRAP_ADMIN_PASSWORD_FILE", "TRUSTED_PROXIES", "MAX_BODY_BYTES", "EDGE_FILTERS_ENABLED",
                    "ENVIRONMENT", "REGISTRATION_ENABLED", "LOGIN_MAX_FAILURES").forEach(environment::remove);
            environment.put("DATABASE_URL", required("gatehouse.test.database.url"));
            environment.put("RATE_LIMIT_STORE", "database");
            environment.put("RATE_LIMIT_PER_MINUTE", Integer.toString(LIMIT));
            environment.put("AUTH_RATE_LIMIT_PER_MINUTE", Integer.toString(AUTH_LIMIT));
            environment.put("CORS_ORIGINS", "http://app.test,https://admin.test");
            environment.put("BCRYPT_COST", "4");
            environment.put("LOG_DIR", target.resolve("edge-logs-" + name).toString());
            environment.putAll(extraEnvironment);
            System.out.printf("EdgeProtectionIT: node %s on port %d: %s%n", name, port, String.join(" ", command));
            Process process = builder.start();
            return new Node(name, process, URI.create("http://" + LOOPBACK + ":" + port), log);
        }

        /** The JaCoCo agent Failsafe hands the suite server, so these nodes count towards coverage too. */
        private static List<String> coverageAgent() {
            return Arrays.stream(System.getProperty("payara.cmdOptions", "").split("\\s+"))
                    .filter(option -> option.startsWith("-javaagent:")).toList();
        }

        private static String required(String property) {
            String value = System.getProperty(property);
            assertNotNull(value, () -> "system property " + property + " is not set (run through Failsafe)");
            return value;
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
                return socket.getLocalPort();
            }
        }

        /** True once health/live answers 200; fails when the process died or the deadline passed. */
        boolean isLive(long deadline) {
            if (!process.isAlive()) {
                fail("node " + name + " exited with " + process.exitValue() + " before it was live:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                fail("node " + name + " not live within " + BOOT_TIMEOUT.toSeconds() + " s:\n" + tail());
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/health/live"))
                        .timeout(Duration.ofSeconds(5)).GET().build();
                // a failed deployment still answers, with 404: only 200 means the WAR is up
                return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "(no log: " + e + ")";
            }
        }

        /** Waits for the process to end after {@code destroy()}, killing it if it will not. */
        void stop() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }

        /** A request with a string body (or none). @param headers name, value, name, value ... */
        Api.Reply send(String method, String path, String body, String... headers) {
            return sendBody(method, path, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body), headers);
        }

        /** A request with any body. @param headers name, value, name, value ... */
        Api.Reply sendBody(String method, String path, BodyPublisher body, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            request.method(method, body);
            try {
                HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Api.Reply(response.statusCode(), response);
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " on node " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** A JSON request from {@code forwardedFor} (no X-Forwarded-For header when null). */
        Api.Reply json(String method, String path, String forwardedFor, String json) {
            return forwardedFor == null
                    ? send(method, path, json, "Content-Type", "application/json")
                    : send(method, path, json, "X-Forwarded-For", forwardedFor, "Content-Type", "application/json");
        }
    }
}
