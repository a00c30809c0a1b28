package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Listing and revoking sessions through {@code /api/sessions} and {@code /api/users/{id}/sessions}. */
class SessionsIT extends ApiTestBase {

    private static final Set<String> FIELDS = Set.of("id", "created_at", "last_used_at", "expires_at", "ip_address",
            "user_agent", "current");

    private String admin;

    @BeforeEach
    void logInAdmin() {
        admin = Api.admin().accessToken();
    }

    /** The {@code sid} claim of an access token: the session the server must mark current. */
    private static String sid(String accessToken) {
        String payload = accessToken.split("\\.")[1];
        String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        return Json.createReader(new StringReader(json)).readObject().getString("sid");
    }

    private static List<JsonObject> sessions(String token) {
        return Accounts.all(token, "/api/sessions?limit=100");
    }

    private static Set<String> sessionIds(String token) {
        return sessions(token).stream().map(s -> s.getString("id")).collect(Collectors.toSet());
    }

    private static Api.Reply revoke(String token, String sessionId) {
        return Api.jsonAs(token, "DELETE", "/api/sessions/" + sessionId, null);
    }

    @Test
    void listShowsTheLiveSessionsWithOnlyTheCallingOneCurrent() {
        Api.Account first = Accounts.createAndLogin(admin, "user", "sessions");
        Api.Account second = Accounts.loginAgain(first);
        Api.Account third = Accounts.loginAgain(first);

        Api.Reply reply = Api.getAs(second.accessToken(), "/api/sessions");

        assertEquals(200, reply.status(), reply::body);
        assertEquals(Set.of("items", "next_cursor"), reply.json().keySet());
        assertTrue(reply.json().isNull("next_cursor"));
        List<JsonObject> items = reply.json().getJsonArray("items").stream().map(v -> v.asJsonObject()).toList();
        assertEquals(Set.of(sid(first.accessToken()), sid(second.accessToken()), sid(third.accessToken())),
                items.stream().map(s -> s.getString("id")).collect(Collectors.toSet()));
        List<JsonObject> current = items.stream().filter(s -> s.getBoolean("current")).toList();
        assertEquals(1, current.size(), reply::body);
        assertEquals(sid(second.accessToken()), current.get(0).getString("id"));
    }

    /** The suite server trusts no proxy: what a client forwards is neither its session's address nor its activity's. */
    @Test
    void withoutTrustedProxiesAForwardedAddressIsNotRecorded() {
        String email = Api.uniqueEmail("session-forwarded");
        String password = Accounts.password();
        Api.Server client = Api.at(Api.base()).from("198.51.100.1");
        assertEquals(201, client.postJson("/api/auth/register", Api.json("email", email, "password", password)).status());
        Api.Account account = client.login(email, password);

        Api.Reply sessions = client.getAs(account.accessToken(), "/api/sessions");
        Api.Reply activity = client.getAs(account.accessToken(), "/api/activity");

        assertEquals(200, sessions.status(), sessions::body);
        assertEquals("127.0.0.1", sessions.json().getJsonArray("items").getJsonObject(0).getString("ip_address"));
        assertEquals(200, activity.status(), activity::body);
        List<JsonObject> entries = activity.json().getJsonArray("items").stream().map(v -> v.asJsonObject()).toList();
        assertEquals(Set.of("user.registered", "auth.login"), entries.stream().map(e -> e.getString("action"))
                .filter(a -> a.equals("user.registered") || a.equals("auth.login")).collect(Collectors.toSet()));
        entries.forEach(entry -> assertEquals("127.0.0.1", entry.getString("ip_address"), entry::toString));
    }

    @Test
    void sessionHasTheContractFields() {
        String email = Api.uniqueEmail("session-fields");
        String password = Accounts.password();
        Accounts.create(admin, email, password, "guest");
        Api.Reply login = Api.postJson("/api/auth/login", Api.json("email", email, "password", password),
                "User-Agent", "gatehouse-it/1.0 (sessions)");
        assertEquals(200, login.status(), login::body);
        String token = login.json().getString("access_token");

        Api.Reply reply = Api.getAs(token, "/api/sessions");

        assertEquals(200, reply.status(), reply::body);
        JsonObject session = reply.json().getJsonArray("items").getJsonObject(0);
        assertEquals(FIELDS, session.keySet());
        UUID.fromString(session.getString("id"));
        Instant created = Accounts.instant(session, "created_at");
        assertEquals(created, Accounts.instant(session, "last_used_at"));
        Duration lifetime = Duration.between(created, Accounts.instant(session, "expires_at"));
        assertEquals(Duration.ofDays(7).toSeconds(), lifetime.toSeconds(), 5);
        assertEquals("127.0.0.1", session.getString("ip_address"));
        assertEquals("gatehouse-it/1.0 (sessions)", session.getString("user_agent"));
        assertTrue(session.getBoolean("current"));
        Problems.assertMentionsNone(reply, token, login.json().getString("refresh_token"), password);
    }

