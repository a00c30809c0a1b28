package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Booting the real WAR on its own Payara Micro ({@link PayaraProcess}): data on the embedded H2
 * survives a restart, a database outage is answered 503 and recovered from, the pool follows
 * DB_POOL_SIZE and DB_MAX_OVERFLOW, and a bad setting stops the deployment with a message naming
 * the variable.
 */
class ServerBootIT {

    /** The integration tests' PostgreSQL, which the relay tests reach through a {@link TcpRelay}. */
    private static final URI TEST_DATABASE = URI.create(System.getProperty("gatehouse.test.database.url",
            "postgresql://postgres@127.0.0.1:5432/test"));
    private static final String UNAVAILABLE = "Service temporarily unavailable";

    private PayaraProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    private static TcpRelay relayToTheTestDatabase() throws IOException {
        return new TcpRelay(TEST_DATABASE.getPort() > 0 ? TEST_DATABASE.getPort() : 5432);
    }

    /**
     * Boots a server on the test database reached through {@code relay}, with {@code settings} and
     * its own log directory, and waits until it is live; it is {@link #server} from the start, so
     * it is stopped even when it never comes up.
     */
    private void startBehind(TcpRelay relay, String name, Map<String, String> settings) throws IOException {
        Path dir = PayaraProcess.newWorkDir(name);
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("DATABASE_URL", "postgresql://" + TEST_DATABASE.getRawUserInfo() + "@127.0.0.1:" + relay.port()
                + TEST_DATABASE.getRawPath());
        environment.put("LOG_DIR", dir.resolve("logs").toString());
        server = PayaraProcess.start(name, dir, environment);
        server.awaitLive();
    }

    private static String credentials(String email, String password) {
        return Api.json("email", email, "password", password);
    }

    /** Asserts that a bad setting stopped the deployment with {@code message} and that the app never answers 200. */
    /** Payara Micro is Gatehouse's own process: a refused setting ends it with status 3, after one line. */
    private void assertRefusedToStart(Map<String, String> settings, String message) throws IOException {
        server = PayaraProcess.start("refused", settings);

        server.awaitBootFinished();

        assertEquals(3, server.exitStatus(), () -> "a refused start ends the process:\n" + server.tail());
        assertTrue(server.output().contains("Gatehouse cannot start: " + message),
                () -> "the output names the setting:\n" + server.tail());
    }

    // ---- tests -----------------------------------------------------------------------------

    @Test
    void dataOnTheEmbeddedH2DatabaseSurvivesARestart() throws IOException {
        Path dir = PayaraProcess.newWorkDir("h2-restart");
        Map<String, String> settings = Map.of("BCRYPT_COST", "4", "LOG_DIR", dir.resolve("logs").toString());
        String email = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String credentials = credentials(email, "survives-a-restart");

        server = PayaraProcess.start("first-boot", dir, settings);
        server.awaitLive();
        Api.Reply registered = server.api().postJson("/api/auth/register", credentials);
        assertEquals(201, registered.status(), registered::body);
        server.stop();
        server = null;

        assertTrue(Files.isRegularFile(dir.resolve("data").resolve("gatehouse.mv.db")),
                "with no DATABASE_URL the data lives in data/ under the working directory");

        server = PayaraProcess.start("second-boot", dir, settings);
        server.awaitLive();
        Api.Reply login = server.api().postJson("/api/auth/login", credentials);
        Api.Reply again = server.api().postJson("/api/auth/register", credentials);

        assertEquals(200, login.status(), login::body);
        assertEquals(email, login.json().getJsonObject("user").getString("email"));
        Problems.assertProblem(again, 409, "Email already registered");
    }

