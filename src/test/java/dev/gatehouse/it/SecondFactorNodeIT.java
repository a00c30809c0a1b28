package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code MFA_REQUIRED_ROLES}, on the cluster's nodes, which require a second factor of managers
 * ({@link Cluster}): a manager without TOTP is confined to the enrolment routes, {@code /me},
 * logout and refresh until TOTP is on (then the same token works everywhere), while other roles,
 * admins included, are not; and the second login step draws on the stricter credential budget.
 * (That a code accepted on one node is refused on another is {@code ClusterIT}'s.)
 */
@RunsOn(ExtraNodes.CLUSTER)
class SecondFactorNodeIT {

    private static final String REQUIRED = "Two-factor authentication required";

    private static Cluster cluster;
    private static Api.Server node;

    @BeforeAll
    static void cluster() {
        cluster = Cluster.await();
        node = cluster.b().api();
    }

    private static Api.Reply call(Api.Account account, String method, String path, String body) {
        return node.jsonAs(account.accessToken(), method, path, body);
    }

    @Test
    void aManagerWithoutTotpLogsInButIsConfinedUntilTotpIsOn() {
        Api.Account manager = cluster.account(cluster.b(), "manager", "mfa-confined-manager");
        assertEquals(List.of("pwd"), Mfa.amr(manager.accessToken()));

        for (String[] route : List.of(new String[] {"GET", "/api/users"}, new String[] {"GET", "/api/sessions"},
                new String[] {"GET", "/api/activity"}, new String[] {"GET", "/api/users/" + manager.id()})) {
            Problems.assertProblem(call(manager, route[0], route[1], null), 403, REQUIRED);
        }
        Problems.assertProblem(call(manager, "PUT", "/api/auth/password",
                Api.json("current_password", manager.password(), "new_password", Accounts.password())), 403, REQUIRED);
        Problems.assertProblem(call(manager, "POST", "/api/auth/email-verification", null), 403, REQUIRED);
        assertEquals(200, call(manager, "GET", "/api/auth/me", null).status());
        Api.Reply refreshed = node.postJson("/api/auth/refresh", Api.json("refresh_token", manager.refreshToken()));
        assertEquals(200, refreshed.status(), refreshed::body);
        Api.Account renewed = new Api.Account(manager.email(), manager.password(), refreshed.json());
        Problems.assertProblem(call(renewed, "GET", "/api/users", null), 403, REQUIRED);

        Mfa.enable(node, renewed);

        assertEquals(200, call(renewed, "GET", "/api/users", null).status(), "the same token works everywhere now");
        assertEquals(200, call(renewed, "GET", "/api/sessions", null).status());
    }

    @Test
    void aManagerWithTotpIsNotConfinedAndItsSecondStepSaysOtp() {
        Api.Account manager = cluster.account(cluster.b(), "manager", "mfa-manager");
        Problems.assertProblem(call(manager, "GET", "/api/activity", null), 403, REQUIRED);
        Mfa.Enabled enabled = Mfa.enable(node, manager);

        Api.Account withCode = Mfa.login(node, enabled);

        assertEquals(List.of("pwd", "otp"), Mfa.amr(withCode.accessToken()));
        assertEquals(200, call(withCode, "GET", "/api/activity", null).status());
        assertEquals(200, call(withCode, "GET", "/api/users", null).status());
    }

    @Test
    void rolesOutsideTheListAreNotConfined() {
        Api.Account user = cluster.account(cluster.b(), "user", "mfa-free-user");
        Api.Account admin = cluster.admin(cluster.b());

        assertEquals(200, call(user, "GET", "/api/sessions", null).status());
        assertEquals(200, call(user, "GET", "/api/activity", null).status());
        assertEquals(List.of("pwd"), Mfa.amr(admin.accessToken()));
        assertEquals(200, call(admin, "GET", "/api/signing-keys", null).status(), "admins are not in MFA_REQUIRED_ROLES here");
    }

    @Test
    void aConfinedCallerMayLogOutAndIsRefusedBeforeTheBodyIsRead() {
        Api.Account manager = cluster.account(cluster.b(), "manager", "mfa-confined-logout");

        Problems.assertProblem(call(manager, "POST", "/api/users", "{not json"), 403, REQUIRED);
        Problems.assertProblem(node.send("PATCH", "/api/users/not-a-uuid", "{\"role\": 7}",
                "Authorization", "Bearer " + manager.accessToken(), "Content-Type", "text/plain"), 403, REQUIRED);
        Api.Reply logout = call(manager, "POST", "/api/auth/logout", null);

        assertEquals(204, logout.status(), logout::body);
        Problems.assertInvalidToken(call(manager, "GET", "/api/auth/me", null));
    }

    @Test
    void theSecondFactorRoutesDrawOnTheCredentialBudget() {
        Api.Account user = cluster.account(cluster.b(), "user", "mfa-budget");
        Api.Server client = cluster.b().from(Cluster.freshAddress());

        Api.Reply secondStep = client.postJson("/api/auth/login/mfa", Api.json("mfa_token", "nope", "code", "123456"));
        Api.Reply enrol = client.jsonAs(user.accessToken(), "POST", "/api/auth/mfa/totp",
                Api.json("current_password", user.password()));
        Api.Reply me = client.getAs(user.accessToken(), "/api/auth/me");

        Problems.assertRefreshRefused(secondStep);
        assertEquals(Integer.toString(Cluster.AUTH_LIMIT), secondStep.header("RateLimit-Limit"));
        assertEquals(Integer.toString(Cluster.AUTH_LIMIT), enrol.header("RateLimit-Limit"));
        assertEquals(Integer.toString(Cluster.LIMIT), me.header("RateLimit-Limit"));
        assertTrue(Integer.parseInt(enrol.header("RateLimit-Remaining")) < Integer.parseInt(secondStep.header("RateLimit-Remaining")),
                "the enrolment drew on the same credential budget as the second step");
    }
}
