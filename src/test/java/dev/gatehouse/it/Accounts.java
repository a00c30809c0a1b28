package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Arranging accounts of any role through the admin API, and reading whole lists page by page, for
 * the users, sessions and activity tests.
 */
public final class Accounts {

    /** Every role, highest first, as the wire names them. */
    public static final List<String> ROLES = List.of("admin", "manager", "user", "guest");

    private Accounts() {
    }

    /** A fresh password that no other account shares. */
    public static String password() {
        return "pw-" + UUID.randomUUID();
    }

    /** {@code POST /api/users} as {@code adminToken}; asserts 201 and returns the new user object. */
    public static JsonObject create(String adminToken, String email, String password, String role) {
        Api.Reply reply = Api.jsonAs(adminToken, "POST", "/api/users", body(email, password, role));
        assertEquals(201, reply.status(), () -> "create " + role + ": " + reply.body());
        return reply.json();
    }

    /** A new account of {@code role}, created by the admin and logged in. */
    public static Api.Account createAndLogin(String adminToken, String role, String hint) {
        String email = Api.uniqueEmail(hint);
        String password = password();
        create(adminToken, email, password, role);
        return login(email, password);
    }

    /** Logs {@code email} in (a new session); asserts 200. */
    public static Api.Account login(String email, String password) {
        Api.Reply reply = Api.login(email, password);
        assertEquals(200, reply.status(), () -> "login " + email + ": " + reply.body());
        return new Api.Account(email, password, reply.json());
    }

    /** Another session of the same account. */
    public static Api.Account loginAgain(Api.Account account) {
        return login(account.email(), account.password());
    }

    /** The body of {@code POST /api/users}. */
    public static String body(String email, String password, String role) {
        return Api.json("email", email, "password", password, "role", role);
    }

    /** A one-field JSON object with a boolean value. */
    public static String flag(String name, boolean value) {
        return Json.createObjectBuilder().add(name, value).build().toString();
    }

    /** {@code POST /api/auth/refresh} with {@code refreshToken}. */
    public static Api.Reply refresh(String refreshToken) {
        return Api.postJson("/api/auth/refresh", Api.json("refresh_token", refreshToken));
    }

    /** A request as {@code token}, or anonymous when it is null. */
    public static Api.Reply as(String token, String method, String path, String json) {
        if (token != null) {
            return Api.jsonAs(token, method, path, json);
        }
        return json == null
                ? Api.send(method, path, null)
                : Api.send(method, path, json, "Content-Type", "application/json");
    }

    /** A query-string value, percent-encoded. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Every item of a paged list, following {@code next_cursor} until it is null; asserts each
     * page is 200 with the contract's page shape.
     *
     * @param path the list path with its query, without {@code cursor}
     */
    public static List<JsonObject> all(String token, String path) {
        List<JsonObject> items = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10_000; pages++) {
            String separator = path.contains("?") ? "&" : "?";
            String url = cursor == null ? path : path + separator + "cursor=" + encode(cursor);
            Api.Reply reply = Api.getAs(token, url);
            assertEquals(200, reply.status(), () -> url + ": " + reply.body());
            JsonObject page = reply.json();
            page.getJsonArray("items").forEach(item -> items.add(item.asJsonObject()));
            assertTrue(page.containsKey("next_cursor"), "a page always has next_cursor");
            if (page.isNull("next_cursor")) {
                return items;
            }
            cursor = page.getString("next_cursor");
        }
        throw new AssertionError("paging did not end: " + path);
    }

    /** The ids of {@code items}, in order. */
    public static List<String> ids(List<JsonObject> items) {
        return items.stream().map(item -> item.getString("id")).toList();
    }

    /** A timestamp field as an instant, asserting the contract's format. */
    public static Instant instant(JsonObject object, String field) {
        String text = object.getString(field);
        assertTrue(text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z"),
                () -> field + " is not a contract timestamp: " + text);
        return Instant.parse(text);
    }

    /** True when {@code object} has no {@code field} or has it as JSON null. */
    public static boolean absentOrNull(JsonObject object, String field) {
        return !object.containsKey(field) || object.get(field).getValueType() == JsonValue.ValueType.NULL;
    }

    /** Asserts the reply is a problem document with {@code status} and {@code detail}. */
    public static void assertProblem(Api.Reply reply, int status, String detail) {
        assertEquals(status, reply.status(), reply::body);
        String type = reply.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/problem+json"), () -> "Content-Type " + type);
        assertEquals(status, reply.json().getInt("status"));
        if (detail != null) {
            assertEquals(detail, reply.detail());
        }
    }

    /** Asserts a 401 {@code Invalid token} for a bearer token sent in {@code Authorization}. */
    public static void assertInvalidToken(Api.Reply reply) {
        assertProblem(reply, 401, "Invalid token");
        String challenge = reply.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer") && challenge.contains("error=\"invalid_token\""),
                () -> "WWW-Authenticate " + challenge);
    }

    /** Asserts a 401 {@code Invalid token} for a refused refresh token. */
    public static void assertRefreshRefused(Api.Reply reply) {
        assertProblem(reply, 401, "Invalid token");
        String challenge = reply.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer"), () -> "WWW-Authenticate " + challenge);
    }

    /** Asserts a 401 {@code Not authenticated} with the bare {@code Bearer} challenge. */
    public static void assertNotAuthenticated(Api.Reply reply) {
        assertProblem(reply, 401, "Not authenticated");
        assertEquals("Bearer", reply.header("WWW-Authenticate"));
    }

    /** Asserts a 400 problem naming {@code field} in {@code errors[]}. */
    public static void assertBadField(Api.Reply reply, String field) {
        assertProblem(reply, 400, null);
        assertTrue(reply.json().containsKey("errors"), () -> "no errors[]: " + reply.body());
        assertTrue(reply.json().getJsonArray("errors").stream()
                        .anyMatch(e -> field.equals(e.asJsonObject().getString("field"))),
                () -> "errors[] does not name " + field + ": " + reply.body());
    }

    /** Asserts a reply body mentions none of {@code secrets}. */
    public static void assertMentionsNone(Api.Reply reply, String... secrets) {
        for (String secret : secrets) {
            assertFalse(reply.body().contains(secret), () -> "reply leaks a secret: " + reply.body());
        }
    }
}
