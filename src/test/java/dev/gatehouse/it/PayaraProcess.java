package dev.gatehouse.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Gatehouse node of a test's own: the built WAR on a Payara Micro process of its own, on a free
 * loopback port, configured only by the environment variables the test passes (plus {@code PATH}
 * and {@code HOME}), so nothing of Failsafe's configuration for the suite server (its database,
 * secret, bootstrap admin) leaks in. It runs with the same JVM options as the suite server's
 * Payara ({@code -Xmx384m}, C1 only, the serial collector, {@code java.io.tmpdir} in its own work
 * directory) and the JaCoCo agent Failsafe hands that server, so it counts towards coverage. It
 * runs at a lower scheduling priority than the suite server ({@code nice}), as it boots in the background.
 *
 * <p>Typical use, for a second node of a two-node test:
 * <pre>{@code
 * try (PayaraProcess node = PayaraProcess.start("second", Map.of("DATABASE_URL", url, "SECRET_KEY", key))) {
 *     node.awaitLive();
 *     Api.Reply me = node.api().get("/api/auth/me", "Authorization", "Bearer " + token);
 * }
 * }</pre>
 *
 * <p>No process outlives the test JVM: {@link #stop()} (or {@code close()}) ends one, and a
 * shutdown hook kills whatever is still running when the JVM exits.
 */
public final class PayaraProcess implements AutoCloseable {

    /** How long a boot may take on a busy two-core machine before it counts as failed. */
    public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
    /** Payara Micro prints this when its boot is over, whether or not the deployment worked. */
    private static final String BOOT_FINISHED = "ready in";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PayaraProcess::killAll, "payara-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path workDir;
    private final Path output;
    private final long startedNanos = System.nanoTime();

    private PayaraProcess(String name, Process process, int port, Path workDir, Path output) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.output = output;
    }

    /**
     * A fresh working directory under {@code target/payara-processes}, with its {@code tmp/}: where a
     * node keeps its embedded H2 data ({@code data/}) and what a relative {@code LOG_DIR} means.
     */
    public static Path newWorkDir(String name) {
        Path dir = Path.of(System.getProperty("gatehouse.target", "target"), "payara-processes",
                name + "-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        try {
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Starts a node in a fresh working directory; returns at once, before it is live. */
    public static PayaraProcess start(String name, Map<String, String> environment) throws IOException {
        return start(name, newWorkDir(name), environment);
    }

    /**
     * Starts a node in {@code workDir} (reuse one to restart a node on the same embedded data);
     * its output goes to {@code <workDir>/<name>.log}. Returns at once, before it is live.
     *
     * @param environment every setting of the node, e.g. {@code DATABASE_URL}; nothing else is inherited
     */
    public static PayaraProcess start(String name, Path workDir, Map<String, String> environment) throws IOException {
        return start(name, workDir, environment, freePort(), List.of(), List.of());
    }

    /**
     * Starts a node as {@link #start(String, Path, Map)} does, on a port chosen beforehand (for
     * settings that name it), with extra JVM options and extra Payara Micro options, such as a
     * second WAR: {@code --deploy other.war:/context}. Gatehouse itself is deployed at {@code /}.
     */
    public static PayaraProcess start(String name, Path workDir, Map<String, String> environment, int port,
                                      List<String> jvmOptions, List<String> payaraOptions) throws IOException {
        Files.createDirectories(workDir.resolve("tmp"));
        List<String> command = new ArrayList<>(niceness());
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + workDir.resolve("tmp"), "-Dgatehouse.it.node=" + name));
        command.addAll(coverageAgent());
        command.addAll(jvmOptions);
        String war = file("gatehouse.war", "target/gatehouse.war");
        command.addAll(List.of("-jar", file("payara.microJar", "target/payara-micro.jar")));
        // with one WAR --contextroot names its root; with several each --deploy names its own
        command.addAll(payaraOptions.isEmpty() ? List.of("--deploy", war, "--contextroot", "/") : List.of("--deploy", war + ":/"));
        command.addAll(List.of("--port", Integer.toString(port)));
        command.addAll(suiteOptions());
        command.addAll(payaraOptions);
        Path output = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
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
        env.putAll(environment);
        System.out.printf("PayaraProcess %s on port %d in %s%n", name, port, workDir);
        Process process = builder.start();
        RUNNING.add(process);
        return new PayaraProcess(name, process, port, workDir, output);
    }

    /**
     * Waits until {@code GET /api/health/live} answers 200, which only a deployed WAR does (the
     * listener answers 404 while the WAR deploys and after a failed deployment, and Payara prints
     * its "ready" line either way), and until that "ready" line is out: the WAR can answer before
     * Payara has logged the end of its boot, and a test that counts log lines must not count those.
     *
     * @return this node, live
     * @throws AssertionError with the tail of the output when the process exits, the deployment
     *         fails, or {@link #BOOT_TIMEOUT} passes
     */
    public PayaraProcess awaitLive() {
        return awaitLive(BOOT_TIMEOUT);
    }

    /** {@link #awaitLive()} with another deadline, for several nodes booting at once. */
    public PayaraProcess awaitLive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int status = liveStatus();
            if (status == 200 && output().contains(BOOT_FINISHED)) {
                System.out.printf("PayaraProcess %s live %d s after its start%n", name,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + ": Payara Micro exited with " + process.exitValue()
                        + " during boot:\n" + tail());
            }
            if (output().contains(BOOT_FINISHED) && liveStatus() != 200) {
                throw new AssertionError(name + ": the deployment failed (health answers " + status + "):\n" + tail());
            }
            pause();
        }
        throw new AssertionError(name + ": no 200 from /api/health/live within " + timeout + ":\n" + tail());
    }

    /**
     * Waits until Payara's boot is over (its "ready" line) or the process has ended, whether or not
     * the WAR deployed: for tests of a deployment that must be refused.
     *
     * @return the output so far
     */
    public String awaitBootFinished() {
        return awaitBootFinished(BOOT_TIMEOUT);
    }

    /** {@link #awaitBootFinished()} with another deadline, for boots in the background. */
    public String awaitBootFinished(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(BOOT_FINISHED) || !process.isAlive()) {
                return output();
            }
            pause();
        }
        throw new AssertionError(name + ": Payara Micro did not finish booting within " + timeout + ":\n" + tail());
    }

    /**
     * The HTTP status of {@code GET /api/health/live}, or -1 while nothing listens; not checked
     * against the contract, since a booting server answers with the runtime's own pages.
     */
    public int liveStatus() {
        try {
            return ContractCheck.unchecked(() -> api().withTimeout(PROBE_TIMEOUT).get("/api/health/live").status());
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    /** The loopback port the node listens on. */
    public int port() {
        return port;
    }

    /** The node's base URI, {@code http://127.0.0.1:<port>}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The HTTP calls of {@link Api} against this node. */
    public Api.Server api() {
        return Api.at(base());
    }

    /**
     * The value of the first sample of {@code metric} on the node's {@code /metrics} (Prometheus
     * text), or NaN when it publishes none.
     */
    public double metric(String metric) {
        java.util.regex.Matcher sample = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(metric)
                + "(\\{[^}]*})?\\s+(\\S+)$").matcher(api().get("/metrics").body());
        return sample.find() ? Double.parseDouble(sample.group(2)) : Double.NaN;
    }

    /** The node's working directory. */
    public Path workDir() {
        return workDir;
    }

    /** Everything the process printed so far (decoded as ISO-8859-1, so any byte reads). */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True while the process runs (Payara keeps running after a failed deployment). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The exit status once the process has ended by itself, waiting up to a minute for it.
     *
     * @throws AssertionError if it is still running then
     */
    public int exitStatus() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " is still running:\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /**
     * Ends the process as an operator would, with SIGTERM (so the JaCoCo agent writes its data),
     * then kills it if it lingers past a minute; returns only once it is gone.
     *
     * @throws AssertionError if the process cannot be ended
     */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        if (process.isAlive()) {
            throw new AssertionError(name + ": the Payara Micro process did not stop");
        }
        RUNNING.remove(process);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Stops every node of several at once: SIGTERM to all first, so they shut down in parallel,
     * then {@link #stop()} each. Null entries are skipped.
     */
    public static void stopAll(PayaraProcess... nodes) {
        List<PayaraProcess> started = Arrays.stream(nodes).filter(node -> node != null).toList();
        started.forEach(node -> node.process.destroy());
        started.forEach(PayaraProcess::stop);
    }

    /** The last 6000 characters of the output, for failure messages. */
    public String tail() {
        String text = output();
        return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    }

    private static void killAll() {
        RUNNING.forEach(Process::destroy);
        for (Process process : RUNNING) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The Payara Micro options of the suite server ({@code payara.extraMicroOptions}): the documented
     * deployment's, the boot command file included, so every node runs as the docs deploy it.
     */
    private static List<String> suiteOptions() {
        String options = System.getProperty("payara.extraMicroOptions", "--disablephonehome --nocluster");
        return Arrays.stream(options.trim().split("\\s+")).filter(option -> !option.isEmpty()).toList();
    }

    /**
     * {@code nice -n <gatehouse.it.nodes.nice>} (default 10) where {@code nice} exists: the extra
     * nodes boot in the background while the suite runs, so they take the processor time the suite
     * server and the tests leave idle rather than slow them down. {@code 0} runs them at normal priority.
     */
    private static List<String> niceness() {
        int nice = Integer.getInteger("gatehouse.it.nodes.nice", 10);
        return nice > 0 && new File("/usr/bin/nice").canExecute()
                ? List.of("/usr/bin/nice", "-n", Integer.toString(nice)) : List.of();
    }

    /** The JaCoCo agent Failsafe passes the suite server in {@code payara.cmdOptions}, if any. */
    private static List<String> coverageAgent() {
        return Arrays.stream(System.getProperty("payara.cmdOptions", "").split("\\s+"))
                .filter(option -> option.startsWith("-javaagent:")).toList();
    }

    private static String file(String property, String fallback) {
        return new File(System.getProperty(property, fallback)).getAbsolutePath();
    }

    /** A port free on every interface (Payara listens on all of them), so free on loopback too. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
}
