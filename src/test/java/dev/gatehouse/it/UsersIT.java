package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Creating, reading, changing, soft-deleting, restoring and listing accounts through {@code /api/users}. */
class UsersIT extends ApiTestBase {

    private static final String EMAIL_TAKEN = "Email already registered";
    private static final String USER_NOT_FOUND = "User not found";
    private static final String LAST_ADMIN = "The last active admin cannot be deleted, demoted or deactivated";

    private String admin;

    @BeforeEach
    void logInAdmin() {
        admin = Api.admin().accessToken();
    }

    private Api.Reply get(String id) {
        return Api.getAs(admin, "/api/users/" + id);
    }

    private Api.Reply patch(String id, String body) {
        return Api.jsonAs(admin, "PATCH", "/api/users/" + id, body);
    }

    private Api.Reply delete(String id) {
        return Api.jsonAs(admin, "DELETE", "/api/users/" + id, null);
    }

    private Api.Reply restore(String id) {
        return Api.jsonAs(admin, "POST", "/api/users/" + id + "/restore", null);
    }

    private JsonObject newUser(String role) {
        return Accounts.create(admin, Api.uniqueEmail("users"), Accounts.password(), role);
    }

    // --- create -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"admin", "manager", "user", "guest"})
    void adminCreatesAnAccountOfAnyRole(String role) {
        String email = Api.uniqueEmail("create-" + role);
        String password = Accounts.password();

        Api.Reply reply = Api.jsonAs(admin, "POST", "/api/users", Accounts.body(email, password, role));

        assertEquals(201, reply.status(), reply::body);
        JsonObject user = reply.json();
        UUID.fromString(user.getString("id"));
        assertEquals(email, user.getString("email"));
        assertEquals(role, user.getString("role"));
        assertTrue(user.getBoolean("is_active"));
        assertEquals(Accounts.instant(user, "created_at"), Accounts.instant(user, "updated_at"));
        assertTrue(Accounts.absentOrNull(user, "deleted_at"));
        assertFalse(user.containsKey("password") || user.containsKey("password_hash"), reply::body);
        Problems.assertMentionsNone(reply, password);
        assertEquals(role, Accounts.login(email, password).tokens().getJsonObject("user").getString("role"));
    }

    @Test
    void createdEmailIsTrimmedAndLowerCased() {
        String email = Api.uniqueEmail("MixedCase");

        Api.Reply reply = Api.jsonAs(admin, "POST", "/api/users",
                Accounts.body("  " + email.toUpperCase(Locale.ROOT) + " ", Accounts.password(), "user"));

        assertEquals(201, reply.status(), reply::body);
        assertEquals(email.toLowerCase(Locale.ROOT), reply.json().getString("email"));
    }

    @Test
    void createWithATakenEmailInAnyCaseConflicts() {
        String email = Api.uniqueEmail("taken");
        Accounts.create(admin, email, Accounts.password(), "user");

        Api.Reply reply = Api.jsonAs(admin, "POST", "/api/users",
                Accounts.body(email.toUpperCase(Locale.ROOT), Accounts.password(), "manager"));

        Problems.assertProblem(reply, 409, EMAIL_TAKEN);
    }

    @Test
    void createWithTheEmailOfARegisteredUserConflicts() {
        Api.Account registered = Api.newAccount("registered");

        Api.Reply reply = Api.jsonAs(admin, "POST", "/api/users",
                Accounts.body(registered.email(), Accounts.password(), "user"));

        Problems.assertProblem(reply, 409, EMAIL_TAKEN);
    }

