package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertNotAuthenticated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /api/auth/me}: the caller as a user object, and nothing for an anonymous caller. */
class MeIT extends ApiTestBase {

    private static final int READERS = 4;
    private static final int ROUNDS = 10;
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z");

    @Test
    void meAnswersTheCallerAsAUserObject() {
        Api.Account account = Api.newAccount("me");

        Api.Reply reply = Accounts.me(account.accessToken());

        assertEquals(200, reply.status(), reply::body);
        Problems.assertSecurityHeaders(reply);
        JsonObject user = reply.json();
        assertEquals(account.id(), user.getString("id"));
        assertEquals(account.email(), user.getString("email"));
        assertEquals("user", user.getString("role"));
        assertTrue(user.getBoolean("is_active"));
        assertTrue(TIMESTAMP.matcher(user.getString("created_at")).matches(), user.getString("created_at"));
        assertTrue(TIMESTAMP.matcher(user.getString("updated_at")).matches(), user.getString("updated_at"));
        assertFalse(user.containsKey("password_hash"));
        assertFalse(user.containsKey("password"));
    }

    @Test
    void meAnswersTheAdminAsAdmin() {
        Api.Account admin = Api.admin();

        Api.Reply reply = Accounts.me(admin.accessToken());

        assertEquals(200, reply.status(), reply::body);
        assertEquals(TestSecrets.ADMIN_EMAIL, reply.json().getString("email"));
        assertEquals("admin", reply.json().getString("role"));
    }

    @Test
    void meShowsAChangeMadeOnThisNodeAtOnce() {
        Api.Account admin = Api.admin();
        Api.Account account = Accounts.createAndLogin(admin.accessToken(), "user", "me-change");
        JsonObject before = Accounts.me(account.accessToken()).json();
        String newEmail = "renamed-" + account.email();

        Api.Reply patched = Accounts.as(admin.accessToken(), "PATCH", "/api/users/" + account.id(),
                "{\"email\":\"" + newEmail + "\"}");
        assertEquals(200, patched.status(), patched::body);

        JsonObject after = Accounts.me(account.accessToken()).json();
        assertEquals(newEmail, after.getString("email"));
        assertEquals(account.email(), before.getString("email"));
    }

    @Test
    void meShowsANewUpdatedAtAfterAPasswordChange() throws InterruptedException {
        Api.Account account = Api.newAccount("me-password");
        String before = Accounts.me(account.accessToken()).json().getString("updated_at");
        Thread.sleep(5);

        Api.Reply changed = Accounts.changePassword(account.accessToken(), account.password(), Accounts.password());
        assertEquals(204, changed.status(), changed::body);

        String after = Accounts.me(account.accessToken()).json().getString("updated_at");
        assertTrue(java.time.Instant.parse(after).isAfter(java.time.Instant.parse(before)), before + " then " + after);
    }

    /**
     * The real-stack companion of {@code SessionStateCacheTest}: readers keep {@code /me} (and so
     * the node's session-state cache) busy while an admin flips the user's role; a read that
     * overlapped a change must never be served once the change has answered.
     */
    @Test
    void meShowsEachNewRoleOnceThePatchHasAnsweredEvenWhileReadsRace() throws Exception {
        String admin = Api.admin().accessToken();
        Api.Account account = Accounts.createAndLogin(admin, "user", "me-race");
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String role = round % 2 == 0 ? "guest" : "user";
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch reading = new CountDownLatch(READERS);
                List<Future<Integer>> readers = new ArrayList<>();
                for (int i = 0; i < READERS; i++) {
                    readers.add(pool.submit(() -> readUntil(stop, reading, account.accessToken())));
                }
                assertTrue(reading.await(10, TimeUnit.SECONDS), "the readers started");

                Api.Reply patched = Api.jsonAs(admin, "PATCH", "/api/users/" + account.id(), Api.json("role", role));

                stop.set(true);
                for (Future<Integer> reader : readers) {
                    assertTrue(reader.get(10, TimeUnit.SECONDS) > 0, "each reader read at least once");
                }
                assertEquals(200, patched.status(), patched::body);
                assertEquals(role, patched.json().getString("role"));
                Api.Reply me = Accounts.me(account.accessToken());
                assertEquals(200, me.status(), me::body);
                assertEquals(role, me.json().getString("role"), "round " + round + ": /me after the change");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads {@code /me} until told to stop; every read is a 200 of the user in one of its two roles. */
    private static int readUntil(AtomicBoolean stop, CountDownLatch reading, String token) {
        int reads = 0;
        do {
            Api.Reply me = Accounts.me(token);
            assertEquals(200, me.status(), me::body);
            assertTrue(List.of("user", "guest").contains(me.json().getString("role")), me::body);
            if (reads++ == 0) {
                reading.countDown();
            }
        } while (!stop.get());
        return reads;
    }

    @Test
    void meWithoutATokenIsNotAuthenticated() {
        assertNotAuthenticated(Api.get("/api/auth/me"));
    }
}
