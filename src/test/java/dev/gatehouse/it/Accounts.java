package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Account flows over the API: arranging accounts of any role through the admin API, logging in
 * again, the {@code /api/auth} calls of a holder of tokens (me, refresh, logout, logout-all,
 * password change), and reading whole lists page by page. Each call returns the raw reply unless
 * its name says it asserts.
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

    /** A second login of an existing account: a new session with its own token pair; asserts 200. */
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

    /** {@code POST /api/auth/refresh} with {@code {"refresh_token": refreshToken}}. */
    public static Api.Reply refresh(String refreshToken) {
        return Api.postJson("/api/auth/refresh", Api.json("refresh_token", refreshToken));
    }

    /** {@code GET /api/auth/me} as the holder of {@code accessToken}. */
    public static Api.Reply me(String accessToken) {
        return Api.getAs(accessToken, "/api/auth/me");
    }

    /** {@code POST /api/auth/logout} as the holder of {@code accessToken}. */
    public static Api.Reply logout(String accessToken) {
        return Api.jsonAs(accessToken, "POST", "/api/auth/logout", null);
    }

    /** {@code POST /api/auth/logout-all} as the holder of {@code accessToken}. */
    public static Api.Reply logoutAll(String accessToken) {
        return Api.jsonAs(accessToken, "POST", "/api/auth/logout-all", null);
    }

    /** {@code PUT /api/auth/password} as the holder of {@code accessToken}. */
    public static Api.Reply changePassword(String accessToken, String currentPassword, String newPassword) {
        return Api.jsonAs(accessToken, "PUT", "/api/auth/password",
                Api.json("current_password", currentPassword, "new_password", newPassword));
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
}
