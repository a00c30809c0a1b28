package dev.gatehouse.it;

import dev.gatehouse.interop.ManagerReport;
import dev.gatehouse.interop.ResourceServerApplication;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Three Gatehouse nodes on one fresh PostgreSQL database ({@code gh_tests_cluster}), set up as a
 * real cluster behind one load-balancer URL: the same random {@code SECRET_KEY}, RS256 keys in the
 * database, {@code PUBLIC_BASE_URL} = node A's URL (so the issuer is that URL on every node), rate
 * limits shared in the database, the second factor required of managers, mail to the test JVM's
 * {@link MailServer}. Booted once per test JVM, in the background ({@link ExtraNodes#CLUSTER});
 * classes get it from {@link #await()}.
 *
 * <p>Every node trusts a proxy on loopback and has small rate budgets ({@value #LIMIT} requests a
 * minute, {@value #AUTH_LIMIT} on credential endpoints), so every request a test sends names a
 * client address: {@link Node#api()} gives each request a fresh one, {@link Node#from(String)} one
 * client's. A key rotation is published to the other nodes only through the notification channel
 * ({@code JWT_KEY_CHECK_SECONDS=3600}), and a rotated key signs {@value #ACTIVATION_SECONDS} s
 * later. Node A also serves a MicroProfile JWT resource server at {@code /resource} that knows only
 * the issuer and node A's key set URL.
 */
final class Cluster {

    /** General requests per client address and minute, on every node. */
    static final int LIMIT = 12;
    /** Credential-endpoint requests per client address and minute, on every node. */
    static final int AUTH_LIMIT = 4;
    /** Seconds from a rotation until the new key signs. */
    static final int ACTIVATION_SECONDS = 5;
    /** The origins every node's CORS allows. */
    static final List<String> CORS_ORIGINS = List.of("http://app.test", "https://admin.test");
    /** A rate-limit bucket planted, already expired, as the nodes came up: a node's purge deletes it. */
    static final String EXPIRED_BUCKET = "api:203.0.113.77";
    /** A rate-limit bucket planted with a day to live as the nodes came up: no purge deletes it. */
    static final String FRESH_BUCKET = "api:203.0.113.78";

    /** Booted once per test JVM, as early as the test plan allows. */
    static final Background<Cluster> BACKGROUND = new Background<>("cluster", Cluster::boot, Cluster::stop);

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(15);
    private static final String ADMIN_EMAIL = "cluster-admin@gatehouse.test";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    private final List<Node> nodes;
    private final String secret;
    private final String adminPassword;
    private final String issuer;
    private final String databaseName;
    private final TestDatabase database;
    private final long keysAtBoot;
    private final Map<String, List<String>> kidsAtBoot;
    private final long bucketsPlantedNanos;

    private Cluster(List<Node> nodes, String secret, String adminPassword, String issuer, String databaseName,
                    long keysAtBoot, Map<String, List<String>> kidsAtBoot, long bucketsPlantedNanos) {
        this.nodes = nodes;
        this.databaseName = databaseName;
        this.secret = secret;
        this.adminPassword = adminPassword;
        this.issuer = issuer;
        this.database = TestDatabase.named(databaseName);
        this.keysAtBoot = keysAtBoot;
        this.kidsAtBoot = kidsAtBoot;
        this.bucketsPlantedNanos = bucketsPlantedNanos;
    }

    /** The running cluster, waiting for its boot (begun now if the test plan did not begin it). */
    static Cluster await() {
        return BACKGROUND.await(BOOT_TIMEOUT);
    }

    /** A client address no other request of this JVM used: {@code 10.x.y.z}, counting up. */
    static String freshAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "10." + (n >>> 16 & 0xff) + "." + (n >>> 8 & 0xff) + "." + (n & 0xff);
    }

    /** Node A: the one whose URL is the public URL and the issuer, with the resource server. */
    Node a() {
        return nodes.get(0);
    }

    /** Node B. */
    Node b() {
        return nodes.get(1);
    }

    /** Node C. */
    Node c() {
        return nodes.get(2);
    }

    /** A, B and C. */
    List<Node> nodes() {
        return nodes;
    }

    /** The issuer of every node's tokens: node A's URL. */
    String issuer() {
        return issuer;
    }

    /** The shared {@code SECRET_KEY}, under which the stored private keys are sealed. */
    String secret() {
        return secret;
    }

    /** The name of the cluster's database, {@code gh_tests_cluster} unless the prefix is set. */
    String databaseName() {
        return databaseName;
    }

    /** The cluster's database, for what a test must see or arrange behind the API. */
    TestDatabase database() {
        return database;
    }

    /** How many signing keys the database held when all three nodes were first live, before any test ran. */
    long keysAtBoot() {
        return keysAtBoot;
    }

    /** Each node's published key ids when all three were first live, by node name. */
    Map<String, List<String>> kidsAtBoot() {
        return kidsAtBoot;
    }

    /** When {@link #EXPIRED_BUCKET} and {@link #FRESH_BUCKET} were planted ({@link System#nanoTime()}). */
    long bucketsPlantedNanos() {
        return bucketsPlantedNanos;
    }

    /** The bootstrap admin's email. */
    String adminEmail() {
        return ADMIN_EMAIL;
    }

    /** The bootstrap admin's password. */
    String adminPassword() {
        return adminPassword;
    }

    /** A new session of the bootstrap admin, logged in on {@code node} (whose role has no second factor to owe). */
    Api.Account admin(Node node) {
        return node.api().login(ADMIN_EMAIL, adminPassword);
    }

    /** A new account of {@code role}, created by the admin on node A and logged in on {@code node}. */
    Api.Account account(Node node, String role, String hint) {
        String email = Api.uniqueEmail(hint);
        String password = Accounts.password();
        Api.Reply created = a().api().jsonAs(admin(a()).accessToken(), "POST", "/api/users",
                Accounts.body(email, password, role));
        if (created.status() != 201) {
            throw new AssertionError("create " + role + ": " + created.status() + " " + created.body());
        }
        return node.api().login(email, password);
    }

    // ---- boot and stop ------------------------------------------------------------------------

    private static Cluster boot() throws Exception {
        MailServer.start();
        String name = TestDatabase.nameFor("cluster");
        TestDatabase database = TestDatabase.recreate(name);
        List<Integer> ports = List.of(PayaraProcess.freePort(), PayaraProcess.freePort(), PayaraProcess.freePort());
        String issuer = "http://127.0.0.1:" + ports.get(0);
        String secret = random(48);
        String adminPassword = random(18);
        File resourceServer = resourceServer(issuer);
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                String node = "cluster-" + (char) ('a' + i);
                Path dir = PayaraProcess.newWorkDir(node);
                Map<String, String> environment = environment(TestDatabase.urlOf(name), secret, adminPassword, issuer);
                environment.put("LOG_DIR", dir.resolve("logs").toString());
                // node A alone serves the resource server; its JWKS fetches must not hang on a forged jku
                List<String> jvm = i == 0 ? List.of("-Dsun.net.client.defaultConnectTimeout=2000",
                        "-Dsun.net.client.defaultReadTimeout=2000") : List.of();
                List<String> payara = i == 0 ? List.of("--deploy", resourceServer.getAbsolutePath() + ":/resource") : List.of();
                nodes.add(new Node(node, PayaraProcess.start(node, dir, environment, ports.get(i), jvm, payara)));
            }
            long started = System.nanoTime();
            for (Node node : nodes) {
                node.process().awaitLive(BOOT_TIMEOUT);
            }
            System.out.printf("Cluster: all three nodes live %d s after their start%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            long keys = ((Number) database.value("SELECT count(*) FROM signing_keys")).longValue();
            Map<String, List<String>> kids = new LinkedHashMap<>();
            for (Node node : nodes) {
                kids.put(node.name(), KeySets.kids(node.process().api()));
            }
            database.execute("INSERT INTO rate_limit_buckets (id, expires_at) VALUES (?, ?), (?, ?)",
                    EXPIRED_BUCKET, 1L, FRESH_BUCKET, System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1));
            return new Cluster(List.copyOf(nodes), secret, adminPassword, issuer, name, keys, kids, System.nanoTime());
        } catch (Exception | Error e) {
            PayaraProcess.stopAll(nodes.stream().map(Node::process).toArray(PayaraProcess[]::new));
            throw e;
        }
    }

    private static Map<String, String> environment(String databaseUrl, String secret, String adminPassword, String issuer) {
        Map<String, String> environment = new HashMap<>();
        environment.put("DATABASE_URL", databaseUrl);
        // three pools beside other builds' on one PostgreSQL: keep each small
        environment.put("DB_POOL_SIZE", "3");
        environment.put("DB_MAX_OVERFLOW", "5");
        environment.put("SECRET_KEY", secret);
        environment.put("JWT_ALGORITHM", "RS256");
        environment.put("PUBLIC_BASE_URL", issuer);
        environment.put("JWT_KEY_ACTIVATION_DELAY_SECONDS", Integer.toString(ACTIVATION_SECONDS));
        environment.put("JWT_KEY_CHECK_SECONDS", "3600");
        environment.put("RATE_LIMIT_STORE", "database");
        environment.put("TRUSTED_PROXIES", "127.0.0.1");
        environment.put("RATE_LIMIT_PER_MINUTE", Integer.toString(LIMIT));
        environment.put("AUTH_RATE_LIMIT_PER_MINUTE", Integer.toString(AUTH_LIMIT));
        environment.put("CORS_ORIGINS", String.join(",", CORS_ORIGINS));
        environment.put("MFA_REQUIRED_ROLES", "manager");
        environment.put("SMTP_HOST", "127.0.0.1");
        environment.put("SMTP_PORT", Integer.toString(MailServer.port()));
        environment.put("SMTP_TLS", "none");
        environment.put("MAIL_FROM", "gatehouse@gatehouse.test");
        environment.put("MAIL_POLL_SECONDS", "1");
        environment.put("MAIL_RETRY_SECONDS", "1");
        environment.put("BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        environment.put("BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        environment.put("BCRYPT_COST", "4");
        return environment;
    }

    private static void stop(Cluster cluster) {
        PayaraProcess.stopAll(cluster.nodes.stream().map(Node::process).toArray(PayaraProcess[]::new));
    }

    /** The resource server's WAR: two classes and its configuration, pointed at node A's key set and the issuer. */
    private static File resourceServer(String issuer) {
        File war = new File(System.getProperty("gatehouse.target", "target"), "cluster-resource-server.war");
        ShrinkWrap.create(WebArchive.class, "resource.war")
                .addClasses(ResourceServerApplication.class, ManagerReport.class)
                .addAsResource(new StringAsset("mp.jwt.verify.publickey.location=" + issuer + "/.well-known/jwks.json\n"
                        + "mp.jwt.verify.issuer=" + issuer + "\n"), "META-INF/microprofile-config.properties")
                // Payara's MP-JWT accepts only typ "JWT"; Gatehouse's access tokens are "at+jwt" (RFC 9068, API.md)
                .addAsResource(new StringAsset("disable.type.verification=true\n"), "payara-mp-jwt.properties")
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                        + "version=\"4.0\" bean-discovery-mode=\"annotated\"/>"), "beans.xml")
                .as(ZipExporter.class).exportTo(war, true);
        return war;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return Base64.getEncoder().encodeToString(value);
    }

    /**
     * One node of the cluster.
     *
     * @param name {@code cluster-a}, {@code cluster-b} or {@code cluster-c}
     * @param process its Payara Micro
     */
    record Node(String name, PayaraProcess process) {

        /** The node's API, each request from a fresh client address (so with a full rate budget). */
        Api.Server api() {
            return process.api().fromEach(Cluster::freshAddress);
        }

        /** The node's API, every request from {@code address}: one client, one budget. */
        Api.Server from(String address) {
            return process.api().from(address);
        }

        /** The node's own URL. */
        URI base() {
            return process.base();
        }

        /** The node's operators' log so far ({@code LOG_DIR/info.log}). */
        String log() {
            Path file = process.workDir().resolve("logs").resolve("info.log");
            try {
                return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The value of the first sample of {@code metric} on {@code /metrics}; fails if there is none. */
        double metric(String metric) {
            double value = process.metric(metric);
            if (Double.isNaN(value)) {
                throw new AssertionError(name + " publishes no " + metric);
            }
            return value;
        }
    }
}