    @Test
    void refreshMovesLastUsedAt() throws InterruptedException {
        Api.Account user = Accounts.createAndLogin(admin, "user", "session-refresh");
        JsonObject before = sessions(user.accessToken()).get(0);
        Thread.sleep(5);

        Api.Reply refreshed = Accounts.refresh(user.refreshToken());

        assertEquals(200, refreshed.status(), refreshed::body);
        List<JsonObject> after = sessions(refreshed.json().getString("access_token"));
        assertEquals(1, after.size());
        JsonObject session = after.get(0);
        assertEquals(before.getString("id"), session.getString("id"));
        assertEquals(before.getString("created_at"), session.getString("created_at"));
        assertTrue(Accounts.instant(session, "last_used_at").isAfter(Accounts.instant(before, "last_used_at")),
                () -> before + " -> " + session);
        assertTrue(session.getBoolean("current"));
    }

    @Test
    void revokingMyOtherSessionKillsItsTokens() {
        Api.Account mine = Accounts.createAndLogin(admin, "user", "revoke-own");
        Api.Account other = Accounts.loginAgain(mine);
        String otherId = sid(other.accessToken());

        Api.Reply reply = revoke(mine.accessToken(), otherId);

        assertEquals(204, reply.status(), reply::body);
        assertTrue(reply.body().isEmpty());
        assertEquals(Set.of(sid(mine.accessToken())), sessionIds(mine.accessToken()));
        Problems.assertRefreshRefused(Accounts.refresh(other.refreshToken()));
        Problems.assertInvalidToken(Api.getAs(other.accessToken(), "/api/sessions"));
        assertEquals(200, Api.getAs(mine.accessToken(), "/api/sessions").status());
    }

    @Test
    void revokingTheCurrentSessionEndsIt() {
        Api.Account mine = Accounts.createAndLogin(admin, "guest", "revoke-current");

        Api.Reply reply = revoke(mine.accessToken(), sid(mine.accessToken()));

        assertEquals(204, reply.status(), reply::body);
        Problems.assertInvalidToken(Api.getAs(mine.accessToken(), "/api/sessions"));
        Problems.assertRefreshRefused(Accounts.refresh(mine.refreshToken()));
    }

    @Test
    void revokingSomeoneElsesSessionIsNotFoundForNonAdmins() {
        Api.Account owner = Accounts.createAndLogin(admin, "guest", "session-owner");
        String session = sid(owner.accessToken());

        for (String role : List.of("guest", "user", "manager")) {
            String intruder = Accounts.createAndLogin(admin, role, "intruder-" + role).accessToken();
            Problems.assertProblem(revoke(intruder, session), 404, "Session not found");
        }

        assertEquals(Set.of(session), sessionIds(owner.accessToken()));
        assertEquals(200, Accounts.refresh(owner.refreshToken()).status());
    }

    @Test
    void anAdminRevokesAnyonesSession() {
        Api.Account owner = Accounts.createAndLogin(admin, "manager", "session-owner");
        Api.Account kept = Accounts.loginAgain(owner);

        Api.Reply reply = revoke(admin, sid(owner.accessToken()));

        assertEquals(204, reply.status(), reply::body);
        Problems.assertRefreshRefused(Accounts.refresh(owner.refreshToken()));
        Problems.assertInvalidToken(Api.getAs(owner.accessToken(), "/api/sessions"));
        assertEquals(Set.of(sid(kept.accessToken())), sessionIds(kept.accessToken()));
    }

