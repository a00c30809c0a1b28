package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two admins patching one user at the same moment never lose an update silently. */
class ConcurrentPatchIT extends ApiTestBase {

    private static final int ROUNDS = 20;

    private ExecutorService pool;
    private Api.Account first;
    private Api.Account second;

    @BeforeEach
    void twoAdmins() {
        String admin = Api.admin().accessToken();
        first = Accounts.createAndLogin(admin, "admin", "racer-a");
        second = Accounts.createAndLogin(admin, "admin", "racer-b");
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** Sends both requests as close together as two threads can. */
    private List<Api.Reply> race(Supplier<Api.Reply> a, Supplier<Api.Reply> b) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Future<Api.Reply> one = pool.submit(() -> {
            start.await();
            return a.get();
        });
        Future<Api.Reply> two = pool.submit(() -> {
            start.await();
            return b.get();
        });
        start.countDown();
        return List.of(one.get(60, TimeUnit.SECONDS), two.get(60, TimeUnit.SECONDS));
    }

    private static Api.Reply patch(Api.Account by, String id, String body) {
        return Api.jsonAs(by.accessToken(), "PATCH", "/api/users/" + id, body);
    }

    private JsonObject look(String id) {
        Api.Reply reply = Api.getAs(first.accessToken(), "/api/users/" + id);
        assertEquals(200, reply.status(), reply::body);
        return reply.json();
    }

    /** Entries of {@code action} written by {@code actor} about {@code target}. */
    private List<JsonObject> updatesBy(Api.Account actor, String target) {
        return Accounts.all(first.accessToken(), "/api/activity?limit=100&action=user.updated&user_id=" + actor.id())
                .stream()
                .filter(e -> target.equals(e.getJsonObject("details").getString("target_user_id", null)))
                .toList();
    }

    @Test
    void concurrentChangesOfDifferentFieldsAreBothKept() throws Exception {
        String id = Accounts.create(first.accessToken(), Api.uniqueEmail("race-fields"), Accounts.password(), "user")
                .getString("id");
        int emailWins = 0;
        int roleWins = 0;

        for (int round = 0; round < ROUNDS; round++) {
            String email = Api.uniqueEmail("race-" + round);
            String role = round % 2 == 0 ? "guest" : "user";
            List<Api.Reply> replies = race(() -> patch(first, id, Api.json("email", email)),
                    () -> patch(second, id, Api.json("role", role)));

            for (Api.Reply reply : replies) {
                assertTrue(reply.status() == 200 || reply.status() == 409, () -> reply.status() + " " + reply.body());
            }
            JsonObject now = look(id);
            if (replies.get(0).status() == 200) {
                emailWins++;
                assertEquals(email, now.getString("email"), "round " + round + ": the email change was lost");
            }
            if (replies.get(1).status() == 200) {
                roleWins++;
                assertEquals(role, now.getString("role"), "round " + round + ": the role change was lost");
            }
        }

        assertEquals(emailWins, updatesBy(first, id).size(), "one user.updated per successful email change");
        assertEquals(roleWins, updatesBy(second, id).size(), "one user.updated per successful role change");
        assertTrue(emailWins + roleWins > 0, "some patch succeeded");
    }

    @Test
    void concurrentChangesOfOneFieldEndWithTheLastCommittedOne() throws Exception {
        String id = Accounts.create(first.accessToken(), Api.uniqueEmail("race-email"), Accounts.password(), "guest")
                .getString("id");
        int successes = 0;

        for (int round = 0; round < ROUNDS; round++) {
            String emailA = Api.uniqueEmail("race-a" + round);
            String emailB = Api.uniqueEmail("race-b" + round);
            List<Api.Reply> replies = race(() -> patch(first, id, Api.json("email", emailA)),
                    () -> patch(second, id, Api.json("email", emailB)));

            Api.Reply last = null;
            for (Api.Reply reply : replies) {
                assertTrue(reply.status() == 200 || reply.status() == 409, () -> reply.status() + " " + reply.body());
                if (reply.status() == 200) {
                    successes++;
                    Instant updated = Accounts.instant(reply.json(), "updated_at");
                    if (last == null || updated.isAfter(Accounts.instant(last.json(), "updated_at"))) {
                        last = reply;
                    }
                }
            }
            JsonObject now = look(id);
            if (last != null) {
                assertEquals(last.json().getString("email"), now.getString("email"), "round " + round);
                assertEquals(last.json().getString("updated_at"), now.getString("updated_at"), "round " + round);
            }
        }

        int logged = updatesBy(first, id).size() + updatesBy(second, id).size();
        assertEquals(successes, logged, "one user.updated per 200");
        assertTrue(successes > 0, "some patch succeeded");
    }

