package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one database ({@link Cluster}) behave as one Gatehouse: what ends or narrows
 * access on one node is refused on the others at their next request (API.md's bound: a request
 * that starts 1 second after the change committed is refused on any node), also while a node's
 * notification channel is down; a rotated key is published everywhere at once; three nodes booting
 * together make one key; a TOTP code works once across nodes; and mail queued on any node leaves once.
 *
 * <p>Each revocation check asks the other nodes right after the revoking request returned and
 * retries for at most the bound, printing at which try and after how long the change was felt.
 */
@RunsOn(ExtraNodes.CLUSTER)
class ClusterIT {

    /** API.md: "a request that starts 1 second after the change committed is refused on any node". */
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final String CHANNEL_UP = "gatehouse_notification_channel_up";
    private static final String LOST = "notification channel lost";
    private static final String LISTENING_AGAIN = "notification channel listening again";
    private static final int RESETS = 30;
    /** How long the channel outage is held: past two failed reconnections, so "one line per outage" means something. */
    private static final Duration OUTAGE = Duration.ofMillis(2500);

    private static Cluster cluster;

    @BeforeAll
    static void cluster() {
        cluster = Cluster.await();
    }

    // ---- revocation across nodes ----------------------------------------------------------------

    @Test
    void aLogoutOnOneNodeIsRefusedOnTheOtherTwoAtTheirNextRequest() {
        Api.Account user = cluster.account(cluster.a(), "user", "cluster-logout");
        assertServedOn(user.accessToken(), cluster.b(), cluster.c());

        Api.Reply logout = cluster.a().api().jsonAs(user.accessToken(), "POST", "/api/auth/logout", null);
        long returned = System.nanoTime();

        assertEquals(204, logout.status(), logout::body);
        for (Cluster.Node node : List.of(cluster.b(), cluster.c())) {
            Problems.assertInvalidToken(refusedWithinBound("logout on A", node, returned, () -> me(node, user.accessToken())));
        }
    }

    @Test
    void anAdminsSessionRevokeOnOneNodeIsRefusedOnTheOtherTwoAtTheirNextRequest() {
        Api.Account user = cluster.account(cluster.b(), "user", "cluster-revoke");
        assertServedOn(user.accessToken(), cluster.b(), cluster.c());
        String session = currentSession(cluster.b(), user.accessToken());

        Api.Reply revoked = cluster.a().api().jsonAs(cluster.admin(cluster.a()).accessToken(), "DELETE",
                "/api/sessions/" + session, null);
        long returned = System.nanoTime();

        assertEquals(204, revoked.status(), revoked::body);
        for (Cluster.Node node : List.of(cluster.b(), cluster.c())) {
            Problems.assertInvalidToken(refusedWithinBound("session revoke on A", node, returned,
                    () -> me(node, user.accessToken())));
        }
    }

    @Test
    void aManagerDemotedOnOneNodeIsForbiddenTheUserListOnAnotherAtOnce() {
        Api.Account manager = cluster.account(cluster.b(), "manager", "cluster-demoted");
        Mfa.enable(cluster.b().api(), manager); // managers owe a second factor on this cluster
        Api.Reply before = cluster.b().api().getAs(manager.accessToken(), "/api/users");
        assertEquals(200, before.status(), before::body);

        Api.Reply demoted = cluster.a().api().jsonAs(cluster.admin(cluster.a()).accessToken(), "PATCH",
                "/api/users/" + manager.id(), Api.json("role", "user"));
        long returned = System.nanoTime();

        assertEquals(200, demoted.status(), demoted::body);
        Problems.assertForbidden(refusedWithinBound("demotion on A", cluster.b(), returned,
                () -> cluster.b().api().getAs(manager.accessToken(), "/api/users")));
    }

    @Test
    void aDeactivationOnOneNodeIsFeltOnAnotherAtOnce() {
        Api.Account user = cluster.account(cluster.c(), "user", "cluster-deactivated");
        assertServedOn(user.accessToken(), cluster.c());

        Api.Reply deactivated = cluster.a().api().jsonAs(cluster.admin(cluster.a()).accessToken(), "PATCH",
                "/api/users/" + user.id(), Accounts.flag("is_active", false));
        long returned = System.nanoTime();

        assertEquals(200, deactivated.status(), deactivated::body);
        Problems.assertInvalidToken(refusedWithinBound("deactivation on A", cluster.c(), returned,
                () -> me(cluster.c(), user.accessToken())));
    }

