package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The activity log: who sees which entries, its filters, what these sections record, and that it is read-only. */
class ActivityIT extends ApiTestBase {

    private static final Set<String> FIELDS = Set.of("id", "user_id", "action", "ip_address", "user_agent",
            "details", "created_at");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private String root;
    /** An admin of this test alone, so its entries are exactly the ones the test caused. */
    private Api.Account actor;

    @BeforeEach
    void arrange() {
        root = Api.admin().accessToken();
        actor = Accounts.createAndLogin(root, "admin", "activity-actor");
    }

    private List<JsonObject> entries(String token, String query) {
        return Accounts.all(token, "/api/activity?" + (query.contains("limit=") ? "" : "limit=100&") + query);
    }

    private List<JsonObject> byActor(String action) {
        return entries(actor.accessToken(), "user_id=" + actor.id() + "&action=" + action);
    }

    private static String target(JsonObject entry) {
        return entry.getJsonObject("details").getString("target_user_id", null);
    }

    private static String micros(Instant instant) {
        return MICROS.format(instant);
    }

    /** Asserts {@code entries} hold exactly one {@code action} by the actor about {@code targetId}; returns it. */
    private JsonObject single(String action, String targetId) {
        List<JsonObject> found = byActor(action).stream().filter(e -> targetId.equals(target(e))).toList();
        assertEquals(1, found.size(), () -> action + " entries about " + targetId + ": " + found);
        JsonObject entry = found.get(0);
        assertEquals(FIELDS, entry.keySet());
        assertEquals(actor.id(), entry.getString("user_id"));
        assertEquals(action, entry.getString("action"));
        assertEquals(JsonValue.ValueType.OBJECT, entry.get("details").getValueType());
        Accounts.instant(entry, "created_at");
        return entry;
    }

    // --- who sees what ------------------------------------------------------------------------

