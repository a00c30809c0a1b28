package dev.gatehouse.it;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One extra Gatehouse process for tests that must restart a server: Payara Micro on the built WAR,
 * in its own working directory (so, without {@code DATABASE_URL}, on its own embedded H2 database),
 * with only the given settings plus PATH and HOME in its environment. The same launch as
 * {@code ServerBootIT}'s, kept in this one place so it can move to a shared launcher.
 */
final class GatehouseProcess implements AutoCloseable {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final Process process;
    private final int port;
    private final Path output;

    private GatehouseProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** A new, empty working directory under {@code target/}. */
    static Path workDir(String name) throws IOException {
        Path dir = Path.of(System.getProperty("gatehouse.target", "target"), "process-it",
                name + "-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(dir.resolve("tmp"));
        return dir;
    }

    /** Starts the server in {@code workDir} with {@code settings} and waits until it answers 200 on health. */
    static GatehouseProcess start(Path workDir, String outputName, Map<String, String> settings) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String microJar = new File(System.getProperty("payara.microJar", "target/payara-micro.jar")).getAbsolutePath();
        String war = new File(System.getProperty("gatehouse.war", "target/gatehouse.war")).getAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + workDir.resolve("tmp"), "-jar", microJar, "--deploy", war, "--contextroot", "/",
                "--port", String.valueOf(port), "--disablephonehome", "--nocluster");
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
        GatehouseProcess server = new GatehouseProcess(builder.start(), port, output);
        try {
            server.awaitLive();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The base URI, e.g. {@code http://127.0.0.1:41234}. */
    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** What the process printed so far. */
    String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status and body of a request; -1 when nothing answers. */
    Api.Reply send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitLive() {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int status;
            try {
                status = send("GET", "/api/health/live", null).status();
            } catch (UncheckedIOException e) {
                status = -1;
            }
            if (status == 200) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("Payara Micro exited during boot:\n" + tail());
            }
            if (output().contains("ready in") && send("GET", "/api/health/live", null).status() != 200) {
                // Payara prints "ready" after a failed deployment too, and then answers 404.
                throw new AssertionError("the deployment failed:\n" + tail());
            }
            MailServer.pause(1000);
        }
        throw new AssertionError("no 200 from /api/health/live within " + BOOT_TIMEOUT + ":\n" + tail());
    }

    private String tail() {
        String text = output();
        return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    }

    /** SIGTERM (a clean shutdown), then a hard kill if it lingers; returns when the process is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