    /**
     * Every node's listening connection is terminated by the database administrator, and new
     * connections to the cluster's database are refused meanwhile ({@code ALLOW_CONNECTIONS false}:
     * the pools keep theirs), so the nodes cannot listen again until the test lets them, after
     * {@link #OUTAGE}. A token revoked on A in that outage is refused on B and C at once (they read
     * session states from the database while they do not listen); no node claims to listen while
     * it cannot; then each node listens again, says so on {@code /metrics}, has logged one line
     * for the outage (whatever its failed reconnections) and one for the recovery, and hears
     * notices again.
     */
    @Test
    void nodesWithoutTheirChannelStillRefuseATokenRevokedMeanwhileAndListenAgainLoggingOnceEach() throws Exception {
        Api.Account user = cluster.account(cluster.a(), "user", "cluster-outage");
        assertServedOn(user.accessToken(), cluster.b(), cluster.c());
        Map<Cluster.Node, Integer> logBefore = new HashMap<>();
        cluster.nodes().forEach(node -> logBefore.put(node, node.log().length()));

        try {
            allowConnections(false);
            assertEquals(3, terminateListeners(), "one listening connection per node");
            long killed = System.nanoTime();
            for (Cluster.Node node : cluster.nodes()) {
                awaitMetric(node, CHANNEL_UP, 0, Duration.ofSeconds(10));
            }

            Api.Reply logout = cluster.a().api().jsonAs(user.accessToken(), "POST", "/api/auth/logout", null);
            long returned = System.nanoTime();

            assertEquals(204, logout.status(), logout::body);
            for (Cluster.Node node : List.of(cluster.b(), cluster.c())) {
                Problems.assertInvalidToken(refusedWithinBound("logout on A, channels down", node, returned,
                        () -> me(node, user.accessToken())));
                assertEquals(0.0, node.metric(CHANNEL_UP), node.name() + " was refusing without its channel");
            }
            // past the first two reconnection attempts (0.5 s and 1.5 s after the loss), which fail
            long until = killed + OUTAGE.toNanos();
            while (System.nanoTime() < until) {
                for (Cluster.Node node : cluster.nodes()) {
                    assertEquals(0.0, node.metric(CHANNEL_UP), node.name() + " cannot listen while connections are refused");
                }
                MailServer.pause(200);
            }
        } finally {
            allowConnections(true);
        }

        for (Cluster.Node node : cluster.nodes()) {
            awaitMetric(node, CHANNEL_UP, 1, Duration.ofSeconds(30));
            String outage = awaitLogLine(node, logBefore.get(node), LISTENING_AGAIN, Duration.ofSeconds(10));
            assertEquals(1, occurrences(outage, LOST), () -> node.name() + ": one line for the outage:\n" + outage);
            assertEquals(1, occurrences(outage, LISTENING_AGAIN), () -> node.name() + ": one line for the recovery:\n" + outage);
            Matcher lasted = Pattern.compile(Pattern.quote(LISTENING_AGAIN) + " after (\\d+) ms").matcher(outage);
            // the node noticed the loss a little after the termination: allow it half a second
            assertTrue(lasted.find() && Long.parseLong(lasted.group(1)) >= OUTAGE.minusMillis(500).toMillis(),
                    () -> node.name() + ": the recovery line tells the whole outage:\n" + outage);
            assertTrue(outage.lines().filter(line -> line.contains(LOST)).allMatch(line -> line.contains("WARNING")),
                    () -> node.name() + ": the outage is a warning:\n" + outage);
        }
        Api.Account again = cluster.a().api().login(user.email(), user.password());
        assertServedOn(again.accessToken(), cluster.b());
        Api.Reply logout = cluster.a().api().jsonAs(again.accessToken(), "POST", "/api/auth/logout", null);
        long returned = System.nanoTime();
        assertEquals(204, logout.status(), logout::body);
        Problems.assertInvalidToken(refusedWithinBound("logout on A, channels back", cluster.b(), returned,
                () -> me(cluster.b(), again.accessToken())));
    }

