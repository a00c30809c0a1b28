package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second Gatehouse node on the suite's database and {@code SECRET_KEY}, with
 * {@code MFA_REQUIRED_ROLES=admin,manager} and small rate budgets. It proves what one node cannot:
 * a manager or admin without TOTP is confined to the enrolment routes, {@code /me}, logout and
 * refresh until TOTP is on (then the same token works everywhere), while other roles are not; a
 * code accepted on one node is refused on the other (the last accepted step is in the database);
 * and the second login step draws on the stricter credential budget.
 */
class SecondFactorNodeIT extends ApiTestBase {

    private static final String REQUIRED = "Two-factor authentication required";
    private static final int LIMIT = 1000;
    private static final int AUTH_LIMIT = 500;

    private static PayaraProcess process;
    private static Api.Server node;

    @BeforeAll
    static void startNode() throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(
                "DATABASE_URL", System.getProperty("gatehouse.test.database.url"),
                "SECRET_KEY", new String(TestSecrets.signingKey(), StandardCharsets.UTF_8),
                "MFA_REQUIRED_ROLES", "admin,manager",
                "RATE_LIMIT_PER_MINUTE", Integer.toString(LIMIT),
                "AUTH_RATE_LIMIT_PER_MINUTE", Integer.toString(AUTH_LIMIT),
                "BCRYPT_COST", "5",
                "LOG_DIR", "logs"));
        process = PayaraProcess.start("mfa-node", environment);
        node = process.awaitLive().api();
    }

    @AfterAll
    static void stopNode() {
        if (process != null) {
            process.stop();
        }
    }

    /** An account of {@code role} made on the suite node, logged in on the second node. */
    private static Api.Account onNode(String role, String hint) {
        String email = Api.uniqueEmail(hint);
        String password = Accounts.password();
        Accounts.create(Api.admin().accessToken(), email, password, role);
        Api.Reply login = node.postJson("/api/auth/login", Api.json("email", email, "password", password));
        assertEquals(200, login.status(), login::body);
        return new Api.Account(email, password, login.json());
    }

    private static Api.Reply call(Api.Account account, String method, String path, String body) {
        return body == null
                ? node.send(method, path, null, "Authorization", "Bearer " + account.accessToken())
                : node.send(method, path, body, "Authorization", "Bearer " + account.accessToken(),
                        "Content-Type", "application/json");
    }

    @Test
    void aManagerWithoutTotpLogsInButIsConfinedUntilTotpIsOn() {
        Api.Account manager = onNode("manager", "mfa-confined-manager");
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
    void anAdminWithTotpIsNotConfinedAndItsSecondStepSaysOtp() {
        Api.Account admin = onNode("admin", "mfa-admin");
        Problems.assertProblem(call(admin, "GET", "/api/signing-keys", null), 403, REQUIRED);
        Mfa.Enabled enabled = Mfa.enable(node, admin);

        Api.Account withCode = Mfa.login(node, enabled);

        assertEquals(List.of("pwd", "otp"), Mfa.amr(withCode.accessToken()));
        assertEquals(200, call(withCode, "GET", "/api/signing-keys", null).status());
    }

    @Test
    void rolesOutsideTheListAreNotConfined() {
        Api.Account user = onNode("user", "mfa-free-user");

        assertEquals(200, call(user, "GET", "/api/sessions", null).status());
        assertEquals(200, call(user, "GET", "/api/activity", null).status());
    }

    @Test
    void aConfinedCallerMayLogOutAndIsRefusedBeforeTheBodyIsRead() {
        Api.Account manager = onNode("manager", "mfa-confined-logout");

        Problems.assertProblem(call(manager, "POST", "/api/users", "{not json"), 403, REQUIRED);
        Problems.assertProblem(node.send("PATCH", "/api/users/not-a-uuid", "{\"role\": 7}",
                "Authorization", "Bearer " + manager.accessToken(), "Content-Type", "text/plain"), 403, REQUIRED);
        Api.Reply logout = call(manager, "POST", "/api/auth/logout", null);

        assertEquals(204, logout.status(), logout::body);
        Problems.assertInvalidToken(call(manager, "GET", "/api/auth/me", null));
    }

    @Test
    void aCodeAcceptedOnOneNodeIsRefusedOnTheOther() {
        Mfa.Enabled enabled = Mfa.enable(Api.newAccount("mfa-two-nodes"));
        String onSuite = Mfa.challenge(enabled.account());
        String onNode = Mfa.challenge(node, enabled.account().email(), enabled.account().password());
        String code = enabled.app().nextCode();

        Api.Reply first = Mfa.loginWithCode(Api.at(Api.base()), onSuite, code);
        Api.Reply replayed = Mfa.loginWithCode(node, onNode, code);

        assertEquals(200, first.status(), first::body);
        Problems.assertInvalidCredentials(replayed);
        assertEquals(200, Mfa.loginWithCode(node, onNode, enabled.app().nextCode()).status(), "the next code works there");
    }

    @Test
    void theSecondFactorRoutesDrawOnTheCredentialBudget() {
        Api.Account user = onNode("user", "mfa-budget");

        Api.Reply secondStep = node.postJson("/api/auth/login/mfa", Api.json("mfa_token", "nope", "code", "123456"));
        Api.Reply enrol = call(user, "POST", "/api/auth/mfa/totp", Api.json("current_password", user.password()));
        Api.Reply me = call(user, "GET", "/api/auth/me", null);

        Problems.assertRefreshRefused(secondStep);
        assertEquals(Integer.toString(AUTH_LIMIT), secondStep.header("RateLimit-Limit"));
        assertEquals(Integer.toString(AUTH_LIMIT), enrol.header("RateLimit-Limit"));
        assertEquals(Integer.toString(LIMIT), me.header("RateLimit-Limit"));
        assertTrue(Integer.parseInt(secondStep.header("RateLimit-Remaining")) < AUTH_LIMIT);
    }
}
