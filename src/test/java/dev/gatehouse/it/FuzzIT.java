package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded requests over every operation of the served OpenAPI document
 * ({@link RequestFuzzer}), valid ones built from its schemas and almost-right ones, eight at a time, with tokens of every role and real ids so that they
 * reach the services and the database. Every answer must be below 500; every refusal a problem
 * document with the security headers; every answer one the document describes (status, media type,
 * body: {@link ContractCheck}); and no request the document calls invalid may succeed. Afterwards the server is ready and its admin can still log in.
 *
 * <p>The seed is printed; {@code -Dgatehouse.fuzz.seed=...} replays a run and
 * {@code -Dgatehouse.fuzz.requests=...} changes its length (default 6000).
 */
class FuzzIT extends ApiTestBase {

    private static final int IN_FLIGHT = 8;
    private static final int SHOWN = 25;

    @Test
    void noInputMakesTheServerFailOrAnswerOutsideItsContract() throws InterruptedException {
        long seed = Long.getLong("gatehouse.fuzz.seed", System.nanoTime());
        int total = Integer.getInteger("gatehouse.fuzz.requests", 6000);
        System.out.println("FuzzIT: seed " + seed + ", " + total + " requests (replay with -Dgatehouse.fuzz.seed=" + seed + ")");
        JsonObject document = Api.get("/openapi", "Accept", "application/json").json();
        RequestFuzzer fuzzer = new RequestFuzzer(seed, document, pools());

        Queue failures = new Queue();
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int n = 0; n < total; n++) {
            RequestFuzzer.Attempt attempt = fuzzer.next(n);
            slots.acquire();
            var body = attempt.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(attempt.body());
            pending.add(Api.at(Api.base()).sendBodyAsync(attempt.method(), attempt.path(), body,
                            attempt.headers().toArray(String[]::new))
                    .handle((reply, error) -> {
                        slots.release();
                        if (error != null) {
                            failures.add(attempt, error.getCause() == null ? error.toString() : error.getCause().toString());
                            return null;
                        }
                        statuses.computeIfAbsent(reply.status() / 100 + "xx", k -> new AtomicInteger()).incrementAndGet();
                        String wrong = judge(attempt, reply);
                        if (wrong == null && reply.status() < 300) {
                            wrong = acceptedAgainstTheDocument(attempt);
                        }
                        if (wrong != null) {
                            failures.add(attempt, wrong);
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        System.out.println("FuzzIT: " + fuzzer.operationCount() + " operations, answers " + new TreeMap<>(statuses));

        assertTrue(failures.entries.isEmpty(), () -> failures.entries.size() + " of " + total + " requests went wrong (seed "
                + seed + "):\n" + failures.entries.stream().limit(SHOWN).collect(Collectors.joining("\n")));
        assertTrue(statuses.getOrDefault("2xx", new AtomicInteger()).get() > total / 20,
                () -> "too few requests got through to a success to have tested much: " + statuses);
        assertEquals(200, Api.get("/api/health/ready").status(), "ready after the fuzzing");
        Api.Account admin = Api.admin();
        assertEquals(200, Accounts.me(admin.accessToken()).status(), "the admin still logs in and is served");
    }

    /**
     * A request the document says is invalid (a missing required field, a wrong type, a null where
     * none is allowed, a value outside its enumeration, format or bounds, a bad parameter) that the
     * server accepted anyway: the document would not say what the server enforces. Null otherwise.
     */
    private static String acceptedAgainstTheDocument(RequestFuzzer.Attempt attempt) {
        List<String> violations = ContractCheck.requestViolations(Api.base(), attempt.method(), attempt.path(),
                attempt.headers(), attempt.body());
        return violations.isEmpty() ? null : "accepted a request the document calls invalid: " + violations;
    }

    /** What is wrong with {@code reply} to {@code attempt}, or null. */
    private static String judge(RequestFuzzer.Attempt attempt, Api.Reply reply) {
        if (reply.status() >= 500) {
            return reply.status() + " " + reply.body();
        }
        try {
            if (attempt.method().equals("HEAD")) {
                Problems.assertSecurityHeaders(reply);
            } else if (reply.status() >= 400) {
                Problems.assertProblemDocument(reply, reply.status());
            } else {
                Problems.assertSecurityHeaders(reply);
            }
            return null;
        } catch (AssertionError | RuntimeException e) {
            return reply.status() + ": " + e.getMessage();
        }
    }

    /**
     * Accounts of every role, some victims with sessions, their ids, emails and refresh tokens; the
     * bootstrap admin's own credentials are left out so that the fuzzing cannot lock or change it.
     */
    private static RequestFuzzer.Pools pools() {
        String root = Api.admin().accessToken();
        List<String> tokens = new ArrayList<>();
        for (String role : Accounts.ROLES) {
            tokens.add(Accounts.createAndLogin(root, role, "fuzz-" + role).accessToken());
        }
        List<String> ids = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> refreshTokens = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        for (String role : Accounts.ROLES) {
            Api.Account victim = Accounts.createAndLogin(root, role, "fuzz-victim");
            Api.Account again = Accounts.loginAgain(victim);
            tokens.add(victim.accessToken());
            ids.add(victim.id());
            emails.add(victim.email());
            refreshTokens.add(victim.refreshToken());
            refreshTokens.add(again.refreshToken());
            Accounts.all(again.accessToken(), "/api/sessions").forEach(session -> sessions.add(session.getString("id")));
        }
        return new RequestFuzzer.Pools(tokens, ids, sessions, emails, refreshTokens);
    }

    /** The failures, with the request that caused each. */
    private static final class Queue {
        private final ConcurrentLinkedQueue<String> entries = new ConcurrentLinkedQueue<>();

        void add(RequestFuzzer.Attempt attempt, String what) {
            entries.add(what + "\n    <- " + attempt.describe());
        }
    }
}
