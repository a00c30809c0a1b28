package dev.gatehouse.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ServerBootIT}'s nodes, booted together in the background ({@link ExtraNodes#BOOT_CHECKS}):
 * one EdDSA node on a database of its own ({@code gh_tests_relay}) reached through a {@link TcpRelay}
 * that the test can cut, with a small pool ({@code DB_POOL_SIZE=3}, {@code DB_MAX_OVERFLOW=2});
 * a production start without a secret key, which must end the process; and a start with a refused
 * setting on a server Gatehouse does not own ({@code EXIT_ON_STARTUP_FAILURE=false}), which must
 * leave the process running without the application.
 *
 * @param relay the relay between the relayed node and PostgreSQL
 * @param relayed the live EdDSA node behind it
 * @param database the relayed node's database
 * @param production the production start without a key, once its boot is over
 * @param shared the start with a refused setting on a shared server, once its boot is over
 */
record BootChecks(TcpRelay relay, PayaraProcess relayed, TestDatabase database, PayaraProcess production,
                  PayaraProcess shared) {

    /** Booted once per test JVM, as early as the test plan allows. */
    static final Background<BootChecks> BACKGROUND = new Background<>("boot-checks", BootChecks::boot, BootChecks::stop);

    /** The nodes, waiting for their boots (begun now if the test plan did not begin them). */
    static BootChecks await() {
        return BACKGROUND.await(Duration.ofMinutes(15));
    }

    private static BootChecks boot() throws IOException {
        URI suite = URI.create(System.getProperty("gatehouse.test.database.url", "postgresql://postgres@127.0.0.1:5432/test"));
        String name = TestDatabase.nameFor("relay");
        TestDatabase database = TestDatabase.recreate(name);
        TcpRelay relay = new TcpRelay(suite.getPort() > 0 ? suite.getPort() : 5432);
        PayaraProcess relayed = null;
        PayaraProcess production = null;
        PayaraProcess shared = null;
        try {
            Path dir = PayaraProcess.newWorkDir("relayed");
            Map<String, String> environment = new HashMap<>(Map.of(
                    "DATABASE_URL", "postgresql://" + suite.getRawUserInfo() + "@127.0.0.1:" + relay.port() + "/" + name,
                    "DB_POOL_SIZE", "3", "DB_MAX_OVERFLOW", "2", "BCRYPT_COST", "4", "JWT_ALGORITHM", "EdDSA",
                    "LOG_DIR", dir.resolve("logs").toString()));
            // the outage under a concurrent mix sends more than a client's budget in a few seconds
            environment.put("RATE_LIMIT_PER_MINUTE", "100000");
            environment.put("AUTH_RATE_LIMIT_PER_MINUTE", "100000");
            relayed = PayaraProcess.start("relayed", dir, environment);
            production = PayaraProcess.start("refused-production", Map.of("ENVIRONMENT", "production"));
            shared = PayaraProcess.start("refused-shared", Map.of("LOGIN_MAX_FAILURES", "1000000",
                    "EXIT_ON_STARTUP_FAILURE", "false"));
            relayed.awaitLive(Duration.ofMinutes(15));
            production.awaitBootFinished(Duration.ofMinutes(15));
            shared.awaitBootFinished(Duration.ofMinutes(15));
            return new BootChecks(relay, relayed, database, production, shared);
        } catch (IOException | RuntimeException | Error e) {
            PayaraProcess.stopAll(relayed, production, shared);
            relay.close();
            throw e;
        }
    }

    private static void stop(BootChecks nodes) {
        PayaraProcess.stopAll(nodes.relayed, nodes.production, nodes.shared);
        try {
            nodes.relay.close();
        } catch (IOException e) {
            // the relay only listens on loopback; the JVM ends next
        }
    }
}
