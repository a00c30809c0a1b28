package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deactivating, deleting or re-roling an account takes effect on its existing tokens at once. */
class RevocationIT extends ApiTestBase {

    private String admin;

    @BeforeEach
    void logInAdmin() {
        admin = Api.admin().accessToken();
    }

    private void assertLive(Api.Account account) {
        Api.Reply me = Api.getAs(account.accessToken(), "/api/auth/me");
        assertEquals(200, me.status(), me::body);
    }

    private static void assertDead(String accessToken, String refreshToken) {
        Problems.assertInvalidToken(Api.getAs(accessToken, "/api/auth/me"));
        Problems.assertInvalidToken(Api.getAs(accessToken, "/api/sessions"));
        Problems.assertRefreshRefused(Accounts.refresh(refreshToken));
    }

    private Api.Reply patch(String id, String body) {
        return Api.jsonAs(admin, "PATCH", "/api/users/" + id, body);
    }

    @Test
    void deactivationKillsAccessAndRefreshTokensAtOnce() {
        Api.Account user = Accounts.createAndLogin(admin, "user", "deactivated");
        Api.Account otherSession = Accounts.loginAgain(user);
        assertLive(user);

        assertEquals(200, patch(user.id(), Accounts.flag("is_active", false)).status());

        assertDead(user.accessToken(), user.refreshToken());
        assertDead(otherSession.accessToken(), otherSession.refreshToken());
        Problems.assertInvalidCredentials(Api.login(user.email(), user.password()));
    }

    @Test
    void deactivationByAManagerKillsTokensToo() {
        String manager = Accounts.createAndLogin(admin, "manager", "deactivator").accessToken();
        Api.Account guest = Accounts.createAndLogin(admin, "guest", "deactivated-guest");
        assertLive(guest);

        Api.Reply reply = Api.jsonAs(manager, "PATCH", "/api/users/" + guest.id(), Accounts.flag("is_active", false));

        assertEquals(200, reply.status(), reply::body);
        assertDead(guest.accessToken(), guest.refreshToken());
    }

    @Test
    void reactivationKeepsOldTokensDeadButAllowsANewLogin() {
        Api.Account user = Accounts.createAndLogin(admin, "user", "reactivated");
        assertEquals(200, patch(user.id(), Accounts.flag("is_active", false)).status());

        assertEquals(200, patch(user.id(), Accounts.flag("is_active", true)).status());

        assertDead(user.accessToken(), user.refreshToken());
        Api.Account fresh = Accounts.loginAgain(user);
        assertLive(fresh);
        assertEquals(200, Accounts.refresh(fresh.refreshToken()).status());
    }

    @Test
    void deletionKillsAccessAndRefreshTokensAtOnce() {
        Api.Account user = Accounts.createAndLogin(admin, "manager", "deleted");
        assertLive(user);

        assertEquals(204, Api.jsonAs(admin, "DELETE", "/api/users/" + user.id(), null).status());

        assertDead(user.accessToken(), user.refreshToken());
        Problems.assertInvalidCredentials(Api.login(user.email(), user.password()));
    }

    @Test
    void restoreKeepsOldTokensDeadButAllowsANewLogin() {
        Api.Account user = Accounts.createAndLogin(admin, "user", "restored");
        assertEquals(204, Api.jsonAs(admin, "DELETE", "/api/users/" + user.id(), null).status());

        assertEquals(200, Api.jsonAs(admin, "POST", "/api/users/" + user.id() + "/restore", null).status());

        assertDead(user.accessToken(), user.refreshToken());
        assertLive(Accounts.loginAgain(user));
    }

    @Test
    void demotionIsReflectedInTheExistingTokenAtOnce() {
        Api.Account manager = Accounts.createAndLogin(admin, "manager", "demoted");
        assertEquals(200, Api.getAs(manager.accessToken(), "/api/users").status());

        assertEquals(200, patch(manager.id(), Api.json("role", "user")).status());

        Problems.assertForbidden(Api.getAs(manager.accessToken(), "/api/users"));
        Api.Reply me = Api.getAs(manager.accessToken(), "/api/auth/me");
        assertEquals(200, me.status(), me::body);
        assertEquals("user", me.json().getString("role"));
    }

    @Test
    void promotionIsReflectedInTheExistingTokenAtOnce() {
        Api.Account user = Accounts.createAndLogin(admin, "guest", "promoted");
        Problems.assertForbidden(Api.getAs(user.accessToken(), "/api/users"));

        assertEquals(200, patch(user.id(), Api.json("role", "manager")).status());

        assertEquals(200, Api.getAs(user.accessToken(), "/api/users").status());
    }

    @Test
    void demotedAdminLosesAdminRightsAtOnce() {
        Api.Account other = Accounts.createAndLogin(admin, "admin", "demoted-admin");
        String victim = Accounts.create(admin, Api.uniqueEmail("victim"), Accounts.password(), "user").getString("id");

        assertEquals(200, patch(other.id(), Api.json("role", "manager")).status());

        Api.Reply delete = Api.jsonAs(other.accessToken(), "DELETE", "/api/users/" + victim, null);
        Problems.assertForbidden(delete);
        Api.Reply create = Api.jsonAs(other.accessToken(), "POST", "/api/users",
                Accounts.body(Api.uniqueEmail("escalate"), Accounts.password(), "admin"));
        Problems.assertForbidden(create);
    }
}
