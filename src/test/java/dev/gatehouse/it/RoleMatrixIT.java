package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint of users, sessions and activity against every kind of caller, with the status API.md gives. */
class RoleMatrixIT extends ApiTestBase {

    /** Who calls: nobody, or a fresh account of one role. */
    enum Who {
        ANONYMOUS(null), GUEST("guest"), USER("user"), MANAGER("manager"), ADMIN("admin");

        final String role;

        Who(String role) {
            this.role = role;
        }
    }

    /** One request of the matrix; it arranges its own targets so rows are independent. */
    @FunctionalInterface
    interface Scenario {
        Api.Reply run(Context context);
    }

    /**
     * What a scenario works with: a bootstrap-admin token for arranging and checking, and the
     * caller (null for anonymous).
     */
    record Context(String admin, Api.Account caller) {

        String token() {
            return caller == null ? null : caller.accessToken();
        }

        Api.Reply call(String method, String path, String body) {
            return Accounts.as(token(), method, path, body);
        }

        /** A new account of {@code role} that is not the caller. */
        String other(String role) {
            return Accounts.create(admin, Api.uniqueEmail("matrix-target"), Accounts.password(), role).getString("id");
        }

        /** The caller's own id (an unrelated user's for the anonymous caller). */
        String self() {
            return caller == null ? other("user") : caller.id();
        }

        /** A soft-deleted account. */
        String deleted() {
            String id = other("user");
            assertEquals(204, Api.jsonAs(admin, "DELETE", "/api/users/" + id, null).status());
            return id;
        }

        /** The user as the admin sees it now. */
        JsonObject look(String id) {
            Api.Reply reply = Api.getAs(admin, "/api/users/" + id);
            assertEquals(200, reply.status(), reply::body);
            return reply.json();
        }

        /**
         * Patches {@code target} with {@code body} and checks the stored user agrees with the
         * answer: changed after a 200, untouched after a refusal.
         */
        Api.Reply patchChecked(String target, String body, String field, String changedTo) {
            JsonObject before = look(target);
            Api.Reply reply = call("PATCH", "/api/users/" + target, body);
            JsonObject after = look(target);
            String expected = reply.status() == 200 ? changedTo : before.get(field).toString();
            assertEquals(expected, after.get(field).toString(), () -> field + " after " + reply.status());
            return reply;
        }

        /** The id of a new, second live session of {@code account}. */
        String sessionOf(Api.Account account) {
            Api.Account second = Accounts.loginAgain(account);
            return currentSession(second.accessToken());
        }

        static String currentSession(String token) {
            Api.Reply reply = Api.getAs(token, "/api/sessions?limit=100");
            assertEquals(200, reply.status(), reply::body);
            return reply.json().getJsonArray("items").stream().map(item -> item.asJsonObject())
                    .filter(item -> item.getBoolean("current")).findFirst()
                    .orElseThrow(() -> new AssertionError("no current session")).getString("id");
        }
    }

    private static final List<Arguments> ROWS = new ArrayList<>();

    private static void row(String endpoint, Scenario scenario, int anonymous, int guest, int user, int manager,
                            int admin) {
        int[] expected = {anonymous, guest, user, manager, admin};
        for (Who who : Who.values()) {
            ROWS.add(arguments(endpoint, who, expected[who.ordinal()], scenario));
        }
    }