    @Test
    void revokingARevokedOrUnknownSessionIsNotFound() {
        Api.Account mine = Accounts.createAndLogin(admin, "user", "revoke-twice");
        String other = sid(Accounts.loginAgain(mine).accessToken());
        assertEquals(204, revoke(mine.accessToken(), other).status());

        Problems.assertProblem(revoke(mine.accessToken(), other), 404, "Session not found");
        Problems.assertProblem(revoke(mine.accessToken(), UUID.randomUUID().toString()), 404, "Session not found");
        Problems.assertProblem(revoke(admin, other), 404, "Session not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "1", "00000000-0000-0000-0000-00000000000z"})
    void revokingABadIdIsABadRequest(String id) {
        Api.Account mine = Accounts.createAndLogin(admin, "user", "revoke-bad");

        Problems.assertInvalidParameter(revoke(mine.accessToken(), id), "id");
    }

    @Test
    void loggedOutSessionsAreNotListed() {
        Api.Account mine = Accounts.createAndLogin(admin, "user", "logged-out");
        Api.Account gone = Accounts.loginAgain(mine);
        assertEquals(204, Api.jsonAs(gone.accessToken(), "POST", "/api/auth/logout", null).status());

        assertEquals(Set.of(sid(mine.accessToken())), sessionIds(mine.accessToken()));
    }

    @Test
    void anAdminListsAUsersLiveSessions() {
        Api.Account owner = Accounts.createAndLogin(admin, "user", "listed");
        Api.Account second = Accounts.loginAgain(owner);
        Api.Account revoked = Accounts.loginAgain(owner);
        assertEquals(204, revoke(owner.accessToken(), sid(revoked.accessToken())).status());

        List<JsonObject> listed = Accounts.all(admin, "/api/users/" + owner.id() + "/sessions");

        assertEquals(Set.of(sid(owner.accessToken()), sid(second.accessToken())),
                listed.stream().map(s -> s.getString("id")).collect(Collectors.toSet()));
        for (JsonObject session : listed) {
            assertEquals(FIELDS, session.keySet());
            assertFalse(session.getBoolean("current"), "the admin's own session is not among them");
        }
    }

    @Test
    void anAdminListingItsOwnSessionsSeesItsCurrentOne() {
        Api.Account other = Accounts.createAndLogin(admin, "admin", "own-sessions");
        Api.Account second = Accounts.loginAgain(other);

        List<JsonObject> listed = Accounts.all(second.accessToken(), "/api/users/" + other.id() + "/sessions");

        assertEquals(Set.of(sid(other.accessToken()), sid(second.accessToken())),
                listed.stream().map(s -> s.getString("id")).collect(Collectors.toSet()));
        assertEquals(List.of(sid(second.accessToken())),
                listed.stream().filter(s -> s.getBoolean("current")).map(s -> s.getString("id")).toList());
    }

    @Test
    void anAdminSeesNoLiveSessionsOfADeletedUser() {
        Api.Account owner = Accounts.createAndLogin(admin, "user", "deleted-sessions");
        assertEquals(204, Api.jsonAs(admin, "DELETE", "/api/users/" + owner.id(), null).status());

        Api.Reply reply = Api.getAs(admin, "/api/users/" + owner.id() + "/sessions");

        assertEquals(200, reply.status(), reply::body);
        assertTrue(reply.json().getJsonArray("items").isEmpty());
    }

    @Test
    void sessionListsArePagedNewestFirst() {
        Api.Account first = Accounts.createAndLogin(admin, "user", "paged-sessions");
        for (int i = 0; i < 4; i++) {
            Accounts.loginAgain(first);
        }

        List<Integer> sizes = new ArrayList<>();
        List<JsonObject> seen = new ArrayList<>();
        String cursor = null;
        do {
            Api.Reply reply = Api.getAs(first.accessToken(), "/api/sessions?limit=2"
                    + (cursor == null ? "" : "&cursor=" + Accounts.encode(cursor)));
            assertEquals(200, reply.status(), reply::body);
            reply.json().getJsonArray("items").forEach(v -> seen.add(v.asJsonObject()));
            sizes.add(reply.json().getJsonArray("items").size());
            cursor = reply.json().isNull("next_cursor") ? null : reply.json().getString("next_cursor");
        } while (cursor != null && sizes.size() < 10);

        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(5, new HashSet<>(Accounts.ids(seen)).size());
        for (int i = 1; i < seen.size(); i++) {
            assertFalse(Accounts.instant(seen.get(i), "created_at").isAfter(Accounts.instant(seen.get(i - 1), "created_at")));
        }
        assertEquals(sid(first.accessToken()), seen.get(4).getString("id"), "the first login is the oldest");
        List<JsonObject> byAdmin = Accounts.all(admin, "/api/users/" + first.id() + "/sessions?limit=2");
        assertEquals(Accounts.ids(seen), Accounts.ids(byAdmin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=abc", "cursor=bogus"})
    void sessionListsRefuseBadPageParameters(String query) {
        Api.Account mine = Accounts.createAndLogin(admin, "user", "bad-page");
        String field = query.substring(0, query.indexOf('='));

        Problems.assertInvalidParameter(Api.getAs(mine.accessToken(), "/api/sessions?" + query), field);
        Problems.assertInvalidParameter(Api.getAs(admin, "/api/users/" + mine.id() + "/sessions?" + query), field);
    }
}