    @Test
    void concurrentCreatesOfOneEmailMakeOneAccount() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                String email = Api.uniqueEmail("twice");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Api.Reply>> sent = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    sent.add(pool.submit(() -> {
                        start.await();
                        return Api.jsonAs(admin, "POST", "/api/users", Accounts.body(email, Accounts.password(), "user"));
                    }));
                }
                start.countDown();
                List<Api.Reply> replies = new ArrayList<>();
                for (Future<Api.Reply> reply : sent) {
                    replies.add(reply.get());
                }

                assertEquals(1, replies.stream().filter(r -> r.status() == 201).count(), replies::toString);
                replies.stream().filter(r -> r.status() != 201)
                        .forEach(r -> Problems.assertProblem(r, 409, EMAIL_TAKEN));
                assertEquals(1, Accounts.all(admin, "/api/users?q=" + Accounts.encode(email)).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"superuser\"", "\"Admin\"", "\"\"", "5", "true", "null", "[\"admin\"]"})
    void createWithABadRoleIsRefused(String role) {
        String body = "{\"email\": \"" + Api.uniqueEmail("badrole") + "\", \"password\": \"" + Accounts.password()
                + "\", \"role\": " + role + "}";

        Api.Reply reply = Api.jsonAs(admin, "POST", "/api/users", body);

        Problems.assertFieldErrors(reply, "role");
    }

    @Test
    void createWithoutARoleIsRefused() {
        Api.Reply reply = Api.jsonAs(admin, "POST", "/api/users",
                Api.json("email", Api.uniqueEmail("norole"), "password", Accounts.password()));

        Problems.assertFieldErrors(reply, "role");
    }

    @Test
    void createWithAShortPasswordIsRefused() {
        Api.Reply reply = Api.jsonAs(admin, "POST", "/api/users",
                Accounts.body(Api.uniqueEmail("shortpw"), "short", "user"));

        Problems.assertFieldErrors(reply, "password");
    }

    // --- read ---------------------------------------------------------------------------------

    @Test
    void adminAndManagerReadAUser() {
        JsonObject user = newUser("guest");
        String manager = Accounts.createAndLogin(admin, "manager", "reader").accessToken();

        Api.Reply byAdmin = get(user.getString("id"));
        Api.Reply byManager = Api.getAs(manager, "/api/users/" + user.getString("id"));

        assertEquals(200, byAdmin.status(), byAdmin::body);
        assertEquals(200, byManager.status(), byManager::body);
        for (JsonObject seen : List.of(byAdmin.json(), byManager.json())) {
            assertEquals(user.getString("email"), seen.getString("email"));
            assertEquals("guest", seen.getString("role"));
            assertTrue(seen.getBoolean("is_active"));
            assertEquals(user.getString("created_at"), seen.getString("created_at"));
        }
    }

    @Test
    void userReadsItselfButNotOthers() {
        Api.Account me = Accounts.createAndLogin(admin, "user", "self");
        String other = newUser("user").getString("id");

        Api.Reply mine = Api.getAs(me.accessToken(), "/api/users/" + me.id());
        Api.Reply theirs = Api.getAs(me.accessToken(), "/api/users/" + other);

        assertEquals(200, mine.status(), mine::body);
        assertEquals(me.email(), mine.json().getString("email"));
        Problems.assertProblem(theirs, 404, USER_NOT_FOUND);
    }

    @Test
    void adminSeesADeletedUserWithDeletedAtAndManagerGets404() {
        String id = newUser("user").getString("id");
        assertEquals(204, delete(id).status());
        String manager = Accounts.createAndLogin(admin, "manager", "deleted-reader").accessToken();

        Api.Reply byAdmin = get(id);
        Api.Reply byManager = Api.getAs(manager, "/api/users/" + id);
        Api.Reply managerPatch = Api.jsonAs(manager, "PATCH", "/api/users/" + id, Accounts.flag("is_active", false));

        assertEquals(200, byAdmin.status(), byAdmin::body);
        Instant deletedAt = Accounts.instant(byAdmin.json(), "deleted_at");
        assertFalse(deletedAt.isBefore(Accounts.instant(byAdmin.json(), "created_at")));
        Problems.assertProblem(byManager, 404, USER_NOT_FOUND);
        Problems.assertProblem(managerPatch, 404, USER_NOT_FOUND);
    }

    // --- patch --------------------------------------------------------------------------------

    @Test
    void adminChangesTheRole() {
        String id = newUser("user").getString("id");

        Api.Reply reply = patch(id, Api.json("role", "manager"));

        assertEquals(200, reply.status(), reply::body);
        assertEquals("manager", reply.json().getString("role"));
        assertEquals("manager", get(id).json().getString("role"));
    }

    @Test
    void adminDeactivatesAndReactivates() {
        String id = newUser("user").getString("id");

        Api.Reply off = patch(id, Accounts.flag("is_active", false));
        JsonObject afterOff = get(id).json();
        Api.Reply on = patch(id, Accounts.flag("is_active", true));

        assertEquals(200, off.status(), off::body);
        assertFalse(off.json().getBoolean("is_active"));
        assertFalse(afterOff.getBoolean("is_active"));
        assertEquals(200, on.status(), on::body);
        assertTrue(on.json().getBoolean("is_active"));
        assertTrue(get(id).json().getBoolean("is_active"));
    }

    @Test
    void adminChangesTheEmailWhichIsStoredLowerCased() {
        JsonObject user = newUser("user");
        String email = Api.uniqueEmail("Renamed");

        Api.Reply reply = patch(user.getString("id"), Api.json("email", email.toUpperCase(Locale.ROOT)));

        assertEquals(200, reply.status(), reply::body);
        assertEquals(email.toLowerCase(Locale.ROOT), reply.json().getString("email"));
        assertEquals(email.toLowerCase(Locale.ROOT), get(user.getString("id")).json().getString("email"));
        assertFalse(Accounts.instant(reply.json(), "updated_at").isBefore(Accounts.instant(user, "updated_at")));
    }

    @Test
    void patchToATakenEmailConflictsAndChangesNothing() {
        JsonObject user = newUser("user");
        JsonObject other = newUser("user");

        Api.Reply reply = patch(user.getString("id"),
                Api.json("email", other.getString("email").toUpperCase(Locale.ROOT), "role", "guest"));

        Problems.assertProblem(reply, 409, EMAIL_TAKEN);
        JsonObject now = get(user.getString("id")).json();
        assertEquals(user.getString("email"), now.getString("email"));
        assertEquals("user", now.getString("role"));
    }

    @Test
    void emptyPatchLeavesTheUserUnchanged() {
        JsonObject user = newUser("manager");

        Api.Reply reply = patch(user.getString("id"), "{}");

        assertEquals(200, reply.status(), reply::body);
        for (String field : List.of("id", "email", "role", "is_active", "created_at", "updated_at")) {
            assertEquals(user.get(field), reply.json().get(field), field);
            assertEquals(user.get(field), get(user.getString("id")).json().get(field), field);
        }
    }

    @Test
    void patchWithNullFieldsIsAWrongTypeAndChangesNothing() {
        JsonObject user = newUser("guest");

        Api.Reply reply = patch(user.getString("id"), "{\"email\": null, \"role\": null, \"is_active\": null}");

        Problems.assertFieldErrors(reply, "email", "is_active", "role");
        JsonObject after = get(user.getString("id")).json();
        for (String field : List.of("email", "role", "is_active", "updated_at")) {
            assertEquals(user.get(field), after.get(field), field);
        }
    }

    @Test
    void patchWithAbsentFieldsLeavesThemUnchanged() {
        JsonObject user = newUser("guest");

        Api.Reply reply = patch(user.getString("id"), "{\"is_active\": false}");

        assertEquals(200, reply.status(), reply::body);
        assertEquals(user.get("email"), reply.json().get("email"));
        assertEquals(user.get("role"), reply.json().get("role"));
        assertFalse(reply.json().getBoolean("is_active"));
    }

    @Test
    void patchWithWrongTypesIsRefused() {
        String id = newUser("user").getString("id");

        Problems.assertFieldErrors(patch(id, "{\"is_active\": \"false\"}"), "is_active");
        Problems.assertFieldErrors(patch(id, "{\"role\": \"superuser\"}"), "role");
        Problems.assertFieldErrors(patch(id, "{\"email\": 42}"), "email");
        Problems.assertFieldErrors(patch(id, Api.json("email", "not-an-email")), "email");
        assertTrue(get(id).json().getBoolean("is_active"));
    }

    @Test
    void patchWithoutJsonContentTypeIs415() {
        String id = newUser("user").getString("id");

        Api.Reply reply = Api.send("PATCH", "/api/users/" + id, "{\"is_active\": false}",
                "Authorization", "Bearer " + admin, "Content-Type", "text/plain");

        Problems.assertProblem(reply, 415, "Unsupported media type: send application/json");
        assertTrue(get(id).json().getBoolean("is_active"));
    }

    @Test
    void methodsWithoutARouteAre405() {
        String id = newUser("user").getString("id");

        Problems.assertProblem(Api.jsonAs(admin, "PUT", "/api/users/" + id, Api.json("role", "admin")), 405, "Method not allowed");
        Problems.assertProblem(Api.jsonAs(admin, "POST", "/api/users/" + id, Api.json("role", "admin")), 405, "Method not allowed");
        Problems.assertProblem(Api.jsonAs(admin, "DELETE", "/api/users", null), 405, "Method not allowed");
        Problems.assertProblem(Api.jsonAs(admin, "GET", "/api/users/" + id + "/restore", null), 405, "Method not allowed");
        assertEquals("user", get(id).json().getString("role"));
    }

    // --- delete and restore -------------------------------------------------------------------

    @Test
    void deleteRefusesLoginAndFreesTheEmail() {
        String email = Api.uniqueEmail("deleted");
        String password = Accounts.password();
        String id = Accounts.create(admin, email, password, "user").getString("id");

        Api.Reply deleted = delete(id);
        Api.Reply login = Api.login(email, password);
        Api.Reply again = Api.jsonAs(admin, "POST", "/api/users",
                Accounts.body(email.toUpperCase(Locale.ROOT), Accounts.password(), "guest"));

        assertEquals(204, deleted.status(), deleted::body);
        assertTrue(deleted.body().isEmpty());
        Problems.assertInvalidCredentials(login);
        assertEquals(201, again.status(), again::body);
        assertNotEquals(id, again.json().getString("id"));
        assertEquals(email, again.json().getString("email"));
    }

    @Test
    void registeringTheEmailOfADeletedUserWorks() {
        String email = Api.uniqueEmail("reregister");
        String id = Accounts.create(admin, email, Accounts.password(), "user").getString("id");
        assertEquals(204, delete(id).status());

        Api.Reply reply = Api.register(email, Accounts.password());

        assertEquals(201, reply.status(), reply::body);
    }

    @Test
    void restoreConflictsWhenTheEmailWasTakenMeanwhile() {
        String email = Api.uniqueEmail("restore-taken");
        String id = Accounts.create(admin, email, Accounts.password(), "user").getString("id");
        assertEquals(204, delete(id).status());
        Accounts.create(admin, email, Accounts.password(), "guest");

        Api.Reply reply = restore(id);

        Problems.assertProblem(reply, 409, EMAIL_TAKEN);
        assertFalse(Accounts.absentOrNull(get(id).json(), "deleted_at"));
    }

    @Test
    void restoreBringsTheAccountBack() {
        String email = Api.uniqueEmail("restored");
        String password = Accounts.password();
        String id = Accounts.create(admin, email, password, "manager").getString("id");
        assertEquals(204, delete(id).status());

        Api.Reply reply = restore(id);

        assertEquals(200, reply.status(), reply::body);
        assertEquals(id, reply.json().getString("id"));
        assertEquals("manager", reply.json().getString("role"));
        assertTrue(Accounts.absentOrNull(reply.json(), "deleted_at"));
        assertTrue(Accounts.absentOrNull(get(id).json(), "deleted_at"));
        assertEquals(id, Accounts.login(email, password).id());
    }

    @Test
    void restoringAUserWhoIsNotDeletedConflicts() {
        String id = newUser("user").getString("id");

        Problems.assertProblem(restore(id), 409, "User is not deleted");
    }

    @Test
    void deletingADeletedUserIsNotFound() {
        String id = newUser("user").getString("id");
        assertEquals(204, delete(id).status());

        Problems.assertProblem(delete(id), 404, USER_NOT_FOUND);
    }

    @Test
    void unknownIdsAreNotFound() {
        String unknown = UUID.randomUUID().toString();

        Problems.assertProblem(get(unknown), 404, USER_NOT_FOUND);
        Problems.assertProblem(patch(unknown, Accounts.flag("is_active", false)), 404, USER_NOT_FOUND);
        Problems.assertProblem(delete(unknown), 404, USER_NOT_FOUND);
        Problems.assertProblem(restore(unknown), 404, USER_NOT_FOUND);
        Problems.assertProblem(Api.getAs(admin, "/api/users/" + unknown + "/sessions"), 404, USER_NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "12345", "00000000-0000-0000-0000-00000000000g",
        "00000000000000000000000000000000", "0-0-0-0-0"})
    void badUuidsAreBadRequests(String id) {
        Problems.assertInvalidParameter(get(id), "id");
        Problems.assertInvalidParameter(patch(id, Accounts.flag("is_active", false)), "id");
        Problems.assertInvalidParameter(delete(id), "id");
        Problems.assertInvalidParameter(restore(id), "id");
        Problems.assertInvalidParameter(Api.getAs(admin, "/api/users/" + id + "/sessions"), "id");
    }

    // --- the last active admin ----------------------------------------------------------------

    /**
     * Reactivates the admins set aside and, should the guard have failed, repairs the bootstrap
     * admin so one broken rule does not fail every later test.
     */
    private static void putBack(String bootstrap, List<Object> others) {
        for (Object other : others) {
            TestDatabase.update("UPDATE users SET is_active = TRUE WHERE id = ?", other);
        }
        TestDatabase.update("UPDATE users SET role = 'admin', is_active = TRUE, deleted_at = NULL"
                + " WHERE id = ?::uuid AND (role <> 'admin' OR NOT is_active OR deleted_at IS NOT NULL)", bootstrap);
    }

    @Test
    void theOnlyActiveAdminCannotBeDeletedDemotedOrDeactivated() {
        String bootstrap = Api.admin().id();
        // Other tests leave admins behind: set them aside in the database (no sessions revoked,
        // no activity written) so the bootstrap admin is the only active one, then put them back.
        List<Object> others = TestDatabase.query("SELECT id FROM users WHERE role = 'admin' AND is_active"
                + " AND deleted_at IS NULL AND id <> ?::uuid", bootstrap).stream().map(row -> row[0]).toList();
        try {
            for (Object other : others) {
                TestDatabase.update("UPDATE users SET is_active = FALSE WHERE id = ?", other);
            }

            Problems.assertProblem(delete(bootstrap), 409, LAST_ADMIN);
            Problems.assertProblem(patch(bootstrap, Api.json("role", "manager")), 409, LAST_ADMIN);
            Problems.assertProblem(patch(bootstrap, Accounts.flag("is_active", false)), 409, LAST_ADMIN);
            Problems.assertProblem(patch(bootstrap, "{\"role\": \"user\", \"is_active\": false}"), 409, LAST_ADMIN);
        } finally {
            putBack(bootstrap, others);
        }
        JsonObject me = get(bootstrap).json();
        assertEquals("admin", me.getString("role"));
        assertTrue(me.getBoolean("is_active"));
        assertTrue(Accounts.absentOrNull(me, "deleted_at"));
    }

    @Test
    void theLastAdminGuardCountsOnlyActiveAdmins() {
        String bootstrap = Api.admin().id();
        String inactive = newUser("admin").getString("id");
        assertEquals(200, patch(inactive, Accounts.flag("is_active", false)).status());
        List<Object> others = TestDatabase.query("SELECT id FROM users WHERE role = 'admin' AND is_active"
                + " AND deleted_at IS NULL AND id <> ?::uuid", bootstrap).stream().map(row -> row[0]).toList();
        try {
            for (Object other : others) {
                TestDatabase.update("UPDATE users SET is_active = FALSE WHERE id = ?", other);
            }

            Problems.assertProblem(patch(bootstrap, Api.json("role", "guest")), 409, LAST_ADMIN);
        } finally {
            putBack(bootstrap, others);
        }
        assertEquals("admin", get(bootstrap).json().getString("role"));
    }

    @Test
    void withAnotherActiveAdminAnAdminCanBeDemotedDeactivatedAndDeleted() {
        String demoted = newUser("admin").getString("id");
        String deactivated = newUser("admin").getString("id");
        String deleted = newUser("admin").getString("id");

        Api.Reply demote = patch(demoted, Api.json("role", "user"));
        Api.Reply deactivate = patch(deactivated, Accounts.flag("is_active", false));
        Api.Reply delete = delete(deleted);

        assertEquals(200, demote.status(), demote::body);
        assertEquals("user", demote.json().getString("role"));
        assertEquals(200, deactivate.status(), deactivate::body);
        assertFalse(deactivate.json().getBoolean("is_active"));
        assertEquals(204, delete.status(), delete::body);
    }

    @Test
    void anAdminMayRemoveItselfWhileAnotherAdminIsActive() {
        Api.Account second = Accounts.createAndLogin(admin, "admin", "second-admin");

        Api.Reply reply = Api.jsonAs(second.accessToken(), "PATCH", "/api/users/" + second.id(),
                Api.json("role", "manager"));

        assertEquals(200, reply.status(), reply::body);
        assertEquals("manager", get(second.id()).json().getString("role"));
    }

    // --- list and filters ---------------------------------------------------------------------

    /** Accounts whose emails share a fresh marker, so a {@code q} filter isolates them. */
    private List<JsonObject> marked(String marker, String... roles) {
        List<JsonObject> created = new ArrayList<>();
        for (String role : roles) {
            created.add(Accounts.create(admin, marker + "-" + UUID.randomUUID().toString().substring(0, 6)
                    + "@example.test", Accounts.password(), role));
        }
        return created;
    }

    private static String marker(String hint) {
        return hint + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private Set<String> listIds(String token, String query) {
        return Accounts.all(token, "/api/users?" + query).stream().map(u -> u.getString("id"))
                .collect(Collectors.toSet());
    }

    private static Set<String> idsOf(List<JsonObject> users) {
        return users.stream().map(u -> u.getString("id")).collect(Collectors.toSet());
    }

    @Test
    void listFiltersByRole() {
        String marker = marker("role");
        List<JsonObject> users = marked(marker, "manager", "user", "manager", "guest");

        Set<String> managers = listIds(admin, "q=" + marker + "&role=manager");

        assertEquals(Set.of(users.get(0).getString("id"), users.get(2).getString("id")), managers);
        Problems.assertInvalidParameter(Api.getAs(admin, "/api/users?role=superuser"), "role");
        Problems.assertInvalidParameter(Api.getAs(admin, "/api/users?role=Admin"), "role");
    }

    @Test
    void listFiltersByActivity() {
        String marker = marker("active");
        List<JsonObject> users = marked(marker, "user", "guest", "user");
        String inactive = users.get(1).getString("id");
        assertEquals(200, patch(inactive, Accounts.flag("is_active", false)).status());

        Set<String> off = listIds(admin, "q=" + marker + "&is_active=false");
        Set<String> on = listIds(admin, "q=" + marker + "&is_active=true");

        assertEquals(Set.of(inactive), off);
        assertEquals(Set.of(users.get(0).getString("id"), users.get(2).getString("id")), on);
        Problems.assertInvalidParameter(Api.getAs(admin, "/api/users?is_active=yes"), "is_active");
    }

    @Test
    void listQueryIsACaseInsensitiveSubstring() {
        String marker = marker("needle");
        List<JsonObject> users = marked(marker, "user", "guest");

        Set<String> upper = listIds(admin, "q=" + marker.toUpperCase(Locale.ROOT));
        Set<String> middle = listIds(admin, "q=" + marker.substring(3, 9).toUpperCase(Locale.ROOT));

        assertEquals(idsOf(users), upper);
        assertTrue(middle.containsAll(idsOf(users)));
    }

    @Test
    void listQueryMatchesPercentAndUnderscoreLiterally() {
        String marker = marker("lit");
        String underscore = Accounts.create(admin, marker + "a_b@example.test", Accounts.password(), "user")
                .getString("id");
        String letter = Accounts.create(admin, marker + "axb@example.test", Accounts.password(), "user")
                .getString("id");
        String percent = Accounts.create(admin, marker + "c%d@example.test", Accounts.password(), "user")
                .getString("id");
        String plain = Accounts.create(admin, marker + "cxxd@example.test", Accounts.password(), "user")
                .getString("id");
        String bang = Accounts.create(admin, marker + "e!f@example.test", Accounts.password(), "user")
                .getString("id");

        assertEquals(Set.of(underscore), listIds(admin, "q=" + Accounts.encode(marker + "a_b")));
        assertEquals(Set.of(percent), listIds(admin, "q=" + Accounts.encode(marker + "c%d")));
        assertEquals(Set.of(bang), listIds(admin, "q=" + Accounts.encode(marker + "e!f")));
        assertEquals(Set.of(), listIds(admin, "q=" + Accounts.encode(marker + "%")));
        assertEquals(Set.of(), listIds(admin, "q=" + Accounts.encode(marker + "_")));
        assertEquals(Set.of(underscore, letter, percent, plain, bang), listIds(admin, "q=" + marker));
    }

    @Test
    void deletedUsersAreListedOnlyForAdminsWhoAskForThem() {
        String marker = marker("gone");
        List<JsonObject> users = marked(marker, "user", "user");
        String gone = users.get(0).getString("id");
        assertEquals(204, delete(gone).status());
        String manager = Accounts.createAndLogin(admin, "manager", "lister").accessToken();

        Set<String> normal = listIds(admin, "q=" + marker);
        List<JsonObject> withDeleted = Accounts.all(admin, "/api/users?include_deleted=true&q=" + marker);
        Api.Reply managerAsks = Api.getAs(manager, "/api/users?include_deleted=true&q=" + marker);

        assertEquals(Set.of(users.get(1).getString("id")), normal);
        assertEquals(idsOf(users), idsOf(withDeleted));
        JsonObject deleted = withDeleted.stream().filter(u -> u.getString("id").equals(gone)).findFirst().orElseThrow();
        Accounts.instant(deleted, "deleted_at");
        Problems.assertForbidden(managerAsks);
        assertEquals(Set.of(users.get(1).getString("id")), listIds(manager, "q=" + marker));
        Problems.assertInvalidParameter(Api.getAs(admin, "/api/users?include_deleted=maybe"), "include_deleted");
    }

    @Test
    void listItemsHaveTheUserFieldsAndNoSecrets() {
        String marker = marker("fields");
        String password = Accounts.password();
        JsonObject created = Accounts.create(admin, marker + "@example.test", password, "guest");

        Api.Reply reply = Api.getAs(admin, "/api/users?q=" + marker);

        assertEquals(200, reply.status(), reply::body);
        JsonObject page = reply.json();
        assertEquals(Set.of("items", "next_cursor"), page.keySet());
        assertTrue(page.isNull("next_cursor"));
        JsonObject item = page.getJsonArray("items").getJsonObject(0);
        for (String field : List.of("id", "email", "role", "is_active", "created_at", "updated_at")) {
            assertEquals(created.get(field), item.get(field), field);
        }
        assertFalse(item.containsKey("password") || item.containsKey("password_hash"));
        Problems.assertMentionsNone(reply, password, "$2a$", "$2b$", "$2y$");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "abc", "1.5", "", "99999999999"})
    void listLimitOutsideOneToHundredIsRefused(String limit) {
        Problems.assertInvalidParameter(Api.getAs(admin, "/api/users?limit=" + limit), "limit");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void listLimitBoundsAreAccepted(int limit) {
        Api.Reply reply = Api.getAs(admin, "/api/users?limit=" + limit);

        assertEquals(200, reply.status(), reply::body);
        assertTrue(reply.json().getJsonArray("items").size() <= limit);
        assertFalse(reply.json().getJsonArray("items").isEmpty());
    }

    @Test
    void listDefaultsToTwentyItems() {
        marked(marker("default"), "guest", "guest");
        for (int i = 0; i < 20; i++) {
            newUser("guest");
        }

        Api.Reply reply = Api.getAs(admin, "/api/users");

        assertEquals(200, reply.status(), reply::body);
        assertEquals(20, reply.json().getJsonArray("items").size());
        assertFalse(reply.json().isNull("next_cursor"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "!!!!", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "_____________________________w"})
    void listWithABadCursorIsRefused(String cursor) {
        Problems.assertInvalidParameter(Api.getAs(admin, "/api/users?cursor=" + Accounts.encode(cursor)), "cursor");
    }
}
