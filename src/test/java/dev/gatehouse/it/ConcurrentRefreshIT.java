package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertInvalidToken;
import static dev.gatehouse.it.Problems.assertRefreshRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ten clients refreshing with one token at the same instant: exactly one wins, and the losers count as reuse. */
class ConcurrentRefreshIT extends ApiTestBase {

    private static final int CLIENTS = 10;

    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** Sends {@code CLIENTS} refreshes with {@code token}, released together by a barrier. */
    private List<Api.Reply> refreshAtOnce(String token) throws Exception {
        CyclicBarrier start = new CyclicBarrier(CLIENTS);
        List<Future<Api.Reply>> futures = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            futures.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return Accounts.refresh(token);
            }));
        }
        List<Api.Reply> replies = new ArrayList<>();
        for (Future<Api.Reply> future : futures) {
            replies.add(future.get(90, TimeUnit.SECONDS));
        }
        return replies;
    }

    private static Api.Reply winner(List<Api.Reply> replies) {
        return replies.stream().filter(r -> r.status() == 200).findFirst()
                .orElseThrow(() -> new AssertionError("no refresh succeeded"));
    }

    @Test
    void ofConcurrentRefreshesWithOneTokenExactlyOneSucceeds() throws Exception {
        Api.Account account = Api.newAccount("race-one-wins");

        List<Api.Reply> replies = refreshAtOnce(account.refreshToken());

        assertEquals(1, replies.stream().filter(r -> r.status() == 200).count(),
                () -> "statuses: " + replies.stream().map(Api.Reply::status).toList());
        replies.stream().filter(r -> r.status() != 200).forEach(Problems::assertRefreshRefused);
    }

    @Test
    void theLosersOfAConcurrentRefreshRevokeTheWinnersRefreshToken() throws Exception {
        Api.Account account = Api.newAccount("race-refresh-dead");

        String winnersToken = winner(refreshAtOnce(account.refreshToken())).json().getString("refresh_token");

        assertRefreshRefused(Accounts.refresh(winnersToken));
    }

    @Test
    void theLosersOfAConcurrentRefreshRevokeTheWinnersAccessToken() throws Exception {
        Api.Account account = Api.newAccount("race-access-dead");

        String winnersAccess = winner(refreshAtOnce(account.refreshToken())).json().getString("access_token");

        assertInvalidToken(Accounts.me(winnersAccess));
    }

    @Test
    void aConcurrentRefreshIsRecordedAsRefreshReuseDetected() throws Exception {
        Api.Account account = Api.newAccount("race-audit");

        refreshAtOnce(account.refreshToken());

        assertTrue(ActivityTrail.count(account.id(), "auth.refresh_reuse_detected") >= 1);
    }
}
