package dev.gatehouse.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The CORS policy by exact origin, on hand-written servlet fakes. */
class CorsTest {

    private final Cors cors = new Cors(List.of("http://app.test", "https://admin.test"));

    private static Set<String> tokens(String list) {
        return Arrays.stream(list.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private static void assertNoCorsHeaders(ServletFakes.Recorded recorded) {
        assertTrue(recorded.headers.keySet().stream().noneMatch(h -> h.startsWith("access-control-")),
                () -> "CORS headers: " + recorded.headers);
    }

    @Test
    void aPreflightNeedsOptionsOriginAndRequestMethod() {
        assertTrue(Cors.isPreflight(ServletFakes.request("OPTIONS", "Origin", "http://app.test",
                "Access-Control-Request-Method", "POST")));
        assertFalse(Cors.isPreflight(ServletFakes.request("OPTIONS", "Origin", "http://app.test")));
        assertFalse(Cors.isPreflight(ServletFakes.request("OPTIONS", "Access-Control-Request-Method", "POST")));
        assertFalse(Cors.isPreflight(ServletFakes.request("POST", "Origin", "http://app.test",
                "Access-Control-Request-Method", "POST")));
    }

    @Test
    void anAllowedPreflightIsApproved() throws Exception {
        ServletFakes.Recorded recorded = new ServletFakes.Recorded();
        cors.answerPreflight(ServletFakes.request("OPTIONS", "Origin", "https://admin.test",
                "Access-Control-Request-Method", "PATCH"), recorded.response());
        assertEquals(204, recorded.status);
        assertEquals(List.of("https://admin.test"), recorded.all("Access-Control-Allow-Origin"));
        assertTrue(tokens(recorded.first("Access-Control-Allow-Methods"))
                .containsAll(Set.of("get", "post", "put", "patch", "delete")));
        assertTrue(tokens(recorded.first("Access-Control-Allow-Headers")).containsAll(Set.of("authorization", "content-type")));
        assertEquals("600", recorded.first("Access-Control-Max-Age"));
        assertEquals(List.of("Origin"), recorded.all("Vary"));
        assertTrue(recorded.all("Access-Control-Allow-Credentials").isEmpty());
        assertEquals("", recorded.text());
    }

    @Test
    void aPreflightFromAnotherOriginIsAForbiddenProblemWithoutCorsHeaders() throws Exception {
        for (String origin : List.of("http://evil.test", "https://app.test", "http://app.test:8080", "http://APP.test",
                "null", "*")) {
            ServletFakes.Recorded recorded = new ServletFakes.Recorded();
            cors.answerPreflight(ServletFakes.request("OPTIONS", "Origin", origin,
                    "Access-Control-Request-Method", "POST"), recorded.response());
            assertEquals(403, recorded.status, origin);
            assertNoCorsHeaders(recorded);
            assertTrue(recorded.contentType.startsWith("application/problem+json"), recorded.contentType);
            assertTrue(recorded.text().contains("\"status\":403"), recorded.text());
        }
    }

    @Test
    void anActualRequestFromAnAllowedOriginIsDecorated() {
        ServletFakes.Recorded recorded = new ServletFakes.Recorded();
        cors.decorate(ServletFakes.request("GET", "Origin", "http://app.test"), recorded.response());
        assertEquals(List.of("http://app.test"), recorded.all("Access-Control-Allow-Origin"));
        assertEquals(List.of("Origin"), recorded.all("Vary"));
        assertTrue(tokens(recorded.first("Access-Control-Expose-Headers")).containsAll(Set.of("retry-after",
                "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "www-authenticate")));
        assertTrue(recorded.all("Access-Control-Allow-Credentials").isEmpty());
        assertTrue(recorded.all("Access-Control-Allow-Methods").isEmpty());
    }

    @Test
    void anActualRequestFromAnotherOriginGetsNoCorsHeaders() {
        ServletFakes.Recorded recorded = new ServletFakes.Recorded();
        cors.decorate(ServletFakes.request("GET", "Origin", "http://evil.test"), recorded.response());
        assertNoCorsHeaders(recorded);
        assertEquals(List.of("Origin"), recorded.all("Vary"));
    }

    @Test
    void aRequestWithoutOriginIsLeftAlone() {
        ServletFakes.Recorded recorded = new ServletFakes.Recorded();
        cors.decorate(ServletFakes.request("GET"), recorded.response());
        assertTrue(recorded.headers.isEmpty(), recorded.headers::toString);
    }
}