    // ---- signing keys ---------------------------------------------------------------------------

    @Test
    void threeNodesBootingTogetherOnAnEmptyDatabaseMadeOneSigningKey() {
        assertEquals(1, cluster.keysAtBoot(), "keys stored when the three nodes were first live");
        List<String> first = cluster.kidsAtBoot().get(cluster.a().name());
        assertEquals(1, first.size(), () -> "published at boot: " + cluster.kidsAtBoot());
        cluster.kidsAtBoot().forEach((node, kids) -> assertEquals(first, kids, node + " publishes the same one key"));
    }

    @Test
    void aKeyRotatedOnOneNodeIsPublishedByTheOthersAtOnceAndItsTokensVerifyThere() throws Exception {
        String admin = cluster.admin(cluster.a()).accessToken();

        JsonObject key = KeySets.rotate(cluster.a().api(), admin);
        long returned = System.nanoTime();

        String kid = key.getString("kid");
        for (Cluster.Node node : List.of(cluster.b(), cluster.c())) {
            // JWT_KEY_CHECK_SECONDS=3600 and no token of the key seen yet: only the channel can have told them
            refusedWithinBound("rotation on A, key set", node, returned, () -> node.api().get("/.well-known/jwks.json"),
                    reply -> KeySets.kids(reply).contains(kid));
        }
        String token = tokenSignedBy(kid, Instant.parse(key.getString("activates_at")));
        Api.Reply me = me(cluster.b(), token);
        assertEquals(200, me.status(), me::body);
        assertEquals(cluster.adminEmail(), me.json().getString("email"));
    }

    // ---- second factor --------------------------------------------------------------------------

    @Test
    void aTotpCodeAcceptedOnOneNodeIsRefusedOnAnother() {
        Api.Account user = cluster.account(cluster.a(), "user", "cluster-totp");
        Mfa.Enabled enabled = Mfa.enable(cluster.a().api(), user);
        String onA = Mfa.challenge(cluster.a().api(), user.email(), user.password());
        String onB = Mfa.challenge(cluster.b().api(), user.email(), user.password());
        String code = enabled.app().nextCode();

        Api.Reply first = Mfa.loginWithCode(cluster.a().api(), onA, code);
        Api.Reply replayed = Mfa.loginWithCode(cluster.b().api(), onB, code);

        assertEquals(200, first.status(), first::body);
        Problems.assertInvalidCredentials(replayed);
        Api.Reply next = Mfa.loginWithCode(cluster.b().api(), onB, enabled.app().nextCode());
        assertEquals(200, next.status(), () -> "the next code works there: " + next.body());
    }

    // ---- mail -----------------------------------------------------------------------------------

    @Test
    void resetRequestsSpreadOverTheThreeNodesSendEveryMailExactlyOnce() throws Exception {
        String admin = cluster.admin(cluster.a()).accessToken();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < RESETS; i++) {
            String email = Api.uniqueEmail("cluster-reset-" + i);
            Api.Reply created = cluster.a().api().jsonAs(admin, "POST", "/api/users",
                    Accounts.body(email, Accounts.password(), "user"));
            assertEquals(201, created.status(), created::body);
            emails.add(email);
        }

        List<CompletableFuture<Api.Reply>> requests = new ArrayList<>();
        for (int i = 0; i < RESETS; i++) {
            requests.add(cluster.nodes().get(i % 3).api().sendBodyAsync("POST", "/api/auth/password-reset",
                    BodyPublishers.ofString(Api.json("email", emails.get(i))), "Content-Type", "application/json"));
        }
        for (CompletableFuture<Api.Reply> request : requests) {
            Api.Reply reply = request.get(60, TimeUnit.SECONDS);
            assertEquals(202, reply.status(), reply::body);
        }