    static {
        row("GET /api/users", c -> c.call("GET", "/api/users", null),
                401, 403, 403, 200, 200);
        row("GET /api/users?include_deleted=true", c -> c.call("GET", "/api/users?include_deleted=true", null),
                401, 403, 403, 403, 200);
        row("POST /api/users", c -> c.call("POST", "/api/users",
                        Accounts.body(Api.uniqueEmail("matrix-new"), Accounts.password(), "user")),
                401, 403, 403, 403, 201);
        row("GET /api/users/{another user}", c -> c.call("GET", "/api/users/" + c.other("user"), null),
                401, 404, 404, 200, 200);
        row("GET /api/users/{self}", c -> c.call("GET", "/api/users/" + c.self(), null),
                401, 200, 200, 200, 200);
        row("GET /api/users/{deleted user}", c -> c.call("GET", "/api/users/" + c.deleted(), null),
                401, 404, 404, 404, 200);
        row("GET /api/users/{unknown id}", c -> c.call("GET", "/api/users/" + UUID.randomUUID(), null),
                401, 404, 404, 404, 404);
        row("PATCH /api/users/{a user} is_active",
                c -> c.patchChecked(c.other("user"), Accounts.flag("is_active", false), "is_active", "false"),
                401, 404, 404, 200, 200);
        row("PATCH /api/users/{a guest} is_active",
                c -> c.patchChecked(c.other("guest"), Accounts.flag("is_active", false), "is_active", "false"),
                401, 404, 404, 200, 200);
        row("PATCH /api/users/{a manager} is_active",
                c -> c.patchChecked(c.other("manager"), Accounts.flag("is_active", false), "is_active", "false"),
                401, 404, 404, 403, 200);
        row("PATCH /api/users/{an admin} is_active",
                c -> c.patchChecked(c.other("admin"), Accounts.flag("is_active", false), "is_active", "false"),
                401, 404, 404, 403, 200);
        row("PATCH /api/users/{a user} role",
                c -> c.patchChecked(c.other("user"), Api.json("role", "guest"), "role", "\"guest\""),
                401, 404, 404, 403, 200);
        row("PATCH /api/users/{a guest} role to admin",
                c -> c.patchChecked(c.other("guest"), Api.json("role", "admin"), "role", "\"admin\""),
                401, 404, 404, 403, 200);
        row("PATCH /api/users/{a user} email", c -> {
            String email = Api.uniqueEmail("matrix-renamed");
            return c.patchChecked(c.other("user"), Api.json("email", email), "email", "\"" + email + "\"");
        }, 401, 404, 404, 403, 200);
        row("PATCH /api/users/{self} is_active",
                c -> c.patchChecked(c.self(), Accounts.flag("is_active", true), "is_active", "true"),
                401, 403, 403, 403, 200);
        row("PATCH /api/users/{self} role to admin",
                c -> c.patchChecked(c.self(), Api.json("role", "admin"), "role", "\"admin\""),
                401, 403, 403, 403, 200);
        row("DELETE /api/users/{another user}", c -> {
            String target = c.other("user");
            Api.Reply reply = c.call("DELETE", "/api/users/" + target, null);
            boolean deleted = !Accounts.absentOrNull(c.look(target), "deleted_at");
            assertEquals(reply.status() == 204, deleted, "deleted_at agrees with the answer");
            return reply;
        }, 401, 403, 403, 403, 204);
        row("POST /api/users/{deleted user}/restore", c -> {
            String target = c.deleted();
            Api.Reply reply = c.call("POST", "/api/users/" + target + "/restore", null);
            boolean restored = Accounts.absentOrNull(c.look(target), "deleted_at");
            assertEquals(reply.status() == 200, restored, "deleted_at agrees with the answer");
            return reply;
        }, 401, 403, 403, 403, 200);
        row("GET /api/users/{another user}/sessions",
                c -> c.call("GET", "/api/users/" + c.other("user") + "/sessions", null),
                401, 403, 403, 403, 200);
        row("GET /api/users/{self}/sessions", c -> c.call("GET", "/api/users/" + c.self() + "/sessions", null),
                401, 403, 403, 403, 200);
        row("GET /api/sessions", c -> c.call("GET", "/api/sessions", null),
                401, 200, 200, 200, 200);
        row("DELETE /api/sessions/{own other session}", c -> {
            Api.Account owner = c.caller() != null ? c.caller()
                    : Accounts.createAndLogin(c.admin(), "user", "matrix-owner");
            return c.call("DELETE", "/api/sessions/" + c.sessionOf(owner), null);
        }, 401, 204, 204, 204, 204);
        row("DELETE /api/sessions/{someone else's session}", c -> {
            Api.Account owner = Accounts.createAndLogin(c.admin(), "user", "matrix-owner");
            String session = Context.currentSession(owner.accessToken());
            Api.Reply reply = c.call("DELETE", "/api/sessions/" + session, null);
            int ownerNow = Api.getAs(owner.accessToken(), "/api/sessions").status();
            assertEquals(reply.status() == 204 ? 401 : 200, ownerNow, "the owner's token agrees with the answer");
            return reply;
        }, 401, 404, 404, 404, 204);
        row("GET /api/activity", c -> c.call("GET", "/api/activity", null),
                401, 200, 200, 200, 200);
        row("GET /api/activity?user_id={self}", c -> c.call("GET", "/api/activity?user_id=" + c.self(), null),
                401, 200, 200, 200, 200);
        row("GET /api/activity?user_id={another user}",
                c -> c.call("GET", "/api/activity?user_id=" + c.other("user"), null),
                401, 403, 403, 200, 200);
    }

