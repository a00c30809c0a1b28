package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Booting the real WAR on its own Payara Micro: data on the embedded H2 survives a restart, a
 * database outage is answered 503 and recovered from, the pool follows DB_POOL_SIZE and
 * DB_MAX_OVERFLOW, and a bad setting stops the deployment with a message naming the variable.
 */
class ServerBootIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
    /** The integration tests' PostgreSQL, which the relay tests reach through a {@link TcpRelay}. */
    private static final URI TEST_DATABASE = URI.create(System.getProperty("gatehouse.test.database.url",
            "postgresql://postgres@127.0.0.1:5432/test"));
    /** Payara Micro prints this when its boot is over, whether or not the deployment worked. */
    private static final String BOOT_FINISHED = "ready in";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    /** Every process started here, so that none outlives the test run. */
    private static final List<Process> STARTED = new ArrayList<>();

    private Server server;

    /** One Payara Micro process with its port, working directory and output file. */
    private record Server(Process process, int port, Path workDir, Path outputFile) {

        String output() {
            try {
                return Files.exists(outputFile) ? Files.readString(outputFile, StandardCharsets.ISO_8859_1) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            stop(server);
            server = null;
        }
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (Process process : STARTED) {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    // ---- process handling ------------------------------------------------------------------

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path workDir(String name) throws IOException {
        Path dir = Path.of(System.getProperty("gatehouse.target", "target"), "server-boot-it",
                name + "-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(dir.resolve("tmp"));
        return dir;
    }

    /**
     * Starts Payara Micro on the built WAR in {@code workDir} with only {@code settings} (plus
     * PATH and HOME) in its environment, so nothing of Failsafe's server configuration
     * (DATABASE_URL, SECRET_KEY_FILE, ...) leaks in.
     */
    private static Server start(Path workDir, String outputName, Map<String, String> settings) throws IOException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String microJar = new File(System.getProperty("payara.microJar", "target/payara-micro.jar")).getAbsolutePath();
        String war = new File(System.getProperty("gatehouse.war", "target/gatehouse.war")).getAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + workDir.resolve("tmp"),
                "-jar", microJar, "--deploy", war, "--contextroot", "/", "--port", String.valueOf(port),
                "--disablephonehome", "--nocluster");
        builder.directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        String home = env.get("HOME");
        env.clear();
        if (path != null) {
            env.put("PATH", path);
        }
        if (home != null) {
            env.put("HOME", home);
        }
        env.putAll(settings);
        Path output = workDir.resolve(outputName);
        builder.redirectErrorStream(true);
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        synchronized (STARTED) {
            STARTED.add(process);
        }
        return new Server(process, port, workDir, output);
    }

    /** SIGTERM, then a hard kill if it lingers; returns only when the process is gone. */
    private static void stop(Server server) throws InterruptedException {
        Process process = server.process();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(process.isAlive(), "the server process did not stop");
    }

    /** The status of a GET, or -1 when nothing answers (not listening yet). */
    private static int status(Server server, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until {@code /api/health/live} answers 200. The listener answers 404 while the WAR is
     * still deploying, and a failed deployment also ends with Payara's "ready" line and 404s, so
     * only a 200 counts; a finished boot without one fails at once with the server's output.
     */
    private static void awaitLive(Server server) {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int status = status(server, "/api/health/live");
            if (status == 200) {
                return;
            }
            if (!server.process().isAlive()) {
                throw new AssertionError("Payara Micro exited during boot:\n" + tail(server.output()));
            }
            if (server.output().contains(BOOT_FINISHED) && status(server, "/api/health/live") != 200) {
                throw new AssertionError("the deployment failed (health answers " + status + "):\n" + tail(server.output()));
            }
            pause();
        }
        throw new AssertionError("no 200 from /api/health/live within " + BOOT_TIMEOUT + ":\n" + tail(server.output()));
    }

    /** Waits until Payara's boot is over (its "ready" line) or the process ends, then returns the output. */
    private static String awaitBootFinished(Server server) {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String output = server.output();
            if (output.contains(BOOT_FINISHED) || !server.process().isAlive()) {
                return server.output();
            }
            pause();
        }
        throw new AssertionError("Payara Micro did not finish booting within " + BOOT_TIMEOUT + ":\n" + tail(server.output()));
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
    }

    private static HttpResponse<String> postJson(Server server, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Asserts that a bad setting stopped the deployment with {@code message} and that the app never answers 200. */
    private void assertRefusedToStart(Map<String, String> settings, String message) throws IOException {
        server = start(workDir("refused"), "server.log", settings);

        String output = awaitBootFinished(server);

        assertTrue(output.contains(message), "the output names the setting:\n" + tail(output));
        int live = status(server, "/api/health/live");
        assertNotEquals(200, live, "a refused deployment must not answer 200");
        if (server.process().isAlive()) {
            assertEquals(404, live, "Payara keeps running without the application");
        }
    }

    // ---- tests -----------------------------------------------------------------------------

    @Test
    void dataOnTheEmbeddedH2DatabaseSurvivesARestart() throws IOException, InterruptedException {
        Path dir = workDir("h2-restart");
        Map<String, String> settings = Map.of("BCRYPT_COST", "4", "LOG_DIR", dir.resolve("logs").toString());
        String email = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String credentials = "{\"email\":\"" + email + "\",\"password\":\"survives-a-restart\"}";

        server = start(dir, "first-boot.log", settings);
        awaitLive(server);
        HttpResponse<String> registered = postJson(server, "/api/auth/register", credentials);
        assertEquals(201, registered.statusCode(), registered.body());
        stop(server);
        server = null;

        assertTrue(Files.isRegularFile(dir.resolve("data").resolve("gatehouse.mv.db")),
                "with no DATABASE_URL the data lives in data/ under the working directory");

        server = start(dir, "second-boot.log", settings);
        awaitLive(server);
        HttpResponse<String> login = postJson(server, "/api/auth/login", credentials);
        HttpResponse<String> again = postJson(server, "/api/auth/register", credentials);

        assertEquals(200, login.statusCode(), login.body());
        assertTrue(login.body().contains("\"email\":\"" + email + "\""), login.body());
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("Email already registered"), again.body());
    }

    /**
     * Boots a live server on the test database reached through {@code relay}, with {@code settings}
     * and its own log directory.
     */
    private static Server startBehind(TcpRelay relay, String name, Map<String, String> settings) throws IOException {
        Path dir = workDir(name);
        Map<String, String> environment = new java.util.HashMap<>(settings);
        environment.put("DATABASE_URL", "postgresql://" + TEST_DATABASE.getRawUserInfo() + "@127.0.0.1:" + relay.port()
                + TEST_DATABASE.getRawPath());
        environment.put("LOG_DIR", dir.resolve("logs").toString());
        Server started = start(dir, "server.log", environment);
        awaitLive(started);
        return started;
    }

    @Test
    void aDatabaseOutageIsAnswered503AndRecoveredWithoutDataLoss() throws Exception {
        try (TcpRelay relay = new TcpRelay(TEST_DATABASE.getPort() > 0 ? TEST_DATABASE.getPort() : 5432)) {
            server = startBehind(relay, "db-outage", Map.of("BCRYPT_COST", "4"));
            String email = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            String credentials = "{\"email\":\"" + email + "\",\"password\":\"survives-an-outage\"}";
            assertEquals(201, postJson(server, "/api/auth/register", credentials).statusCode());

            relay.cut();

            assertEquals(503, status(server, "/api/health/ready"), "ready must say the database is down");
            HttpResponse<String> login = postJson(server, "/api/auth/login", credentials);
            assertEquals(503, login.statusCode(), login.body());
            assertTrue(login.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(login.body().contains("\"status\":503"), login.body());
            assertFalse(login.body().contains("Exception"), login.body());

            relay.restore();

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (status(server, "/api/health/ready") != 200 && System.nanoTime() < deadline) {
                pause();
            }
            assertEquals(200, status(server, "/api/health/ready"), "ready again once the database is back");
            HttpResponse<String> after = postJson(server, "/api/auth/login", credentials);
            assertEquals(200, after.statusCode(), after.body());
        }
    }

    @Test
    void thePoolKeepsDbPoolSizeConnectionsAndOpensAtMostDbMaxOverflowMore() throws Exception {
        try (TcpRelay relay = new TcpRelay(TEST_DATABASE.getPort() > 0 ? TEST_DATABASE.getPort() : 5432)) {
            server = startBehind(relay, "pool-size", Map.of("DB_POOL_SIZE", "3", "DB_MAX_OVERFLOW", "2"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (relay.connections() < 3 && System.nanoTime() < deadline) {
                pause();
            }
            int idle = relay.connections();
            assertTrue(idle >= 3 && idle <= 5, "DB_POOL_SIZE = 3 connections kept open (overflow retires when idle), saw " + idle);

            relay.takePeak();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                calls.add(HTTP.sendAsync(HttpRequest.newBuilder(server.uri("/api/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (var call : calls) {
                assertEquals(200, call.get(60, TimeUnit.SECONDS).statusCode());
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
    void productionWithoutASecretKeyStopsTheDeploymentNamingTheSetting() throws IOException {
        assertRefusedToStart(Map.of("ENVIRONMENT", "production"),
                "SECRET_KEY is not set and ENVIRONMENT=production: set SECRET_KEY (or SECRET_KEY_FILE) to at least 32 random bytes");
    }
}
