package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The health endpoints: public, JSON, and ready only when the database answers. */
class HealthIT extends ApiTestBase {

    @Test
    void liveAnswersUpWithoutAuthentication() {
        Api.Reply reply = Api.get("/api/health/live");
        assertEquals(200, reply.status());
        assertEquals("UP", reply.json().getString("status"));
    }

    @Test
    void readyChecksTheDatabase() {
        Api.Reply reply = Api.get("/api/health/ready");
        assertEquals(200, reply.status());
        assertEquals("UP", reply.json().getString("status"));
        assertEquals("UP", reply.json().getJsonObject("checks").getString("database"));
    }

    @Test
    void healthIgnoresABadBearerToken() {
        Api.Reply reply = Api.get("/api/health/live", "Authorization", "Bearer not-a-token");
        assertEquals(200, reply.status());
        assertNull(reply.header("WWW-Authenticate"));
    }
}
