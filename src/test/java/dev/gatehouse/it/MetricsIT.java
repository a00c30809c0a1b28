package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /metrics publishes, in Prometheus text, the security counters and per-route latency that requests produce. */
class MetricsIT extends ApiTestBase {

    @Test
    void aFailedLoginIsCountedByOutcome() {
        double before = sample("gatehouse_logins_total", "outcome=\"failure\"");

        Api.login(Api.uniqueEmail("metrics"), "wrong-password-123");

        assertEquals(before + 1, sample("gatehouse_logins_total", "outcome=\"failure\""));
    }

    @Test
    void successfulLoginsAndRefreshesAreCounted() {
        double logins = sample("gatehouse_logins_total", "outcome=\"success\"");
        double refreshes = sample("gatehouse_refreshes_total", "");

        Api.Account account = Api.newAccount("metrics-ok");
        Api.postJson("/api/auth/refresh", Api.json("refresh_token", account.refreshToken()));

        assertTrue(sample("gatehouse_logins_total", "outcome=\"success\"") >= logins + 1);
        assertTrue(sample("gatehouse_refreshes_total", "") >= refreshes + 1);
    }

    @Test
    void reuseDetectionIsCounted() {
        double before = sample("gatehouse_refresh_reuse_detections_total", "");
        Api.Account account = Api.newAccount("metrics-reuse");
        Api.postJson("/api/auth/refresh", Api.json("refresh_token", account.refreshToken()));

        Api.postJson("/api/auth/refresh", Api.json("refresh_token", account.refreshToken()));

        assertTrue(sample("gatehouse_refresh_reuse_detections_total", "") >= before + 1);
    }

    @Test
    void requestLatencyIsRecordedByRouteTemplate() {
        Api.Account account = Api.newAccount("metrics-route");
        Api.getAs(account.accessToken(), "/api/auth/me");

        String text = Api.get("/metrics").body();

        assertTrue(text.contains("route=\"GET /api/auth/me\""), "a series for the me route");
        assertTrue(Pattern.compile("gatehouse_http_requests_seconds_count\\{[^}]*route=\"GET /api/auth/me\"[^}]*}")
                .matcher(text).find(), "a timer count for the route");
    }

    /** The value of the first series of {@code name} whose labels contain {@code label} (0 if none). */
    private static double sample(String name, String label) {
        Api.Reply reply = Api.get("/metrics");
        assertEquals(200, reply.status());
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{([^}]*)})?\\s+([0-9.Ee+-]+)$").matcher(reply.body());
        while (m.find()) {
            if ((m.group(1) == null ? "" : m.group(1)).contains(label)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