    static Stream<Arguments> matrix() {
        return ROWS.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("matrix")
    void everyRoleGetsTheContractStatus(String endpoint, Who who, int expected, Scenario scenario) {
        String admin = Api.admin().accessToken();
        Api.Account caller = who == Who.ANONYMOUS ? null : Accounts.createAndLogin(admin, who.role, "matrix-" + who.role);

        Api.Reply reply = scenario.run(new Context(admin, caller));

        switch (expected) {
            case 401 -> Problems.assertNotAuthenticated(reply);
            case 403 -> Problems.assertForbidden(reply);
            case 404 -> Problems.assertProblemDocument(reply, 404);
            default -> {
                assertEquals(expected, reply.status(), () -> endpoint + " as " + who + ": " + reply.body());
                if (expected == 200 || expected == 201) {
                    assertNotNull(reply.json());
                }
            }
        }
    }

    static Stream<Arguments> protectedBeforeBody() {
        return Stream.of(
                arguments(Who.ANONYMOUS, "POST", "/api/users", "{not json", 401),
                arguments(Who.ANONYMOUS, "POST", "/api/users", "{\"email\": 5, \"role\": \"superuser\"}", 401),
                arguments(Who.ANONYMOUS, "POST", "/api/users", "", 401),
                arguments(Who.ANONYMOUS, "PATCH", "/api/users/" + UUID.randomUUID(), "{not json", 401),
                arguments(Who.ANONYMOUS, "PATCH", "/api/users/not-a-uuid", "{\"role\": 7}", 401),
                arguments(Who.ANONYMOUS, "GET", "/api/users/not-a-uuid", null, 401),
                arguments(Who.ANONYMOUS, "GET", "/api/users?limit=abc&cursor=x", null, 401),
                arguments(Who.ANONYMOUS, "DELETE", "/api/sessions/not-a-uuid", null, 401),
                arguments(Who.ANONYMOUS, "GET", "/api/activity?since=yesterday&user_id=x", null, 401),
                arguments(Who.GUEST, "POST", "/api/users", "{not json", 403),
                arguments(Who.USER, "POST", "/api/users", "{\"role\": 5}", 403),
                arguments(Who.MANAGER, "POST", "/api/users", "{not json", 403),
                arguments(Who.MANAGER, "DELETE", "/api/users/not-a-uuid", null, 403),
                arguments(Who.USER, "GET", "/api/users?limit=abc", null, 403),
                arguments(Who.GUEST, "POST", "/api/users/not-a-uuid/restore", null, 403));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @MethodSource("protectedBeforeBody")
    void protectedRouteRefusesBeforeReadingTheRequest(Who who, String method, String path, String body, int expected) {
        String admin = Api.admin().accessToken();
        String token = who == Who.ANONYMOUS ? null
                : Accounts.createAndLogin(admin, who.role, "matrix-" + who.role).accessToken();

        Api.Reply reply = Accounts.as(token, method, path, body);

        if (expected == 401) {
            Problems.assertNotAuthenticated(reply);
        } else {
            Problems.assertForbidden(reply);
        }
    }
}