        for (String email : emails) {
            MailServer.await(email, 1, Duration.ofSeconds(90));
        }
        // three senders claim from one outbox: watch a while longer for a second copy of any mail
        long quietUntil = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        do {
            for (String email : emails) {
                List<MimeMessage> mails = MailServer.to(email);
                assertEquals(1, mails.size(), () -> "exactly one mail for " + email);
                assertTrue(MailServer.subject(mails.get(0)).startsWith("Reset your"), () -> MailServer.subject(mails.get(0)));
            }
            MailServer.pause(250);
        } while (System.nanoTime() < quietUntil);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Api.Reply me(Cluster.Node node, String token) {
        return node.api().getAs(token, "/api/auth/me");
    }

    /** Each node answers the token: it has read (and cached) the session state. */
    private static void assertServedOn(String token, Cluster.Node... nodes) {
        for (Cluster.Node node : nodes) {
            Api.Reply reply = me(node, token);
            assertEquals(200, reply.status(), () -> node.name() + ": " + reply.body());
        }
    }

    private static Api.Reply refusedWithinBound(String change, Cluster.Node node, long since, Supplier<Api.Reply> request) {
        return refusedWithinBound(change, node, since, request, reply -> reply.status() != 200);
    }

    /**
     * Sends {@code request} to {@code node} until {@code felt} holds, for at most {@link #BOUND}
     * after {@code since} (when the change's request returned); prints at which try and after how
     * long the change was felt, and fails if it was not.
     *
     * @return the first reply in which the change was felt
     */
    private static Api.Reply refusedWithinBound(String change, Cluster.Node node, long since, Supplier<Api.Reply> request,
                                                Predicate<Api.Reply> felt) {
        int tries = 0;
        Api.Reply reply;
        do {
            reply = request.get();
            tries++;
            if (felt.test(reply)) {
                System.out.printf("ClusterIT: %s felt on %s at try %d, %d ms after the change returned%n", change,
                        node.name(), tries, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
                return reply;
            }
        } while (System.nanoTime() - since < BOUND.toNanos());
        fail(change + " not felt on " + node.name() + " within " + BOUND + " (" + tries + " tries); last answer "
                + reply.status() + " " + reply.body());
        return reply;
    }

    private static String currentSession(Cluster.Node node, String token) {
        Api.Reply sessions = node.api().getAs(token, "/api/sessions");
        assertEquals(200, sessions.status(), sessions::body);
        return sessions.json().getJsonArray("items").stream().map(item -> item.asJsonObject())
                .filter(session -> session.getBoolean("current")).findFirst().orElseThrow().getString("id");
    }

    /** An admin token of the key {@code kid}: logs in on A until A signs with it (from {@code activates}). */
    private static String tokenSignedBy(String kid, Instant activates) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15 + Math.max(0, Duration.between(Instant.now(), activates)
                .getSeconds())).toNanos();
        while (true) {
            String token = cluster.admin(cluster.a()).accessToken();
            if (kid.equals(SignedJWT.parse(token).getHeader().getKeyID())) {
                return token;
            }
            if (System.nanoTime() > deadline) {
                fail("node A never signed with " + kid + " (activates at " + activates + ")");
            }
            MailServer.pause(500);
        }
    }

    private static void allowConnections(boolean allowed) {
        TestDatabase.update("ALTER DATABASE " + cluster.databaseName() + " WITH ALLOW_CONNECTIONS " + allowed);
    }

    /** Terminates every listening connection of the cluster's nodes; returns how many there were. */
    private static int terminateListeners() throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                     + cluster.databaseName() + "' AND application_name = 'gatehouse-listener'")) {
            int terminated = 0;
            while (r.next()) {
                terminated += r.getBoolean(1) ? 1 : 0;
            }
            return terminated;
        }
    }

    private static void awaitMetric(Cluster.Node node, String metric, double expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        double value = node.metric(metric);
        while (value != expected && System.nanoTime() < deadline) {
            MailServer.pause(100);
            value = node.metric(metric);
        }
        assertEquals(expected, value, node.name() + " " + metric + " within " + timeout);
    }

    /** What {@code node} logged after the first {@code from} characters, once it holds {@code line}. */
    private static String awaitLogLine(Cluster.Node node, int from, String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String added = node.log().substring(from);
        while (!added.contains(line) && System.nanoTime() < deadline) {
            MailServer.pause(200);
            added = node.log().substring(from);
        }
        return added;
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