    @Test
    void managersAndAdminsSeeEveryonesEntries() {
        Api.Account user = Accounts.createAndLogin(actor.accessToken(), "user", "seen");
        String manager = Accounts.createAndLogin(root, "manager", "watcher").accessToken();
        String since = Accounts.instant(single("user.created", user.id()), "created_at").toString();

        for (String token : List.of(manager, actor.accessToken(), root)) {
            List<JsonObject> logins = entries(token, "action=auth.login&since=" + since);
            Set<String> actors = logins.stream().map(e -> e.getString("user_id")).collect(Collectors.toSet());
            assertTrue(actors.contains(user.id()), () -> "the user's login is visible: " + actors);
            assertTrue(actors.size() >= 2, () -> "logins of several users: " + actors);
            List<JsonObject> theirs = entries(token, "user_id=" + user.id());
            assertTrue(theirs.stream().anyMatch(e -> e.getString("action").equals("auth.login")));
            assertTrue(theirs.stream().allMatch(e -> user.id().equals(e.getString("user_id"))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "guest"})
    void usersAndGuestsSeeOnlyTheirOwnEntries(String role) {
        Api.Account me = Accounts.createAndLogin(root, role, "own-" + role);
        Accounts.loginAgain(me);
        Api.Account other = Accounts.createAndLogin(root, "user", "other");

        List<JsonObject> unfiltered = entries(me.accessToken(), "");
        List<JsonObject> mine = entries(me.accessToken(), "user_id=" + me.id());
        Api.Reply theirs = Api.getAs(me.accessToken(), "/api/activity?user_id=" + other.id());
        Api.Reply adminsEntries = Api.getAs(me.accessToken(), "/api/activity?user_id=" + actor.id());

        assertEquals(2, unfiltered.stream().filter(e -> e.getString("action").equals("auth.login")).count());
        assertTrue(unfiltered.stream().allMatch(e -> me.id().equals(e.getString("user_id"))), unfiltered::toString);
        assertEquals(Accounts.ids(unfiltered), Accounts.ids(mine));
        Problems.assertForbidden(theirs);
        Problems.assertForbidden(adminsEntries);
    }

    // --- filters ------------------------------------------------------------------------------

    @Test
    void sinceIsInclusiveAndUntilExclusive() {
        String id = Accounts.create(actor.accessToken(), Api.uniqueEmail("window"), Accounts.password(), "user")
                .getString("id");
        JsonObject entry = single("user.created", id);
        Instant at = Accounts.instant(entry, "created_at");
        String base = "user_id=" + actor.id() + "&action=user.created&";

        assertTrue(Accounts.ids(entries(root, base + "since=" + micros(at))).contains(entry.getString("id")));
        assertTrue(Accounts.ids(entries(root, base + "since=" + entry.getString("created_at")))
                .contains(entry.getString("id")));
        assertFalse(Accounts.ids(entries(root, base + "since=" + micros(at.plus(1, ChronoUnit.MICROS))))
                .contains(entry.getString("id")));
        assertFalse(Accounts.ids(entries(root, base + "until=" + micros(at))).contains(entry.getString("id")));
        assertTrue(Accounts.ids(entries(root, base + "until=" + micros(at.plus(1, ChronoUnit.MICROS))))
                .contains(entry.getString("id")));
        assertEquals(List.of(entry.getString("id")), Accounts.ids(entries(root,
                base + "since=" + micros(at) + "&until=" + micros(at.plus(1, ChronoUnit.MICROS)))));
    }

    @Test
    void sinceAndUntilAcceptWholeSecondsAndFractions() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (String since : List.of(now.minusSeconds(60).toString(), "2020-01-01T00:00:00.5Z",
                "2020-01-01T00:00:00.123456Z")) {
            Api.Reply reply = Api.getAs(root, "/api/activity?limit=1&since=" + since);
            assertEquals(200, reply.status(), () -> since + ": " + reply.body());
        }
    }

    @Test
    void filtersByUserAndAction() {
        Api.Account user = Accounts.createAndLogin(actor.accessToken(), "user", "filtered");
        Accounts.loginAgain(user);
        assertEquals(200, Api.jsonAs(actor.accessToken(), "PATCH", "/api/users/" + user.id(),
                Api.json("role", "guest")).status());

        List<JsonObject> logins = entries(root, "user_id=" + user.id() + "&action=auth.login");
        List<JsonObject> updates = entries(root, "action=user.updated&user_id=" + actor.id());
        List<JsonObject> all = entries(root, "user_id=" + user.id());

        assertEquals(2, logins.size());
        assertTrue(logins.stream().allMatch(e -> e.getString("action").equals("auth.login")
                && e.getString("user_id").equals(user.id())));
        assertEquals(1, updates.size());
        assertEquals(user.id(), target(updates.get(0)));
        assertTrue(all.size() >= 2 && all.stream().allMatch(e -> e.getString("user_id").equals(user.id())));
        assertTrue(entries(root, "action=user.nothing_like_this").isEmpty());
    }

    @Test
    void entriesAreNewestFirst() {
        for (int i = 0; i < 3; i++) {
            Accounts.create(actor.accessToken(), Api.uniqueEmail("order"), Accounts.password(), "guest");
        }

        List<JsonObject> listed = entries(root, "user_id=" + actor.id() + "&limit=2");

        assertTrue(listed.size() >= 4, listed::toString);
        assertEquals(listed.size(), Set.copyOf(Accounts.ids(listed)).size(), "no repeats across pages");
        for (int i = 1; i < listed.size(); i++) {
            Instant previous = Accounts.instant(listed.get(i - 1), "created_at");
            Instant current = Accounts.instant(listed.get(i), "created_at");
            assertFalse(current.isAfter(previous), "newest first at " + i);
        }
        assertEquals("auth.login", listed.get(listed.size() - 1).getString("action"), "the actor's first act");
    }

    @ParameterizedTest
    @ValueSource(strings = {"since=yesterday", "since=2026-01-01", "since=2026-01-01T00:00:00",
        "since=2026-01-01T00:00:00%2B00:00", "since=2026-01-01T00:00:00.1234567Z", "since=2026-13-01T00:00:00Z",
        "since=2026-01-01+00:00:00Z", "until=nope", "until=2026-02-30T00:00:00Z", "user_id=not-a-uuid",
        "user_id=12", "limit=0", "limit=101", "limit=abc", "cursor=bogus", "action=BAD", "action=nodot"})
    void badQueryValuesAreBadRequests(String query) {
        String field = query.substring(0, query.indexOf('='));

        Problems.assertInvalidParameter(Api.getAs(root, "/api/activity?" + query), field);
    }

    // --- what is recorded ---------------------------------------------------------------------

    @Test
    void everyChangeOfTheseSectionsIsRecordedWithActorAndTarget() {
        String password = Accounts.password();
        String email = Api.uniqueEmail("recorded");
        String id = Accounts.create(actor.accessToken(), email, password, "user").getString("id");
        Api.Account target = Accounts.login(email, password);
        Api.Account targetSecond = Accounts.loginAgain(target);

        assertEquals(200, Api.jsonAs(actor.accessToken(), "PATCH", "/api/users/" + id,
                Api.json("role", "guest")).status());
        assertEquals(204, Api.jsonAs(actor.accessToken(), "DELETE",
                "/api/sessions/" + Accounts.all(actor.accessToken(), "/api/users/" + id + "/sessions").get(0)
                        .getString("id"), null).status());
        assertEquals(204, Api.jsonAs(actor.accessToken(), "DELETE", "/api/users/" + id, null).status());
        assertEquals(200, Api.jsonAs(actor.accessToken(), "POST", "/api/users/" + id + "/restore", null).status());

        JsonObject created = single("user.created", id);
        assertEquals(email, created.getJsonObject("details").getString("email"));
        JsonObject updated = single("user.updated", id);
        assertEquals("guest", updated.getJsonObject("details").getString("role"));
        single("session.revoked", id);
        single("user.deleted", id);
        single("user.restored", id);
        for (JsonObject entry : entries(actor.accessToken(), "user_id=" + actor.id())) {
            assertEquals("127.0.0.1", entry.getString("ip_address"));
        }
        Api.Reply raw = Api.getAs(actor.accessToken(), "/api/activity?limit=100&user_id=" + actor.id());
        Problems.assertMentionsNone(raw, password, target.accessToken(), target.refreshToken(),
                targetSecond.refreshToken(), actor.accessToken(), "$2a$", "$2b$", "$2y$");
    }

    @Test
    void detailsAreObjectsWithoutSecrets() {
        String password = Accounts.password();
        String id = Accounts.create(actor.accessToken(), Api.uniqueEmail("secretless"), password, "manager")
                .getString("id");
        assertEquals(200, Api.jsonAs(actor.accessToken(), "PATCH", "/api/users/" + id,
                Accounts.flag("is_active", false)).status());

        Api.Reply reply = Api.getAs(root, "/api/activity?limit=100&user_id=" + actor.id());

        assertEquals(200, reply.status(), reply::body);
        for (JsonValue value : reply.json().getJsonArray("items")) {
            JsonObject details = value.asJsonObject().getJsonObject("details");
            assertTrue(details.keySet().stream().noneMatch(k -> k.contains("password") || k.contains("token")),
                    details::toString);
        }
        Problems.assertMentionsNone(reply, password);
    }

    @Test
    void aManagerDeactivatingAUserIsTheActor() {
        Api.Account manager = Accounts.createAndLogin(root, "manager", "acting-manager");
        String id = Accounts.create(root, Api.uniqueEmail("managed"), Accounts.password(), "guest").getString("id");

        assertEquals(200, Api.jsonAs(manager.accessToken(), "PATCH", "/api/users/" + id,
                Accounts.flag("is_active", false)).status());

        List<JsonObject> found = entries(root, "action=user.updated&user_id=" + manager.id());
        assertEquals(1, found.size());
        assertEquals(id, target(found.get(0)));
        assertFalse(found.get(0).getJsonObject("details").getBoolean("is_active"));
    }

    @Test
    void anOwnerRevokingItsSessionIsRecorded() {
        Api.Account user = Accounts.createAndLogin(root, "user", "self-revoke");
        Api.Account other = Accounts.loginAgain(user);
        String session = Accounts.all(other.accessToken(), "/api/sessions").stream()
                .filter(s -> s.getBoolean("current")).findFirst().orElseThrow().getString("id");

        assertEquals(204, Api.jsonAs(user.accessToken(), "DELETE", "/api/sessions/" + session, null).status());

        List<JsonObject> found = entries(user.accessToken(), "action=session.revoked");
        assertEquals(1, found.size());
        assertEquals(user.id(), found.get(0).getString("user_id"));
        assertEquals(session, found.get(0).getJsonObject("details").getString("session_id"));
    }

    @Test
    void refusedChangesAreNotRecorded() {
        JsonObject taken = Accounts.create(actor.accessToken(), Api.uniqueEmail("taken"), Accounts.password(), "user");
        String id = Accounts.create(actor.accessToken(), Api.uniqueEmail("refused"), Accounts.password(), "user")
                .getString("id");

        Problems.assertProblem(Api.jsonAs(actor.accessToken(), "PATCH", "/api/users/" + id,
                Api.json("email", taken.getString("email"))), 409, "Email already registered");
        Problems.assertProblem(Api.jsonAs(actor.accessToken(), "POST", "/api/users/" + id + "/restore", null),
                409, "User is not deleted");
        Problems.assertProblem(Api.jsonAs(actor.accessToken(), "POST", "/api/users",
                Accounts.body(taken.getString("email"), Accounts.password(), "user")), 409, "Email already registered");

        assertTrue(byActor("user.updated").isEmpty());
        assertTrue(byActor("user.restored").isEmpty());
        assertEquals(2, byActor("user.created").size());
    }

    // --- append-only --------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH", "DELETE", "POST"})
    void theLogCannotBeChangedThroughTheApi(String method) {
        List<JsonObject> before = entries(root, "user_id=" + actor.id());
        String entryId = before.get(0).getString("id");

        Api.Reply onList = Api.jsonAs(root, method, "/api/activity", method.equals("DELETE") ? null : "{}");
        Api.Reply onEntry = Api.jsonAs(root, method, "/api/activity/" + entryId,
                method.equals("DELETE") ? null : "{\"action\": \"auth.login\"}");

        Problems.assertProblem(onList, 405, "Method not allowed");
        Problems.assertProblem(onEntry, 404, "Not found");
        assertEquals(before, entries(root, "user_id=" + actor.id()));
    }
}
