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

        Api.Reply reply = Accounts.logout(account.accessToken());

        assertEquals(204, reply.status(), reply::body);
        assertTrue(reply.body().isEmpty(), reply::body);
    }

    @Test
    void afterLogoutTheSessionsRefreshTokenIsInvalidToken() {
        Api.Account account = Api.newAccount("logout-refresh");

        Accounts.logout(account.accessToken());

        assertRefreshRefused(Accounts.refresh(account.refreshToken()));
    }

    @Test
    void afterLogoutTheSessionsAccessTokenIsInvalidToken() {
        Api.Account account = Api.newAccount("logout-access");

        Accounts.logout(account.accessToken());

        assertInvalidToken(Accounts.me(account.accessToken()));
    }

    @Test
    void logoutLeavesTheUsersOtherSessionsAlive() {
        Api.Account account = Api.newAccount("logout-other");
        Api.Account other = Accounts.loginAgain(account);

        Accounts.logout(account.accessToken());

        assertEquals(200, Accounts.me(other.accessToken()).status());
        assertEquals(200, Accounts.refresh(other.refreshToken()).status());
    }

    @Test
    void logoutWithoutATokenIsNotAuthenticated() {
        assertNotAuthenticated(Api.send("POST", "/api/auth/logout", null));
    }

    @Test
    void logoutAllAnswers204() {
        Api.Account account = Api.newAccount("logout-all-204");

        Api.Reply reply = Accounts.logoutAll(account.accessToken());

        assertEquals(204, reply.status(), reply::body);
        assertTrue(reply.body().isEmpty(), reply::body);
    }

    @Test
    void logoutAllKillsTheRefreshTokensOfEverySession() {
        Api.Account first = Api.newAccount("logout-all-refresh");
        Api.Account second = Accounts.loginAgain(first);

        Accounts.logoutAll(first.accessToken());

        assertRefreshRefused(Accounts.refresh(first.refreshToken()));
        assertRefreshRefused(Accounts.refresh(second.refreshToken()));
    }

    @Test
    void logoutAllKillsTheAccessTokensOfEverySession() {
        Api.Account first = Api.newAccount("logout-all-access");
        Api.Account second = Accounts.loginAgain(first);

        Accounts.logoutAll(second.accessToken());

        assertInvalidToken(Accounts.me(first.accessToken()));
        assertInvalidToken(Accounts.me(second.accessToken()));
    }

    @Test
    void logoutAllLeavesOtherUsersSessionsAlive() {
        Api.Account account = Api.newAccount("logout-all-self");
        Api.Account bystander = Api.newAccount("logout-all-bystander");

        Accounts.logoutAll(account.accessToken());

        assertEquals(200, Accounts.me(bystander.accessToken()).status());
    }

    @Test
    void logoutAllWithoutATokenIsNotAuthenticated() {
        assertNotAuthenticated(Api.send("POST", "/api/auth/logout-all", null));
    }

    @Test
    void aUserCanLogInAgainAfterLogoutAll() {
        Api.Account account = Api.newAccount("logout-all-relogin");
        Accounts.logoutAll(account.accessToken());

        Api.Reply login = Api.login(account.email(), account.password());

        assertEquals(200, login.status(), login::body);
        assertEquals(200, Accounts.me(login.json().getString("access_token")).status());
    }
}
