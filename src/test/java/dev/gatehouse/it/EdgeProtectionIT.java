package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
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
    private static final String LOOPBACK = "127.0.0.1";

    private static PayaraProcess processA;
    private static PayaraProcess processB;
    private static Api.Server nodeA;
    private static Api.Server nodeB;

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
        processA = PayaraProcess.start("edge-a", environment(Map.of()));
        processB = PayaraProcess.start("edge-b", environment(Map.of("TRUSTED_PROXIES", LOOPBACK)));
        nodeA = processA.awaitLive().api();
        nodeB = processB.awaitLive().api();
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

    /**
     * The settings of both nodes: the shared test database as the rate-limit store, small budgets,
     * two CORS origins, and {@code extra}. No secret key (each node makes its own) and no admin.
     */
    private static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "DATABASE_URL", System.getProperty("gatehouse.test.database.url"),
                "RATE_LIMIT_STORE", "database",
                "RATE_LIMIT_PER_MINUTE", Integer.toString(LIMIT),
                "AUTH_RATE_LIMIT_PER_MINUTE", Integer.toString(AUTH_LIMIT),
                "CORS_ORIGINS", "http://app.test,https://admin.test",
                "BCRYPT_COST", "4",
                "LOG_DIR", "logs"));
        environment.putAll(extra);
        return environment;
    }

    /** First requests load classes and open pools; spend that time here, not inside timed budgets. */
    private static void warmUp() {
        for (Api.Server node : List.of(nodeA, nodeB)) {
            String email = Api.uniqueEmail("edge-warm");
            json(node, "POST", "/api/auth/register", "198.51.100.254", Api.json("email", email, "password", "warm-up-pw"));
            json(node, "POST", "/api/auth/login", "198.51.100.254", Api.json("email", email, "password", "warm-up-pw"));
            node.send("GET", "/api/auth/me", null, "X-Forwarded-For", "198.51.100.254");
            node.send("GET", "/", null);
        }
    }

    @AfterAll
    static void stopNodes() {
        PayaraProcess.stopAll(processA, processB);
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
            Problems.assertNotAuthenticated(actual);
            assertNoCorsHeaders(actual);

            Api.Reply preflight = nodeB.send("OPTIONS", "/api/auth/login", null, "X-Forwarded-For", "203.0.113.13",
                    "Origin", origin, "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "authorization, content-type");
            assertNoCorsHeaders(preflight);
            Problems.assertProblem(preflight, 403, "Origin not allowed");
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
        String client = "203.0.113.21";
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
        Api.Reply other = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "203.0.113.22");
        Problems.assertNotAuthenticated(other);
        assertBudget(other, LIMIT, LIMIT - 1, otherSince);

        Thread.sleep((retryAfter + 1) * 1000L);
        Api.Reply again = nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", client);
        Problems.assertNotAuthenticated(again);
        assertEquals(Integer.toString(LIMIT), again.header("RateLimit-Limit"));
    }

    @Test
    void credentialEndpointsDrawOnTheStricterBudgetAndRefusalsDrawNothing() {
        String client = "203.0.113.41";
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
        String client = "203.0.113.51";
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
        String client = "203.0.113.42";
        long since = System.nanoTime();
        List<String> variants = List.of("/api/auth/login/", "/api/auth/login;x=1", "/api/auth;v=1/login", "/api/auth/login");
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
    void withoutTrustedProxiesForwardedForIsIgnoredForBudgetAndRecordedAddress() {
        emptyLoopbackBudgets();
        long since = System.nanoTime();
        String email = Api.uniqueEmail("edge-node-a");
        String password = "pw-" + UUID.randomUUID();

        Api.Reply registered = json(nodeA, "POST", "/api/auth/register", "198.51.100.1",
                Api.json("email", email, "password", password));
        assertEquals(201, registered.status(), registered::body);
        assertBudget(registered, AUTH_LIMIT, 3, since);
        Api.Reply login = json(nodeA, "POST", "/api/auth/login", "198.51.100.2", Api.json("email", email, "password", password));
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
                Problems.assertNotAuthenticated(reply);
                assertBudget(reply, LIMIT, LIMIT - 1 - allowed, since);
                allowed++;
            }
        }
        assertNotNull(refused, "never refused");
        assertAllowedCount(LIMIT, allowed, LIMIT, since);
        Problems.assertTooManyRequests(refused);
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
    void bothNodesDrawOnOneBudgetInTheSharedStore() {
        emptyLoopbackBudgets();
        long since = System.nanoTime();
        List<Api.Server> nodes = List.of(nodeA, nodeB);
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
                Problems.assertNotAuthenticated(reply);
                assertBudget(reply, LIMIT, LIMIT - 1 - allowed, since);
                allowed++;
            }
        }
        assertNotNull(refused, "never refused");
        assertAllowedCount(LIMIT, allowed, LIMIT, since);
        Problems.assertTooManyRequests(refused);
        retryAfter(refused, LIMIT);

        Api.Reply otherNode = nodes.get(1 - refusedBy).send("GET", "/api/auth/me", null);
        Problems.assertTooManyRequests(otherNode);
        assertBudget(otherNode, LIMIT, 0, since);
    }

    // ------------------------------------------------------------------ security headers

    @Test
    void securityHeadersOnApiAndOtherPathsAndNoHstsOverPlainHttp() {
        List<Api.Reply> api = List.of(
                nodeB.send("GET", "/api/auth/me", null, "X-Forwarded-For", "203.0.113.81"),
                json(nodeB, "POST", "/api/auth/login", "203.0.113.81", "{"),
                nodeA.send("GET", "/api/health/live", null),
                nodeB.send("GET", "/api/health/ready", null));
        assertEquals(List.of(401, 400, 200, 200), api.stream().map(Api.Reply::status).toList());
        api.forEach(Problems::assertSecurityHeaders);

        for (Api.Server node : List.of(nodeA, nodeB)) {
            for (String path : List.of("/", "/index.html", "/apiary")) {
                Api.Reply reply = node.send("GET", path, null);
                Problems.assertProblem(reply, 404, "Not found");
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
        Problems.assertInvalidCredentials(atLimit);

        Api.Reply overLimit = nodeB.sendBody("POST", "/api/auth/login", BodyPublishers.ofString(over),
                "X-Forwarded-For", "203.0.113.92", "Content-Type", "application/json");
        Problems.assertProblem(overLimit, 413, "Request body too large");
        assertEquals(Integer.toString(AUTH_LIMIT), overLimit.header("RateLimit-Limit"));

        Api.Reply chunkedAtLimit = nodeB.sendBody("POST", "/api/auth/login", chunked(body),
                "X-Forwarded-For", "203.0.113.93", "Content-Type", "application/json");
        Problems.assertInvalidCredentials(chunkedAtLimit);

        Api.Reply chunkedOver = nodeB.sendBody("POST", "/api/auth/login", chunked(over),
                "X-Forwarded-For", "203.0.113.94", "Content-Type", "application/json");
        Problems.assertProblem(chunkedOver, 413, "Request body too large");
    }

    @Test
    void aLoginBodyThatIsNotJsonIs415() {
        Api.Reply reply = nodeB.send("POST", "/api/auth/login",
                Api.json("email", Api.uniqueEmail("edge-415"), "password", "edge-password"),
                "X-Forwarded-For", "203.0.113.95", "Content-Type", "text/plain");
        Problems.assertProblem(reply, 415, "Unsupported media type: send application/json");
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
