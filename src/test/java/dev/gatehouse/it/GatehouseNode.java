package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.platform.config.DatabaseUrl;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One more Gatehouse on its own Payara Micro process, on a database of its own name on the test
 * PostgreSQL server, with the suite's secrets (so tests can forge with the real keys) and any
 * extra settings, JVM options and Payara options (a second WAR). Readiness is a real HTTP call.
 */
final class GatehouseNode {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(420);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final String name;
    private final Process process;
    private final URI base;
    private final Path log;
    private final String algorithm;

    private GatehouseNode(String name, Process process, URI base, Path log, String algorithm) {
        this.name = name;
        this.process = process;
        this.base = base;
        this.log = log;
        this.algorithm = algorithm;
    }

    /** Starts a node on {@code port} against {@code database}; call {@link #awaitLive()} before using it. */
    static GatehouseNode start(String name, int port, String database, Map<String, String> settings,
                               List<String> jvmOptions, List<String> payaraOptions) {
        try {
            Path target = Path.of(System.getProperty("gatehouse.target", "target")).toAbsolutePath();
            Path dir = target.resolve("node-" + name);
            Files.createDirectories(dir.resolve("tmp"));
            Path log = dir.resolve("server.log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + dir.resolve("tmp")));
            command.addAll(Arrays.stream(System.getProperty("payara.cmdOptions", "").split("\\s+"))
                    .filter(option -> option.startsWith("-javaagent:")).toList());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--deploy",
                    System.getProperty("gatehouse.war") + ":/", "--port", Integer.toString(port), "--disablephonehome",
                    "--nocluster"));
            command.addAll(payaraOptions);
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("DATABASE_URL", databaseUrl(database));
            environment.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
            environment.put("LOG_DIR", dir.resolve("logs").toString());
            environment.putAll(settings);
            return new GatehouseNode(name, builder.start(), URI.create("http://127.0.0.1:" + port), log,
                    settings.getOrDefault("JWT_ALGORITHM", "HS256"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free loopback port. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until health/live answers 200 (Payara answers 404 after a failed deployment). */
    void awaitLive() throws InterruptedException {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                fail("node " + name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                fail("node " + name + " not live within " + BOOT_TIMEOUT.toSeconds() + " s:\n" + tail());
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/health/live")).timeout(Duration.ofSeconds(5)).build();
                if (CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
    }

    /** Stops the process and waits for it. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** {@code http://127.0.0.1:port}. */
    URI base() {
        return base;
    }

    /** The node's {@code JWT_ALGORITHM}. */
    String algorithm() {
        return algorithm;
    }

    /** Any request. @param headers name, value, name, value ... */
    Api.Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
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

    /** Logs in; asserts 200 and returns the token pair. */
    JsonObject login(String email, String password) {
        Api.Reply reply = send("POST", "/api/auth/login", Api.json("email", email, "password", password),
                "Content-Type", "application/json");
        assertEquals(200, reply.status(), () -> name + " login: " + reply.body());
        return reply.json();
    }

    /** An admin creates an account; asserts 201. */
    void createUser(String adminToken, String email, String password, String role) {
        Api.Reply reply = send("POST", "/api/users", Api.json("email", email, "password", password, "role", role),
                "Content-Type", "application/json", "Authorization", "Bearer " + adminToken);
        assertEquals(201, reply.status(), () -> name + " create user: " + reply.body());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The test PostgreSQL server's URL for another database on it. */
    static String databaseUrl(String database) {
        String base = System.getProperty("gatehouse.test.database.url", "postgresql://postgres@127.0.0.1:5432/test");
        return base.replaceAll("/[^/?]+(\\?.*)?$", "/" + database + "$1");
    }

    /** Runs one SQL statement on {@code database}. */
    static void sql(String database, String statement) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** The single value of a query on {@code database}. */
    static Object scalar(String database, String query) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            return r.next() ? r.getObject(1) : null;
        }
    }

    private static Connection connect(String database) throws SQLException {
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl(database));
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }
}
