package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertInvalidToken;
import static dev.gatehouse.it.Problems.assertNotAuthenticated;
import static dev.gatehouse.it.Problems.assertRefreshRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code POST /api/auth/logout} and {@code /logout-all}: which sessions end, and that their tokens die at once. */
class LogoutIT extends ApiTestBase {

    @Test
    void logoutAnswers204WithNoBody() {
        Api.Account account = Api.newAccount("logout-204");

        Api.Reply reply = AuthEndpoints.logout(account.accessToken());

        assertEquals(204, reply.status(), reply::body);
        assertTrue(reply.body().isEmpty(), reply::body);
    }

    @Test
    void afterLogoutTheSessionsRefreshTokenIsInvalidToken() {
        Api.Account account = Api.newAccount("logout-refresh");

        AuthEndpoints.logout(account.accessToken());

        assertRefreshRefused(AuthEndpoints.refresh(account.refreshToken()));
    }

    @Test
    void afterLogoutTheSessionsAccessTokenIsInvalidToken() {
        Api.Account account = Api.newAccount("logout-access");

        AuthEndpoints.logout(account.accessToken());

        assertInvalidToken(AuthEndpoints.me(account.accessToken()));
    }

    @Test
    void logoutLeavesTheUsersOtherSessionsAlive() {
        Api.Account account = Api.newAccount("logout-other");
        Api.Account other = AuthEndpoints.loginAgain(account);

        AuthEndpoints.logout(account.accessToken());

        assertEquals(200, AuthEndpoints.me(other.accessToken()).status());
        assertEquals(200, AuthEndpoints.refresh(other.refreshToken()).status());
    }

    @Test
    void logoutWithoutATokenIsNotAuthenticated() {
        assertNotAuthenticated(Api.send("POST", "/api/auth/logout", null));
    }

    @Test
    void logoutAllAnswers204() {
        Api.Account account = Api.newAccount("logout-all-204");

        Api.Reply reply = AuthEndpoints.logoutAll(account.accessToken());

        assertEquals(204, reply.status(), reply::body);
        assertTrue(reply.body().isEmpty(), reply::body);
    }

    @Test
    void logoutAllKillsTheRefreshTokensOfEverySession() {
        Api.Account first = Api.newAccount("logout-all-refresh");
        Api.Account second = AuthEndpoints.loginAgain(first);

        AuthEndpoints.logoutAll(first.accessToken());

        assertRefreshRefused(AuthEndpoints.refresh(first.refreshToken()));
        assertRefreshRefused(AuthEndpoints.refresh(second.refreshToken()));
    }

    @Test
    void logoutAllKillsTheAccessTokensOfEverySession() {
        Api.Account first = Api.newAccount("logout-all-access");
        Api.Account second = AuthEndpoints.loginAgain(first);

        AuthEndpoints.logoutAll(second.accessToken());

        assertInvalidToken(AuthEndpoints.me(first.accessToken()));
        assertInvalidToken(AuthEndpoints.me(second.accessToken()));
    }

    @Test
    void logoutAllLeavesOtherUsersSessionsAlive() {
        Api.Account account = Api.newAccount("logout-all-self");
        Api.Account bystander = Api.newAccount("logout-all-bystander");

        AuthEndpoints.logoutAll(account.accessToken());

        assertEquals(200, AuthEndpoints.me(bystander.accessToken()).status());
    }

    @Test
    void logoutAllWithoutATokenIsNotAuthenticated() {
        assertNotAuthenticated(Api.send("POST", "/api/auth/logout-all", null));
    }

    @Test
    void aUserCanLogInAgainAfterLogoutAll() {
        Api.Account account = Api.newAccount("logout-all-relogin");
        AuthEndpoints.logoutAll(account.accessToken());

        Api.Reply login = Api.login(account.email(), account.password());

        assertEquals(200, login.status(), login::body);
        assertEquals(200, AuthEndpoints.me(login.json().getString("access_token")).status());
    }
}
