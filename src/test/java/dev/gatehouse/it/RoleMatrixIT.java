package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of users, sessions, activity and the second factor against every kind of caller: the status API.md
 * and the permission table of docs/security.md give, the contract's {@code detail} for every
 * refusal, and the content a success must carry.
 */
class RoleMatrixIT extends ApiTestBase {

    private static final String USER_NOT_FOUND = "User not found";
    private static final String SESSION_NOT_FOUND = "Session not found";
    /** For rows where no caller gets a 404. */
    private static final String NEVER = null;

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
        Call run(Context context);
    }

    /**
     * A request made, and what it must have answered if it succeeded.
     *
     * @param reply the server's answer
     * @param success assertions on a 2xx reply: the content the contract promises
     */
    record Call(Api.Reply reply, Consumer<Api.Reply> success) {
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

        /** The caller's role as its login answered it. */
        String role() {
            return caller.tokens().getJsonObject("user").getString("role");
        }

        /** A new account of {@code role} that is not the caller, as the admin's create answered it. */
        JsonObject otherUser(String role) {
            return Accounts.create(admin, Api.uniqueEmail("matrix-target"), Accounts.password(), role);
        }

        /** The id of a new account of {@code role} that is not the caller. */
        String other(String role) {
            return otherUser(role).getString("id");
        }

        /** The caller's own id (an unrelated user's for the anonymous caller). */
        String self() {
            return caller == null ? other("user") : caller.id();
        }

        /** A soft-deleted account, as the admin's create answered it. */
        JsonObject deletedUser() {
            JsonObject user = otherUser("user");
            assertEquals(204, Api.jsonAs(admin, "DELETE", "/api/users/" + user.getString("id"), null).status());
            return user;
        }

        /** The user as the admin sees it now. */
        JsonObject look(String id) {
            Api.Reply reply = Api.getAs(admin, "/api/users/" + id);
            assertEquals(200, reply.status(), reply::body);
            return reply.json();
        }

        /**
         * Patches {@code target} with {@code body} and checks the stored user agrees with the
         * answer: changed after a 200, untouched after a refusal. A success answers the target
         * with {@code field} set to {@code changedTo} (JSON text).
         */
        Call patchChecked(String target, String body, String field, String changedTo) {
            JsonObject before = look(target);
            Api.Reply reply = call("PATCH", "/api/users/" + target, body);
            JsonObject after = look(target);
            String expected = reply.status() == 200 ? changedTo : before.get(field).toString();
            assertEquals(expected, after.get(field).toString(), () -> field + " after " + reply.status());
            return new Call(reply, ok -> {
                assertEquals(target, ok.json().getString("id"));
                assertEquals(changedTo, ok.json().get(field).toString(), field);
            });
        }

        /** The id of a new, second live session of {@code account}. */
        String sessionOf(Api.Account account) {
            return sid(Accounts.loginAgain(account));
        }
    }

    /** The session of an account's access token: its {@code sid} claim. */
    static String sid(Api.Account account) {
        return TokenForge.claimOf(account.accessToken(), "sid");
    }

    /** The items of a page reply. */
    static List<JsonObject> items(Api.Reply page) {
        JsonObject json = page.json();
        assertTrue(json.containsKey("next_cursor"), page::body);
        return json.getJsonArray("items").stream().map(item -> item.asJsonObject()).toList();
    }

    /** The ids of the items of a page reply, in order. */
    static List<String> ids(Api.Reply page) {
        return Accounts.ids(items(page));
    }

    /** An empty body, as a 204 has. */
    static void noContent(Api.Reply reply) {
        assertEquals("", reply.body());
    }

    /** A page of activity entries, all by {@code actor}, holding its {@code auth.login}. */
    static void onlyEntriesOf(String actor, Api.Reply page) {
        List<JsonObject> entries = items(page);
        assertTrue(entries.stream().allMatch(e -> actor.equals(e.getString("user_id"))), page::body);
        assertTrue(entries.stream().anyMatch(e -> e.getString("action").equals("auth.login")), page::body);
    }

    private static final List<Arguments> ROWS = new ArrayList<>();

    private static void row(String endpoint, String notFound, Scenario scenario, int anonymous, int guest, int user,
                            int manager, int admin) {
        int[] expected = {anonymous, guest, user, manager, admin};
        for (Who who : Who.values()) {
            ROWS.add(arguments(endpoint, who, expected[who.ordinal()], notFound, scenario));
        }
    }

    static {
        row("GET /api/users?q={another user}", NEVER, c -> {
            JsonObject target = c.otherUser("guest");
            Api.Reply reply = c.call("GET", "/api/users?q=" + Accounts.encode(target.getString("email")), null);
            return new Call(reply, ok -> assertEquals(List.of(target.getString("id")), ids(ok)));
        }, 401, 403, 403, 200, 200);
        row("GET /api/users?include_deleted=true&q={deleted user}", NEVER, c -> {
            JsonObject gone = c.deletedUser();
            Api.Reply reply = c.call("GET", "/api/users?include_deleted=true&q="
                    + Accounts.encode(gone.getString("email")), null);
            return new Call(reply, ok -> {
                assertEquals(List.of(gone.getString("id")), ids(ok));
                Accounts.instant(items(ok).get(0), "deleted_at");
            });
        }, 401, 403, 403, 403, 200);
        row("POST /api/users", NEVER, c -> {
            String email = Api.uniqueEmail("matrix-new");
            Api.Reply reply = c.call("POST", "/api/users", Accounts.body(email, Accounts.password(), "user"));
            return new Call(reply, ok -> {
                assertEquals(email, ok.json().getString("email"));
                assertEquals("user", ok.json().getString("role"));
                assertEquals(ok.json().getString("id"), c.look(ok.json().getString("id")).getString("id"));
            });
        }, 401, 403, 403, 403, 201);
        row("GET /api/users/{another user}", USER_NOT_FOUND, c -> {
            JsonObject target = c.otherUser("user");
            Api.Reply reply = c.call("GET", "/api/users/" + target.getString("id"), null);
            return new Call(reply, ok -> {
                assertEquals(target.getString("id"), ok.json().getString("id"));
                assertEquals(target.getString("email"), ok.json().getString("email"));
            });
        }, 401, 404, 404, 200, 200);
        row("GET /api/users/{self}", USER_NOT_FOUND, c -> {
            String self = c.self();
            Api.Reply reply = c.call("GET", "/api/users/" + self, null);
            return new Call(reply, ok -> {
                assertEquals(self, ok.json().getString("id"));
                assertEquals(c.caller().email(), ok.json().getString("email"));
            });
        }, 401, 200, 200, 200, 200);
        row("GET /api/users/{deleted user}", USER_NOT_FOUND, c -> {
            JsonObject gone = c.deletedUser();
            Api.Reply reply = c.call("GET", "/api/users/" + gone.getString("id"), null);
            return new Call(reply, ok -> {
                assertEquals(gone.getString("id"), ok.json().getString("id"));
                Accounts.instant(ok.json(), "deleted_at");
            });
        }, 401, 404, 404, 404, 200);
        row("GET /api/users/{unknown id}", USER_NOT_FOUND,
                c -> new Call(c.call("GET", "/api/users/" + UUID.randomUUID(), null),
                        ok -> fail("an unknown id is found: " + ok.body())), 401, 404, 404, 404, 404);
        row("PATCH /api/users/{a user} is_active", USER_NOT_FOUND,
                c -> c.patchChecked(c.other("user"), Accounts.flag("is_active", false), "is_active", "false"),
                401, 404, 404, 200, 200);
        row("PATCH /api/users/{a guest} is_active", USER_NOT_FOUND,
                c -> c.patchChecked(c.other("guest"), Accounts.flag("is_active", false), "is_active", "false"),
                401, 404, 404, 200, 200);
        row("PATCH /api/users/{a manager} is_active", USER_NOT_FOUND,
                c -> c.patchChecked(c.other("manager"), Accounts.flag("is_active", false), "is_active", "false"),
                401, 404, 404, 403, 200);
        row("PATCH /api/users/{an admin} is_active", USER_NOT_FOUND,
                c -> c.patchChecked(c.other("admin"), Accounts.flag("is_active", false), "is_active", "false"),
                401, 404, 404, 403, 200);
        row("PATCH /api/users/{a user} role", USER_NOT_FOUND,
                c -> c.patchChecked(c.other("user"), Api.json("role", "guest"), "role", "\"guest\""),
                401, 404, 404, 403, 200);
        row("PATCH /api/users/{a guest} role to admin", USER_NOT_FOUND,
                c -> c.patchChecked(c.other("guest"), Api.json("role", "admin"), "role", "\"admin\""),
                401, 404, 404, 403, 200);
        row("PATCH /api/users/{a user} email", USER_NOT_FOUND, c -> {
            String email = Api.uniqueEmail("matrix-renamed");
            return c.patchChecked(c.other("user"), Api.json("email", email), "email", "\"" + email + "\"");
        }, 401, 404, 404, 403, 200);
        row("PATCH /api/users/{self} is_active", NEVER,
                c -> c.patchChecked(c.self(), Accounts.flag("is_active", true), "is_active", "true"),
                401, 403, 403, 403, 200);
        row("PATCH /api/users/{self} role to admin", NEVER,
                c -> c.patchChecked(c.self(), Api.json("role", "admin"), "role", "\"admin\""),
                401, 403, 403, 403, 200);
        row("DELETE /api/users/{another user}", NEVER, c -> {
            String target = c.other("user");
            Api.Reply reply = c.call("DELETE", "/api/users/" + target, null);
            boolean deleted = !Accounts.absentOrNull(c.look(target), "deleted_at");
            assertEquals(reply.status() == 204, deleted, "deleted_at agrees with the answer");
            return new Call(reply, RoleMatrixIT::noContent);
        }, 401, 403, 403, 403, 204);
        row("POST /api/users/{deleted user}/restore", NEVER, c -> {
            String target = c.deletedUser().getString("id");
            Api.Reply reply = c.call("POST", "/api/users/" + target + "/restore", null);
            boolean restored = Accounts.absentOrNull(c.look(target), "deleted_at");
            assertEquals(reply.status() == 200, restored, "deleted_at agrees with the answer");
            return new Call(reply, ok -> {
                assertEquals(target, ok.json().getString("id"));
                assertTrue(Accounts.absentOrNull(ok.json(), "deleted_at"), ok::body);
            });
        }, 401, 403, 403, 403, 200);
        row("GET /api/users/{another user}/sessions", NEVER, c -> {
            Api.Account target = Accounts.createAndLogin(c.admin(), "user", "matrix-sessions");
            Api.Reply reply = c.call("GET", "/api/users/" + target.id() + "/sessions", null);
            return new Call(reply, ok -> {
                assertEquals(List.of(sid(target)), ids(ok));
                assertFalse(items(ok).get(0).getBoolean("current"), "not the caller's session");
            });
        }, 401, 403, 403, 403, 200);
        row("GET /api/users/{self}/sessions", NEVER, c -> {
            Api.Reply reply = c.call("GET", "/api/users/" + c.self() + "/sessions", null);
            return new Call(reply, ok -> assertEquals(List.of(sid(c.caller())),
                    items(ok).stream().filter(s -> s.getBoolean("current")).map(s -> s.getString("id")).toList()));
        }, 401, 403, 403, 403, 200);
        row("GET /api/sessions", NEVER, c -> {
            Api.Reply reply = c.call("GET", "/api/sessions", null);
            return new Call(reply, ok -> {
                assertEquals(List.of(sid(c.caller())), ids(ok));
                assertTrue(items(ok).get(0).getBoolean("current"));
            });
        }, 401, 200, 200, 200, 200);
        row("DELETE /api/sessions/{own other session}", SESSION_NOT_FOUND, c -> {
            Api.Account owner = c.caller() != null ? c.caller()
                    : Accounts.createAndLogin(c.admin(), "user", "matrix-owner");
            String session = c.sessionOf(owner);
            Api.Reply reply = c.call("DELETE", "/api/sessions/" + session, null);
            return new Call(reply, ok -> {
                noContent(ok);
                assertFalse(Accounts.ids(Accounts.all(owner.accessToken(), "/api/sessions")).contains(session));
            });
        }, 401, 204, 204, 204, 204);
        row("DELETE /api/sessions/{someone else's session}", SESSION_NOT_FOUND, c -> {
            Api.Account owner = Accounts.createAndLogin(c.admin(), "user", "matrix-owner");
            Api.Reply reply = c.call("DELETE", "/api/sessions/" + sid(owner), null);
            int ownerNow = Api.getAs(owner.accessToken(), "/api/sessions").status();
            assertEquals(reply.status() == 204 ? 401 : 200, ownerNow, "the owner's token agrees with the answer");
            return new Call(reply, RoleMatrixIT::noContent);
        }, 401, 404, 404, 404, 204);
        row("GET /api/activity", NEVER, c -> {
            Api.Reply reply = c.call("GET", "/api/activity", null);
            return new Call(reply, ok -> {
                List<JsonObject> entries = items(ok);
                assertTrue(entries.stream().anyMatch(e -> e.getString("user_id").equals(c.caller().id())
                        && e.getString("action").equals("auth.login")), "the caller's own login is listed");
                if (List.of("user", "guest").contains(c.role())) {
                    onlyEntriesOf(c.caller().id(), ok);
                }
            });
        }, 401, 200, 200, 200, 200);
        row("GET /api/activity?user_id={self}", NEVER, c -> {
            String self = c.self();
            return new Call(c.call("GET", "/api/activity?user_id=" + self, null), ok -> onlyEntriesOf(self, ok));
        }, 401, 200, 200, 200, 200);
        row("GET /api/activity?user_id={another user}", NEVER, c -> {
            String other = Accounts.createAndLogin(c.admin(), "user", "matrix-actor").id();
            return new Call(c.call("GET", "/api/activity?user_id=" + other, null), ok -> onlyEntriesOf(other, ok));
        }, 401, 403, 403, 200, 200);
        row("POST /api/auth/mfa/totp", NEVER, c -> {
            String password = c.caller() == null ? "any-password" : c.caller().password();
            Api.Reply reply = c.call("POST", "/api/auth/mfa/totp", Api.json("current_password", password));
            return new Call(reply, ok -> {
                assertTrue(ok.json().getString("secret").matches("[A-Z2-7]{32}"), ok::body);
                assertTrue(ok.json().getString("otpauth_uri").startsWith("otpauth://totp/"), ok::body);
            });
        }, 401, 200, 200, 200, 200);
        row("POST /api/auth/mfa/totp/confirm", NEVER, c -> {
            String code = "123456";
            if (c.caller() != null) {
                Api.Reply enrolled = c.call("POST", "/api/auth/mfa/totp", Api.json("current_password", c.caller().password()));
                assertEquals(200, enrolled.status(), enrolled::body);
                code = new Mfa.Authenticator(enrolled.json().getString("secret")).nextCode();
            }
            Api.Reply reply = c.call("POST", "/api/auth/mfa/totp/confirm", Api.json("code", code));
            return new Call(reply, ok -> {
                assertEquals(10, ok.json().getJsonArray("recovery_codes").size(), ok::body);
                assertTrue(c.look(c.caller().id()).getBoolean("mfa_enabled"));
            });
        }, 401, 200, 200, 200, 200);
        row("POST /api/auth/mfa/totp/disable", NEVER, c -> {
            String body = Api.json("current_password", "any-password", "code", "123456");
            if (c.caller() != null) {
                Mfa.Enabled enabled = Mfa.enable(c.caller());
                body = Api.json("current_password", c.caller().password(), "code", enabled.app().nextCode());
            }
            Api.Reply reply = c.call("POST", "/api/auth/mfa/totp/disable", body);
            return new Call(reply, ok -> {
                noContent(ok);
                assertFalse(c.look(c.caller().id()).getBoolean("mfa_enabled"));
            });
        }, 401, 204, 204, 204, 204);
        row("DELETE /api/users/{another user}/mfa", NEVER, c -> {
            Api.Account target = Accounts.createAndLogin(c.admin(), "user", "matrix-mfa-target");
            Mfa.enable(target);
            Api.Reply reply = c.call("DELETE", "/api/users/" + target.id() + "/mfa", null);
            boolean off = !c.look(target.id()).getBoolean("mfa_enabled");
            assertEquals(reply.status() == 204, off, "mfa_enabled agrees with the answer");
            return new Call(reply, RoleMatrixIT::noContent);
        }, 401, 403, 403, 403, 204);
        row("DELETE /api/users/{unknown id}/mfa", USER_NOT_FOUND,
                c -> new Call(c.call("DELETE", "/api/users/" + UUID.randomUUID() + "/mfa", null),
                        ok -> fail("an unknown id is found: " + ok.body())), 401, 403, 403, 403, 404);
    }

    static Stream<Arguments> matrix() {
        return ROWS.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("matrix")
    void everyRoleGetsTheContractAnswer(String endpoint, Who who, int expected, String notFound, Scenario scenario) {
        String admin = Api.admin().accessToken();
        Api.Account caller = who == Who.ANONYMOUS ? null : Accounts.createAndLogin(admin, who.role, "matrix-" + who.role);

        Call call = scenario.run(new Context(admin, caller));

        Api.Reply reply = call.reply();
        switch (expected) {
            case 401 -> Problems.assertNotAuthenticated(reply);
            case 403 -> Problems.assertForbidden(reply);
            case 404 -> Problems.assertProblem(reply, 404, notFound);
            default -> {
                assertEquals(expected, reply.status(), () -> endpoint + " as " + who + ": " + reply.body());
                Problems.assertSecurityHeaders(reply);
                call.success().accept(reply);
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
                arguments(Who.GUEST, "POST", "/api/users/not-a-uuid/restore", null, 403),
                arguments(Who.ANONYMOUS, "POST", "/api/auth/mfa/totp", "{not json", 401),
                arguments(Who.ANONYMOUS, "POST", "/api/auth/mfa/totp/disable", "{\"code\": 5}", 401),
                arguments(Who.ANONYMOUS, "DELETE", "/api/users/not-a-uuid/mfa", null, 401),
                arguments(Who.MANAGER, "DELETE", "/api/users/not-a-uuid/mfa", null, 403));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @MethodSource("protectedBeforeBody")
    void protectedRouteRefusesBeforeReadingTheRequest(Who who, String method, String path, String body, int expected) {
        String admin = Api.admin().accessToken();
        Api.Account caller = who == Who.ANONYMOUS ? null : Accounts.createAndLogin(admin, who.role, "matrix-" + who.role);

        Api.Reply reply = Accounts.as(caller == null ? null : caller.accessToken(), method, path, body);

        if (expected == 401) {
            Problems.assertNotAuthenticated(reply);
        } else {
            Problems.assertForbidden(reply);
        }
    }
}