    @Test
    void concurrentActivationFlipsAreAllRecorded() throws Exception {
        String id = Accounts.create(first.accessToken(), Api.uniqueEmail("race-active"), Accounts.password(), "user")
                .getString("id");
        List<Api.Reply> all = new ArrayList<>();

        for (int round = 0; round < ROUNDS; round++) {
            all.addAll(race(() -> patch(first, id, Accounts.flag("is_active", false)),
                    () -> patch(second, id, Accounts.flag("is_active", true))));
        }

        for (Api.Reply reply : all) {
            assertEquals(200, reply.status(), reply::body);
        }
        int changed = 0;
        for (JsonObject entry : updatesBy(first, id)) {
            assertEquals(false, entry.getJsonObject("details").getBoolean("is_active"));
            changed++;
        }
        for (JsonObject entry : updatesBy(second, id)) {
            assertEquals(true, entry.getJsonObject("details").getBoolean("is_active"));
            changed++;
        }
        // Each recorded change flips the flag: the final state follows from their count.
        assertEquals(changed % 2 == 1, !look(id).getBoolean("is_active"), "changes " + changed);
    }

    @Test
    void concurrentRenamesOfTwoUsersToOneEmailLeaveExactlyOneOwner() throws Exception {
        String x = Accounts.create(first.accessToken(), Api.uniqueEmail("rename-x"), Accounts.password(), "user")
                .getString("id");
        String y = Accounts.create(first.accessToken(), Api.uniqueEmail("rename-y"), Accounts.password(), "guest")
                .getString("id");

        for (int round = 0; round < ROUNDS; round++) {
            String email = Api.uniqueEmail("contested-" + round);
            List<Api.Reply> replies = race(() -> patch(first, x, Api.json("email", email)),
                    () -> patch(second, y, Api.json("email", email)));

            List<Integer> statuses = replies.stream().map(Api.Reply::status).sorted().toList();
            assertEquals(List.of(200, 409), statuses, () -> "round: " + replies.get(0).body() + " / "
                    + replies.get(1).body());
            Api.Reply loser = replies.get(0).status() == 409 ? replies.get(0) : replies.get(1);
            Problems.assertProblem(loser, 409, "Email already registered");
            String winner = replies.get(0).status() == 200 ? x : y;
            String other = winner.equals(x) ? y : x;
            assertEquals(email, look(winner).getString("email"));
            assertNotEquals(email, look(other).getString("email"));
        }
    }

    @Test
    void concurrentDemotionsOfTwoAdminsAnswerTruthfully() throws Exception {
        for (int round = 0; round < ROUNDS / 4; round++) {
            String x = Accounts.create(first.accessToken(), Api.uniqueEmail("demote-x"), Accounts.password(), "admin")
                    .getString("id");
            String y = Accounts.create(first.accessToken(), Api.uniqueEmail("demote-y"), Accounts.password(), "admin")
                    .getString("id");

            List<Api.Reply> replies = race(() -> patch(first, x, Api.json("role", "manager")),
                    () -> patch(second, y, Accounts.flag("is_active", false)));

            for (Api.Reply reply : replies) {
                assertTrue(reply.status() == 200 || reply.status() == 409, () -> reply.status() + " " + reply.body());
            }
            // Other admins stay active, so the last-admin rule never applies; a 409 may only be a lost race.
            assertEquals(replies.get(0).status() == 200 ? "manager" : "admin", look(x).getString("role"));
            assertEquals(replies.get(1).status() != 200, look(y).getBoolean("is_active"));
        }
    }
}
