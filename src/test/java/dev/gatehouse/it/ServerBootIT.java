package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Booting the real WAR on Payara Micro processes of its own ({@link BootChecks}): a node that
 * reaches PostgreSQL through a relay keeps the pool DB_POOL_SIZE and DB_MAX_OVERFLOW allow,
 * answers a database outage with 503 problems and recovers without losing data; with EdDSA its
 * discovery document lets a plain client verify its tokens; and a refused setting ends the
 * process Gatehouse owns, or only the deployment on a server it does not. (A restart on the
 * embedded H2 database is {@code QueuedMailRestartIT}'s; every refused setting's message is
 * {@code SettingsTest}'s.)
 */
@RunsOn(ExtraNodes.BOOT_CHECKS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerBootIT {

    private static final Pattern RECORD_HEADER =
            Pattern.compile("^[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M ");
    private static final Pattern LEVEL = Pattern.compile("^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): ");

    private static final String UNAVAILABLE = "Service temporarily unavailable";

    private static BootChecks nodes;
    private static Api.Server relayed;

    @BeforeAll
    static void booted() {
        nodes = BootChecks.await();
        relayed = nodes.relayed().api();
    }

    private static String credentials(String email, String password) {
        return Api.json("email", email, "password", password);
    }

    private long connections(String applicationName) {
        return ((Number) TestDatabase.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = ?",
                TestDatabase.nameFor("relay"), applicationName)).longValue();
    }

    // ---- the relayed EdDSA node; the outage comes last, as it empties the pool ----------------------

    @Test
    @Order(1)
    void anEdDsaNodesDiscoveryDocumentLetsAPlainClientVerifyItsTokens() throws Exception {
        String email = "eddsa-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        assertEquals(201, relayed.postJson("/api/auth/register", credentials(email, "signed-with-ed25519")).status());
        String token = relayed.login(email, "signed-with-ed25519").accessToken();

        KeySets.assertDiscoveryDocument(relayed, "gatehouse", nodes.relayed().base() + "/.well-known/jwks.json", "EdDSA", 300);
        KeySets.assertPublicKeysOnly(relayed, "EdDSA", token);
        JWTClaimsSet claims = KeySets.verifyFromDiscovery(relayed, token, "EdDSA", "gatehouse");

        assertEquals(email, claims.getStringClaim("upn"));
        assertEquals(List.of("user", "guest"), claims.getStringListClaim("groups"));
        assertEquals(List.of("pwd"), claims.getStringListClaim("amr"));
    }

    @Test
    @Order(2)
    void thePoolKeepsDbPoolSizeConnectionsAndOpensAtMostDbMaxOverflowMore() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (connections("gatehouse") < 3 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        long idle = connections("gatehouse");
        assertTrue(idle >= 3 && idle <= 5, "DB_POOL_SIZE = 3 connections kept open (overflow retires when idle), saw " + idle);
        assertEquals(1, connections("gatehouse-listener"), "the notification listener holds one more, outside the pool");

        nodes.relay().takePeak();
        List<CompletableFuture<Api.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            calls.add(relayed.sendBodyAsync("GET", "/api/health/ready", BodyPublishers.noBody()));
        }
        for (CompletableFuture<Api.Reply> call : calls) {
            assertEquals(200, call.get(60, TimeUnit.SECONDS).status());
        }
        int pool = nodes.relay().takePeak() - 1;
        assertTrue(pool >= 3 && pool <= 5, "at most DB_POOL_SIZE + DB_MAX_OVERFLOW = 5 pool connections, saw " + pool
                + " (the relay's peak less the listener)");
    }

    /**
     * During the outage: readiness says so, a login (a service call) and a bearer request whose
     * session is not cached yet (the authentication mechanism's own database read) are 503 problem
     * documents with {@code Retry-After}, the request id and the security headers; afterwards both
     * work again, nothing written before the outage is lost, and the node listens for notices again.
     */
    @Test
    @Order(3)
    void aDatabaseOutageIsAnswered503ProblemsAndRecoveredWithoutDataLoss() throws Exception {
        String email = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String credentials = credentials(email, "survives-an-outage");
        assertEquals(201, relayed.postJson("/api/auth/register", credentials).status());
        Api.Reply before = relayed.postJson("/api/auth/login", credentials);
        assertEquals(200, before.status(), before::body);
        // never used before the outage, so its session state is not in the node's cache
        String bearer = "Bearer " + before.json().getString("access_token");

        nodes.relay().cut();
        try {
            Api.Reply ready = relayed.get("/api/health/ready");
            assertEquals(503, ready.status(), "ready must say the database is down");
            assertEquals("DOWN", ready.json().getString("status"));
            Problems.assertSecurityHeaders(ready);
            Api.Reply login = relayed.postJson("/api/auth/login", credentials);
            Problems.assertProblem(login, 503, UNAVAILABLE);
            assertEquals("5", login.header("Retry-After"));
            Api.Reply me = relayed.get("/api/auth/me", "Authorization", bearer, "X-Request-Id", "outage-me-1");
            Problems.assertProblem(me, 503, UNAVAILABLE);
            assertEquals("5", me.header("Retry-After"));
            assertEquals("outage-me-1", me.header("X-Request-Id"));
        } finally {
            nodes.relay().restore();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (relayed.get("/api/health/ready").status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertEquals(200, relayed.get("/api/health/ready").status(), "ready again once the database is back");
        Api.Reply after = relayed.postJson("/api/auth/login", credentials);
        assertEquals(200, after.status(), after::body);
        Api.Reply meAgain = relayed.get("/api/auth/me", "Authorization", bearer);
        assertEquals(200, meAgain.status(), meAgain::body);
        assertEquals(email, meAgain.json().getString("email"));
        while (nodes.relayed().metric("gatehouse_notification_channel_up") != 1 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertEquals(1.0, nodes.relayed().metric("gatehouse_notification_channel_up"), "the node listens again");
    }

    /**
     * The database lost while six clients register, log in, call {@code /me} and refresh without
     * pause: connections die mid-statement and between the last statement and the container's
     * commit. Every answer is a success or a {@code 503} (never a 500), each failed request adds at
     * most two lines to the server's output, and every registration that was acknowledged can log in
     * once the database is back.
     */
    @Test
    @Order(4)
    void aDatabaseLostUnderAConcurrentMixIsNeverA500AndLogsAtMostTwoLinesPerFailedRequest() throws Exception {
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failedDuringCut = new AtomicInteger();
        AtomicBoolean cut = new AtomicBoolean();
        Api.Server client = relayed.withTimeout(Duration.ofSeconds(20));
        // a request counts as failed in the cut when the cut was on as it was sent or answered:
        // its log lines may land in the window while its 503 arrives after
        Function<Supplier<Api.Reply>, Api.Reply> send = request -> {
            boolean sentInCut = cut.get();
            Api.Reply reply = request.get();
            statuses.add(reply.status());
            if (reply.status() == 503 && (sentInCut || cut.get())) {
                failedDuringCut.incrementAndGet();
            }
            return reply;
        };
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clients.add(CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    String email = "mix-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
                    String credentials = credentials(email, "mixed-under-outage");
                    Api.Reply registered = send.apply(() -> client.postJson("/api/auth/register", credentials));
                    if (registered.status() == 201) {
                        acknowledged.add(email);
                        Api.Reply login = send.apply(() -> client.postJson("/api/auth/login", credentials));
                        if (login.status() == 200) {
                            send.apply(() -> client.get("/api/auth/me", "Authorization", "Bearer " + login.json().getString("access_token")));
                            send.apply(() -> client.postJson("/api/auth/refresh",
                                    Api.json("refresh_token", login.json().getString("refresh_token"))));
                        }
                    }
                }
            }));
        }
        Thread.sleep(1500);
        int linesBefore = nodes.relayed().output().split("\n", -1).length;
        cut.set(true);
        nodes.relay().cut();
        int linesAfter;
        try {
            Thread.sleep(2500);
        } finally {
            linesAfter = nodes.relayed().output().split("\n", -1).length;
            cut.set(false);
            nodes.relay().restore();
        }
        Thread.sleep(1500);
        running.set(false);
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        List<Integer> unexpected = statuses.stream().filter(status -> status >= 500 && status != 503).toList();
        assertTrue(unexpected.isEmpty(), () -> "only 503 for the outage, got " + unexpected + "\n" + nodes.relayed().tail());
        assertTrue(failedDuringCut.get() > 0, "the cut was felt");
        String[] window = nodes.relayed().output().split("\n", -1);
        int added = failureLines(Arrays.asList(window).subList(linesBefore - 1, Math.min(linesAfter, window.length)));
        // two per failed request, plus the channel's and the mail rounds' one line per outage
        assertTrue(added <= 2 * failedDuringCut.get() + 4,
                () -> added + " lines for " + failedDuringCut.get() + " failed requests:\n" + nodes.relayed().tail());

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (relayed.get("/api/health/ready").status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        for (String email : acknowledged) {
            Api.Reply login = relayed.postJson("/api/auth/login", credentials(email, "mixed-under-outage"));
            assertEquals(200, login.status(), () -> email + " was acknowledged: " + login.body());
        }
    }

    /**
     * Lines a window of server output spends on anything but INFO records: the audit trail's INFO
     * records of requests that succeeded (logged as they complete, some inside the window) are not
     * failure noise. A record is its header line ({@code Dec 06, 2026 8:49:57 AM logger method})
     * and a level line, then any continuation (a stack trace). Records of concurrent requests can
     * interleave their header and level lines, so a record is judged by its level line and counts
     * two lines for both; a continuation counts with the level line before it, and a line whose
     * record began before the window counts.
     */
    private static int failureLines(List<String> window) {
        int count = 0;
        boolean info = false;
        for (String line : window) {
            if (line.isBlank() || RECORD_HEADER.matcher(line).find()) {
                continue;
            }
            if (LEVEL.matcher(line).find()) {
                info = line.startsWith("INFO: ");
                count += info ? 0 : 2;
            } else if (!info) {
                count++;
            }
        }
        return count;
    }

    // ---- refused starts ---------------------------------------------------------------------------

    /** Payara Micro is Gatehouse's own process: a refused setting ends it with status 3, after one line naming it. */
    @Test
    void productionWithoutASecretKeyEndsTheProcessNamingTheSetting() {
        PayaraProcess refused = nodes.production();

        assertEquals(3, refused.exitStatus(), () -> "a refused start ends the process:\n" + refused.tail());
        assertTrue(refused.output().contains("Gatehouse cannot start: SECRET_KEY is not set and ENVIRONMENT=production: "
                + "set SECRET_KEY (or SECRET_KEY_FILE) to at least 32 random bytes"), () -> "the output names the setting:\n" + refused.tail());
    }

    @Test
    void onAServerGatehouseDoesNotOwnARefusedSettingFailsOnlyTheDeployment() {
        PayaraProcess shared = nodes.shared();

        assertTrue(shared.output().contains("Gatehouse cannot start: LOGIN_MAX_FAILURES must be a whole number from 1 to 1000"),
                () -> "one line names the setting:\n" + shared.tail());
        assertTrue(shared.isAlive(), "the server lives on");
        assertEquals(404, shared.liveStatus(), "without the application");
        shared.stop();
    }
}
