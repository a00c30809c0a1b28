package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Set;
import java.util.TreeSet;

/** Assertions on problem documents and bearer challenges, worded exactly as API.md states them. */
final class Problems {

    private Problems() {
    }

    /**
     * An {@code application/problem+json} reply with this status, the matching {@code status}
     * field, a title and a detail, and {@code Cache-Control: no-store} as every {@code /api} reply.
     */
    static void assertProblemDocument(Api.Reply reply, int status) {
        assertEquals(status, reply.status(), () -> "unexpected status; body: " + reply.body());
        String contentType = reply.header("Content-Type");
        assertNotNull(contentType, "Content-Type");
        assertTrue(contentType.startsWith("application/problem+json"), "Content-Type was " + contentType);
        JsonObject body = reply.json();
        assertEquals(status, body.getInt("status"));
        assertFalse(body.getString("title").isBlank(), "title");
        assertFalse(body.getString("detail").isBlank(), "detail");
        assertEquals("no-store", reply.header("Cache-Control"));
    }

    /** A problem document with this status and exactly this {@code detail}. */
    static void assertProblem(Api.Reply reply, int status, String detail) {
        assertProblemDocument(reply, status);
        assertEquals(detail, reply.json().getString("detail"));
    }

    /** 401 about a bearer token: the detail, and {@code WWW-Authenticate: Bearer ... error="invalid_token"}. */
    static void assertTokenRefused(Api.Reply reply, String detail) {
        assertProblem(reply, 401, detail);
        String challenge = reply.header("WWW-Authenticate");
        assertNotNull(challenge, "WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer"), "challenge was " + challenge);
        assertTrue(challenge.contains("error=\"invalid_token\""), "challenge was " + challenge);
    }

    /** 401 {@code Invalid token} for a bearer token. */
    static void assertInvalidToken(Api.Reply reply) {
        assertTokenRefused(reply, "Invalid token");
    }

    /** 401 {@code Invalid token} for a refused refresh token: sent in the body, so a plain challenge. */
    static void assertRefreshRefused(Api.Reply reply) {
        assertPlainChallenge(reply, "Invalid token");
    }

    /** 401 with a plain {@code WWW-Authenticate: Bearer} challenge: no {@code error} parameter. */
    static void assertPlainChallenge(Api.Reply reply, String detail) {
        assertProblem(reply, 401, detail);
        String challenge = reply.header("WWW-Authenticate");
        assertNotNull(challenge, "WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer"), "challenge was " + challenge);
        assertFalse(challenge.contains("error="), "challenge was " + challenge);
    }

    /** 401 {@code Not authenticated}: the route needs a token and none was recognised. */
    static void assertNotAuthenticated(Api.Reply reply) {
        assertPlainChallenge(reply, "Not authenticated");
    }

    /** 401 {@code Invalid credentials}, which is never about a bearer token. */
    static void assertInvalidCredentials(Api.Reply reply) {
        assertPlainChallenge(reply, "Invalid credentials");
    }

    /** 400 whose {@code errors[]} names exactly {@code fields}, each with a message. */
    static void assertFieldErrors(Api.Reply reply, String... fields) {
        assertProblemDocument(reply, 400);
        Set<String> named = new TreeSet<>();
        for (JsonValue value : reply.json().getJsonArray("errors")) {
            JsonObject error = value.asJsonObject();
            named.add(error.getString("field"));
            assertFalse(error.getString("message").isBlank(), "message of " + error);
        }
        assertEquals(new TreeSet<>(Set.of(fields)), named, () -> "errors[] of " + reply.body());
    }
}