    /**
     * During the outage: readiness says so, a login (a service call) and a bearer request whose
     * session is not cached yet (the authentication mechanism's own database read) are 503 problem
     * documents with {@code Retry-After}, the request id and the security headers; afterwards both
     * work again and nothing written before the outage is lost.
     */
    @Test
    void aDatabaseOutageIsAnswered503ProblemsAndRecoveredWithoutDataLoss() throws Exception {
        try (TcpRelay relay = relayToTheTestDatabase()) {
            startBehind(relay, "db-outage", Map.of("BCRYPT_COST", "4"));
            Api.Server api = server.api();
            String email = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            String credentials = credentials(email, "survives-an-outage");
            assertEquals(201, api.postJson("/api/auth/register", credentials).status());
            Api.Reply before = api.postJson("/api/auth/login", credentials);
            assertEquals(200, before.status(), before::body);
            // never used before the outage, so its session state is not in the node's cache
            String bearer = "Bearer " + before.json().getString("access_token");

            relay.cut();

            Api.Reply ready = api.get("/api/health/ready");
            assertEquals(503, ready.status(), "ready must say the database is down");
            assertEquals("DOWN", ready.json().getString("status"));
            Problems.assertSecurityHeaders(ready);
            Api.Reply login = api.postJson("/api/auth/login", credentials);
            Problems.assertProblem(login, 503, UNAVAILABLE);
            assertEquals("5", login.header("Retry-After"));
            Api.Reply me = api.get("/api/auth/me", "Authorization", bearer, "X-Request-Id", "outage-me-1");
            Problems.assertProblem(me, 503, UNAVAILABLE);
            assertEquals("5", me.header("Retry-After"));
            assertEquals("outage-me-1", me.header("X-Request-Id"));

            relay.restore();

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (api.get("/api/health/ready").status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            assertEquals(200, api.get("/api/health/ready").status(), "ready again once the database is back");
            Api.Reply after = api.postJson("/api/auth/login", credentials);
            assertEquals(200, after.status(), after::body);
            Api.Reply meAgain = api.get("/api/auth/me", "Authorization", bearer);
            assertEquals(200, meAgain.status(), meAgain::body);
            assertEquals(email, meAgain.json().getString("email"));
        }
    }

    @Test
    void thePoolKeepsDbPoolSizeConnectionsAndOpensAtMostDbMaxOverflowMore() throws Exception {
        try (TcpRelay relay = relayToTheTestDatabase()) {
            startBehind(relay, "pool-size", Map.of("DB_POOL_SIZE", "3", "DB_MAX_OVERFLOW", "2"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (relay.connections() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            int idle = relay.connections();
            assertTrue(idle >= 3 && idle <= 5, "DB_POOL_SIZE = 3 connections kept open (overflow retires when idle), saw " + idle);

            relay.takePeak();
            List<CompletableFuture<Api.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                calls.add(server.api().sendBodyAsync("GET", "/api/health/ready", BodyPublishers.noBody()));
            }
            for (CompletableFuture<Api.Reply> call : calls) {
                assertEquals(200, call.get(60, TimeUnit.SECONDS).status());
            }
            int peak = relay.takePeak();
            assertTrue(peak >= 3 && peak <= 5, "at most DB_POOL_SIZE + DB_MAX_OVERFLOW = 5 connections, saw " + peak);
        }
    }

    @Test
    void aBadBcryptCostStopsTheDeploymentNamingTheSetting() throws IOException {
        assertRefusedToStart(Map.of("BCRYPT_COST", "40"),
                "BCRYPT_COST must be a whole number from 4 to 16 (default 12)");
    }

    @Test
    void onAServerGatehouseDoesNotOwnARefusedSettingFailsOnlyTheDeployment() throws IOException {
        server = PayaraProcess.start("shared", Map.of("LOGIN_MAX_FAILURES", "1000000", "EXIT_ON_STARTUP_FAILURE", "false"));

        String output = server.awaitBootFinished();

        assertTrue(output.contains("Gatehouse cannot start: LOGIN_MAX_FAILURES must be a whole number from 1 to 1000"),
                () -> "one line names the setting:\n" + server.tail());
        assertTrue(server.isAlive(), "the server lives on");
        assertEquals(404, server.liveStatus(), "without the application");
    }

    @Test
    void productionWithoutASecretKeyStopsTheDeploymentNamingTheSetting() throws IOException {
        assertRefusedToStart(Map.of("ENVIRONMENT", "production"),
                "SECRET_KEY is not set and ENVIRONMENT=production: set SECRET_KEY (or SECRET_KEY_FILE) to at least 32 random bytes");
    }
}
