package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertFieldErrors;
import static dev.gatehouse.it.Problems.assertInvalidToken;
import static dev.gatehouse.it.Problems.assertRefreshRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.gatehouse.sessions.control.RefreshTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/auth/refresh}: rotation, and the revocation of the whole session when a rotated token comes back. */
class RefreshIT extends ApiTestBase {

    private static String sessionIdOf(String refreshToken) {
        return TestDatabase.scalar("SELECT id FROM sessions WHERE refresh_token_hash = ?",
                RefreshTokens.hash(refreshToken)).toString();
    }

    @Test
    void refreshAnswersANewTokenPairOfTheContractShape() {
        Api.Account account = Api.newAccount("refresh-shape");

        Api.Reply reply = Accounts.refresh(account.refreshToken());

        assertEquals(200, reply.status(), reply::body);
        Problems.assertSecurityHeaders(reply);
        JsonObject pair = reply.json();
        assertEquals(Set.of("access_token", "refresh_token", "token_type", "expires_in", "refresh_expires_in", "user"),
                pair.keySet());
        assertEquals("bearer", pair.getString("token_type"));
        assertEquals(900, pair.getInt("expires_in"));
        assertEquals(604800, pair.getInt("refresh_expires_in"));
        assertEquals(account.id(), pair.getJsonObject("user").getString("id"));
        assertEquals(account.email(), pair.getJsonObject("user").getString("email"));
        assertEquals("user", pair.getJsonObject("user").getString("role"));
        assertNotEquals(account.refreshToken(), pair.getString("refresh_token"));
        assertNotEquals(account.accessToken(), pair.getString("access_token"));
    }

    @Test
    void refreshedTokensWork() {
        Api.Account account = Api.newAccount("refresh-works");

        JsonObject pair = Accounts.refresh(account.refreshToken()).json();

        assertEquals(200, Accounts.me(pair.getString("access_token")).status());
        assertEquals(200, Accounts.refresh(pair.getString("refresh_token")).status());
    }

    @Test
    void refreshKeepsTheSession() {
        Api.Account account = Api.newAccount("refresh-session");
        String before = sessionIdOf(account.refreshToken());

        String rotated = Accounts.refresh(account.refreshToken()).json().getString("refresh_token");

        assertEquals(before, sessionIdOf(rotated));
    }

    @Test
    void refreshWithAnUnknownTokenIsInvalidToken() {
        assertRefreshRefused(Accounts.refresh("not-a-refresh-token"));
    }

    @Test
    void refreshWithAnAccessTokenIsInvalidToken() {
        Api.Account account = Api.newAccount("refresh-with-access");

        assertRefreshRefused(Accounts.refresh(account.accessToken()));
    }

    @Test
    void refreshWithATamperedTokenIsInvalidTokenAndLeavesTheSessionAlive() {
        Api.Account account = Api.newAccount("refresh-tampered");
        String token = account.refreshToken();

        assertRefreshRefused(Accounts.refresh(withLastCharacterBitFlipped(token, 32)));
        assertEquals(200, Accounts.refresh(token).status());
    }

    /** The MAC's last character has two spare bits: flipping the lowest spells the same bytes. */
    @Test
    void refreshWithAnotherSpellingOfTheLiveTokenIsInvalidTokenAndNotReuse() {
        Api.Account account = Api.newAccount("refresh-respelled");
        String token = account.refreshToken();

        assertRefreshRefused(Accounts.refresh(withLastCharacterBitFlipped(token, 1)));
        assertEquals(200, Accounts.refresh(token).status());
    }

    private static String withLastCharacterBitFlipped(String token, int bit) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ bit);
    }

    @Test
    void refreshWithoutATokenIsABadRequestNamingRefreshToken() {
        assertFieldErrors(Api.postJson("/api/auth/refresh", "{}"), "refresh_token");
    }

    @Test
    void refreshWithANumericTokenIsABadRequestNamingRefreshToken() {
        String body = Json.createObjectBuilder().add("refresh_token", 1234).build().toString();

        assertFieldErrors(Api.postJson("/api/auth/refresh", body), "refresh_token");
    }

    @Test
    void aRotatedRefreshTokenPresentedAgainIsInvalidToken() {
        Api.Account account = Api.newAccount("reuse-401");
        Accounts.refresh(account.refreshToken());

        assertRefreshRefused(Accounts.refresh(account.refreshToken()));
    }

    @Test
    void reuseOfARotatedRefreshTokenRevokesTheNewestRefreshToken() {
        Api.Account account = Api.newAccount("reuse-newest");
        String second = Accounts.refresh(account.refreshToken()).json().getString("refresh_token");

        Accounts.refresh(account.refreshToken());

        assertRefreshRefused(Accounts.refresh(second));
    }

    @Test
    void reuseOfARotatedRefreshTokenRevokesEveryAccessTokenOfTheSession() {
        Api.Account account = Api.newAccount("reuse-access");
        String secondAccess = Accounts.refresh(account.refreshToken()).json().getString("access_token");
        assertEquals(200, Accounts.me(secondAccess).status());

        Accounts.refresh(account.refreshToken());

        assertInvalidToken(Accounts.me(secondAccess));
        assertInvalidToken(Accounts.me(account.accessToken()));
    }

    @Test
    void reuseOfARotatedRefreshTokenIsRecordedAsRefreshReuseDetected() {
        Api.Account account = Api.newAccount("reuse-audit");
        Accounts.refresh(account.refreshToken());
        assertEquals(0, ActivityTrail.count(account.id(), "auth.refresh_reuse_detected"));

        Accounts.refresh(account.refreshToken());

        assertEquals(1, ActivityTrail.count(account.id(), "auth.refresh_reuse_detected"));
        assertNotNull(TestDatabase.scalar("SELECT revoked_at FROM sessions WHERE user_id = ?",
                UUID.fromString(account.id())));
    }

    @Test
    void reuseInOneSessionLeavesTheUsersOtherSessionsAlive() {
        Api.Account account = Api.newAccount("reuse-other");
        Api.Account other = Accounts.loginAgain(account);
        Accounts.refresh(account.refreshToken());

        Accounts.refresh(account.refreshToken());

        assertEquals(200, Accounts.me(other.accessToken()).status());
        assertEquals(200, Accounts.refresh(other.refreshToken()).status());
    }
}
