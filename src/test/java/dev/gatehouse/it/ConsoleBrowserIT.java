package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console ({@code /console/}) and the account page ({@code /account/}, with the two pages the
 * mails link to) used in headless Chromium as a person would: fields found by their labels, buttons,
 * links and headings by role and accessible name, the keyboard where it matters. Every screen
 * passes axe-core without a serious or critical violation and breaks no Content-Security-Policy
 * rule; every request the pages send is an operation of the served OpenAPI document. Screenshots
 * of the screens at 1440 px (and key ones at 360 px) go to {@code target/browser/}. One browser
 * serves the whole class; each test opens its page afresh, which is a new, signed-out page.
 */
class ConsoleBrowserIT extends ApiTestBase {

    private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; "
            + "require-trusted-types-for 'script'; trusted-types 'none'";
    private static final int FIRST_SCREEN_BUDGET = 150 * 1024;
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("h:mm:ss a", Locale.US)
            .withZone(ZoneId.of(Visitor.TIME_ZONE));

    private static Visitor visitor;

    /** On a failed test, the screen, its HTML and what the page recorded go to target/browser/failure-*. */
    @RegisterExtension
    static final TestWatcher DIAGNOSTICS = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (visitor != null) {
                visitor.saveDiagnostics(context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeEach
    void browser() throws IOException {
        if (visitor == null) {
            visitor = Visitor.start(Api.base());
            try (var old = Files.newDirectoryStream(visitor.output(), "failure-*")) {
                for (Path file : old) {
                    Files.delete(file);
                }
            }
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (visitor != null) {
            visitor.close();
            visitor = null;
        }
    }

    // ---- the console -------------------------------------------------------------------------------------

    @Test
    void anAdminWithTotpSignsInInTwoStepsChangesARoleAndRevokesTheSessionWhoseTokenIsThenRefused() throws IOException {
        Api.Account admin = Accounts.createAndLogin(Api.admin().accessToken(), "admin", "console-admin");
        Mfa.Enabled secondFactor = Mfa.enable(admin);
        Api.Account target = Api.newAccount("console-target");
        Visitor v = visitor;

        v.open("/console/");
        v.heading("Sign in to the console");
        v.assertAccessible("console sign-in");
        v.screenshot("console-sign-in");
        v.screenshotNarrow("console-sign-in");
        v.fill("Email", admin.email());
        v.fill("Password", admin.password());
        v.press("Sign in");
        v.heading("Two-factor authentication");
        v.assertAccessible("console second step");
        v.screenshot("console-second-factor");
        v.fill("Code", codeToType(secondFactor.app()));
        v.press("Verify");
        v.heading("Users");
        v.assertNothingStored();

        v.fill("Email contains", target.email());
        v.press("Search");
        WebElement users = v.table("Users, page 1");
        v.until("only the searched user listed", d -> v.rows(users).size() == 1);
        v.assertAccessible("users");
        v.screenshot("console-users");
        v.follow(target.email());
        v.heading(target.email());
        WebElement sessions = v.region("Sessions");
        assertEquals(1, v.rows(v.table("Active sessions of " + target.email())).size());
        v.assertAccessible("user");
        v.screenshot("console-user");
        v.screenshotNarrow("console-user");

        v.choose("Role", "manager");
        v.press("Change role");
        v.status("The role of " + target.email() + " is now manager.");
        assertEquals("manager", Api.getAs(admin.accessToken(), "/api/users/" + target.id()).json().getString("role"));

        v.role(sessions, "button", "Revoke the session from 127.0.0.1").click();
        v.status("The session is revoked: its tokens no longer work.");
        assertEquals(401, refusedWithin(Duration.ofSeconds(2), target.accessToken()),
                "the revoked session's access token is refused on its next call");
        v.until("the revoked session left the list", d -> v.offers("button", "Revoke the session from 127.0.0.1") == false);

        v.assertCleanPage();
        assertOnlyContractOperations(v.calls());
    }

    @Test
    void anAdminCreatesDeletesAndRestoresAUserResetsASecondFactorAndSeesTheApiRefusalDetail() throws IOException {
        Api.Account admin = Accounts.createAndLogin(Api.admin().accessToken(), "admin", "console-admin2");
        Api.Account taken = Api.newAccount("console-taken");
        Mfa.Enabled lostPhone = Mfa.enable(Api.newAccount("console-lost-phone"));
        String newEmail = Api.uniqueEmail("console-created");
        Visitor v = visitor;
        signInToTheConsole(admin);

        v.press("Create user");
        WebElement dialog = v.dialog("Create a user");
        assertEquals("Email", v.focused().getAccessibleName(), "the dialog starts at its first field");
        v.keys(Keys.ESCAPE);
        v.until("Escape closed the dialog", d -> !v.offers("dialog", "Create a user"));
        assertEquals("Create user", v.focused().getAccessibleName(), "the focus is back on what opened the dialog");

        v.press("Create user");
        dialog = v.dialog("Create a user");
        v.fill(v.field(dialog, "Email"), taken.email());
        v.fill(v.field(dialog, "Initial password"), Accounts.password());
        v.role(dialog, "button", "Create user").click();
        String detail = Api.jsonAs(admin.accessToken(), "POST", "/api/users",
                Accounts.body(taken.email(), Accounts.password(), "user")).detail();
        assertEquals("Email already registered", detail);
        v.alert(detail);
        v.assertAccessible("create-user dialog with a refusal");
        v.screenshot("console-create-user-refused");

        v.fill(v.field(dialog, "Email"), newEmail);
        v.choose(v.field(dialog, "Role"), "guest");
        v.role(dialog, "button", "Create user").click();
        v.heading(newEmail);
        v.status("Created " + newEmail + " with the role guest.");
        assertEquals("guest", v.definition("Role"));

        v.press("Delete user");
        WebElement question = v.dialog("Delete " + newEmail + "?");
        v.assertAccessible("delete question");
        v.role(question, "button", "Delete user").click();
        v.status("The user is deleted.");
        assertEquals("Deleted", v.until("the status shows Deleted", d -> "Deleted".equals(v.definition("Status")) ? "Deleted" : null));
        v.press("Restore user");
        v.status("The user is restored.");
        v.until("the status shows Active", d -> "Active".equals(v.definition("Status")));

        v.follow("Users");
        v.heading("Users");
        v.fill("Email contains", lostPhone.account().email());
        v.press("Search");
        v.follow(lostPhone.account().email());
        v.heading(lostPhone.account().email());
        assertEquals("On", v.definition("Two-factor authentication"));
        v.press("Reset two-factor authentication");
        question = v.dialog("Reset two-factor authentication of " + lostPhone.account().email() + "?");
        v.role(question, "button", "Reset two-factor").click();
        v.status("Two-factor authentication is off for this user.");
        v.until("the user shows two-factor off", d -> "Off".equals(v.definition("Two-factor authentication")));
        Api.Reply login = Api.login(lostPhone.account().email(), lostPhone.account().password());
        assertTrue(login.json().containsKey("access_token"), "the password alone signs in again: " + login.body());

        v.assertCleanPage();
        assertOnlyContractOperations(v.calls());
    }

    @Test
    void anAdminFiltersTheActivityLogAndSeesItsTimesInTheBrowsersZoneThenTheSigningKeysAndHealth() throws IOException {
        Api.Account admin = Accounts.createAndLogin(Api.admin().accessToken(), "admin", "console-admin3");
        for (int login = 0; login < 20; login++) {
            Accounts.loginAgain(admin); // more logins than one page of the log holds
        }
        Visitor v = visitor;
        signInToTheConsole(admin);

        v.follow("Activity log");
        v.heading("Activity log");
        v.fill("User id", admin.id());
        v.choose("Action", "auth.login");
        v.press("Apply filters");
        WebElement entries = v.table("Activity entries, page 1");
        List<JsonObject> logins = Accounts.all(admin.accessToken(),
                "/api/activity?action=auth.login&user_id=" + admin.id());
        assertTrue(logins.size() > 20, "more logins than a page holds");
        v.until("a full first page of logins", d -> v.rows(entries).size() == 20);
        for (List<String> row : v.rows(entries)) {
            assertEquals("auth.login", row.get(1), () -> "filtered by action: " + row);
            assertEquals(admin.id(), row.get(2), () -> "filtered by user: " + row);
        }
        String newest = SHOWN_TIME.format(Instant.parse(logins.get(0).getString("created_at")));
        assertTrue(v.rows(entries).get(0).get(0).contains(newest),
                () -> "the newest login shown in " + Visitor.TIME_ZONE + " as " + newest + ": " + v.rows(entries).get(0));
        v.assertAccessible("activity log");
        v.screenshot("console-activity");
        List<List<String>> first = v.rows(entries);
        v.press("Next page");
        WebElement second = v.table("Activity entries, page 2");
        v.until("the rest of the logins on page 2", d -> v.rows(second).size() == logins.size() - first.size());
        assertFalse(v.offers("button", "Next page") && v.button("Next page").isEnabled(), "page 2 is the last");
        v.press("Previous page");
        v.until("page 1 again, the same rows", d -> v.rows(v.table("Activity entries, page 1")).equals(first));

        WebElement since = v.field("Since");
        since.sendKeys("01012099", Keys.TAB, "1200", "00", "PM");
        v.press("Apply filters");
        v.shows("No activity matches.");
        assertTrue(v.calls().stream().anyMatch(call -> call.contains("since=2099-01-01T06%3A30%3A00.000Z")),
                () -> "noon in Kolkata is 06:30 UTC: " + v.calls());

        v.follow("Signing keys");
        v.heading("Signing keys");
        v.press("Rotate signing key");
        v.dialog("Rotate the signing key?");
        assertEquals("Cancel", v.focused().getAccessibleName(), "the safe choice has the focus first");
        v.assertAccessible("rotate question");
        v.screenshot("console-rotate-question");
        v.keys(Keys.ESCAPE);
        v.until("Escape closed the question", d -> !v.offers("dialog", "Rotate the signing key?"));
        assertEquals("Rotate signing key", v.focused().getAccessibleName());
        v.press("Rotate signing key");
        v.role(v.dialog("Rotate the signing key?"), "button", "Rotate").click();
        Api.Reply refused = Api.jsonAs(admin.accessToken(), "POST", "/api/signing-keys/rotate", null);
        assertEquals(409, refused.status(), "the suite signs with HMAC: " + refused.body());
        v.alert(refused.detail());
        v.assertAccessible("signing keys");
        v.screenshot("console-signing-keys");

        v.follow("Health");
        v.heading("Health");
        assertEquals("UP", v.definition("Ready (the database answers)"));
        assertEquals("UP", v.definition("Live (the process answers)"));
        v.assertAccessible("health");
        v.screenshot("console-health");
        v.screenshotNarrow("console-health");

        v.assertCleanPage();
        assertOnlyContractOperations(v.calls());
    }

    @Test
    void aManagerIsOfferedOnlyWhatTheRoleMayDo() throws IOException {
        String adminToken = Api.admin().accessToken();
        Api.Account manager = Accounts.createAndLogin(adminToken, "manager", "console-manager");
        Api.Account plain = Api.newAccount("console-plain");
        JsonObject peer = Accounts.create(adminToken, Api.uniqueEmail("console-peer"), Accounts.password(), "manager");
        Visitor v = visitor;
        signInToTheConsole(manager);

        assertTrue(v.offers("link", "Activity log") && v.offers("link", "Health"));
        assertFalse(v.offers("link", "Signing keys"), "signing keys are for admins");
        assertFalse(v.offers("button", "Create user"), "creating users is for admins");
        assertFalse(v.hasField("Include deleted users"), "deleted users are for admins");

        v.fill("Email contains", plain.email());
        v.press("Search");
        v.follow(plain.email());
        v.heading(plain.email());
        assertFalse(v.offers("button", "Change role"), "roles are for admins");
        assertFalse(v.offers("button", "Delete user"), "deleting is for admins");
        assertFalse(v.offers("heading", "Sessions"), "another user's sessions are for admins");
        v.assertAccessible("user as a manager");
        v.screenshot("console-manager-user");
        v.press("Deactivate account");
        v.role(v.dialog("Deactivate " + plain.email() + "?"), "button", "Deactivate").click();
        v.status("The account is deactivated and its sessions have ended.");
        v.until("the user shows Inactive", d -> "Inactive".equals(v.definition("Status")));
        assertFalse(Api.getAs(adminToken, "/api/users/" + plain.id()).json().getBoolean("is_active"));
        v.press("Activate account");
        v.status("The account is active again.");
        assertTrue(Api.getAs(adminToken, "/api/users/" + plain.id()).json().getBoolean("is_active"));

        v.follow("Users");
        v.fill("Email contains", peer.getString("email"));
        v.press("Search");
        v.follow(peer.getString("email"));
        v.heading(peer.getString("email"));
        assertFalse(v.offers("button", "Deactivate account"), "a manager may not deactivate a manager");
        v.shows("Your role may only read this user.");

        v.assertCleanPage();
        assertOnlyContractOperations(v.calls());
    }

    @Test
    void aUserOfNoConsoleRoleIsSentToTheAccountPage() {
        Api.Account plain = Api.newAccount("console-user-role");
        Visitor v = visitor;
        v.open("/console/");
        v.fill("Email", plain.email());
        v.fill("Password", plain.password());
        v.press("Sign in");
        v.status("The console is for admins and managers; " + plain.email() + " is a user.");
        v.heading("Sign in to the console");
        v.link("your account page");
        v.assertCleanPage();
    }

    // ---- the account page --------------------------------------------------------------------------------

    @Test
    void aUserTurnsOnTotpWithTheSecretBesideTheQrCodeKeepsTheRecoveryCodesAndSignsInAgainWithACode() throws Exception {
        Api.Account user = Api.newAccount("account-totp");
        Visitor v = visitor;
        Files.deleteIfExists(v.downloads().resolve("gatehouse-recovery-codes.txt"));
        signInToTheAccountPage(user.email(), user.password());
        v.assertAccessible("account");
        v.screenshot("account");
        v.screenshotNarrow("account");
        v.darkScheme(true);
        try {
            v.assertAccessible("account in the dark colour scheme");
            v.screenshot("account-dark");
        } finally {
            v.darkScheme(false);
        }

        WebElement twoFactor = v.region("Two-factor authentication");
        v.press("Turn on two-factor authentication");
        v.fill(v.field(twoFactor, "Current password"), user.password());
        v.press("Continue");
        v.heading("Add Gatehouse to your authenticator app");
        WebElement qr = v.role("img", "QR code to add " + user.email() + " to an authenticator app");
        v.until("the QR code is drawn", d -> ((Number) v.js("const c = arguments[0], x = c.getContext('2d');"
                + "return x.getImageData(0, 0, c.width, c.height).data.filter((b, i) => i % 4 === 0 && b === 0).length", qr))
                .longValue() > 1000);
        String secret = v.definition("Secret key").replace(" ", "");
        assertTrue(secret.matches("[A-Z2-7]{32}"), () -> "a 160-bit base32 secret: " + secret);
        v.assertAccessible("enrolment");
        v.screenshot("account-totp-enrolment");
        v.screenshotNarrow("account-totp-enrolment");

        Mfa.Authenticator app = new Mfa.Authenticator(secret);
        v.fill("Code from the app", codeToType(app));
        v.press("Confirm");
        v.heading("Your recovery codes");
        List<String> codes = v.driver().findElements(By.xpath("//ol[@aria-label='Recovery codes']/li"))
                .stream().map(WebElement::getText).map(String::strip).toList();
        assertEquals(10, codes.size(), () -> "ten recovery codes: " + codes);
        v.assertAccessible("recovery codes");
        v.screenshot("account-recovery-codes");

        v.press("Copy the codes");
        v.status("The codes are copied to the clipboard.");
        String clipboard = (String) v.driver().executeAsyncScript(
                "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('refused: ' + e));");
        assertTrue(clipboard.lines().toList().containsAll(codes), () -> "the clipboard holds the codes: " + clipboard);
        v.press("Download the codes");
        v.status("The codes are saved as gatehouse-recovery-codes.txt");
        Path file = v.downloads().resolve("gatehouse-recovery-codes.txt");
        v.until("the download", d -> Files.isRegularFile(file) && sizeOf(file) > 0);
        assertTrue(Files.readAllLines(file, StandardCharsets.UTF_8).containsAll(codes), "the file holds the codes");
        v.press("I have stored the codes");
        v.status("Two-factor authentication is on.");
        v.assertCleanPage();
        assertOnlyContractOperations(v.calls());

        v.press("Sign out");
        v.status("You are signed out.");
        v.fill("Email", user.email());
        v.fill("Password", user.password());
        v.press("Sign in");
        v.heading("Two-factor authentication");
        v.fill("Code", codeToType(app));
        v.press("Verify");
        v.heading("Your account");
        v.button("Turn off two-factor authentication");

        v.press("Sign out");
        v.fill("Email", user.email());
        v.fill("Password", user.password());
        v.press("Sign in");
        v.fill("Code", codes.get(3));
        v.press("Verify");
        v.heading("Your account");
        v.assertCleanPage();
    }

    @Test
    void aUserTurnsTotpOffWithThePasswordAndACode() {
        assumeTrue(contractHas("POST", "/api/auth/mfa/totp/disable"),
                "the server does not serve POST /api/auth/mfa/totp/disable yet (the page calls it)");
        Api.Account user = Api.newAccount("account-totp-off");
        Mfa.Enabled enabled = Mfa.enable(user);
        Visitor v = visitor;
        v.open("/account/");
        v.fill("Email", user.email());
        v.fill("Password", user.password());
        v.press("Sign in");
        v.fill("Code", codeToType(enabled.app()));
        v.press("Verify");
        v.heading("Your account");
        WebElement twoFactor = v.region("Two-factor authentication");
        v.press("Turn off two-factor authentication");
        v.fill(v.field(twoFactor, "Current password"), user.password());
        v.fill(v.field(twoFactor, "Code"), codeToType(enabled.app()));
        v.role(twoFactor, "button", "Turn off").click();
        v.status("Two-factor authentication is off.");
        assertTrue(Api.login(user.email(), user.password()).json().containsKey("access_token"));
        v.assertCleanPage();
        assertOnlyContractOperations(v.calls());
    }

    @Test
    void aUserChangesThePasswordRevokesAnotherSessionAndSignsOutEverywhereWithTheKeyboard() {
        Api.Account user = Api.newAccount("account-sessions");
        Api.Account other = Accounts.loginAgain(user);
        Visitor v = visitor;
        signInToTheAccountPage(user.email(), user.password());

        WebElement sessions = v.table("Your active sessions");
        v.until("three sessions listed", d -> v.rows(sessions).size() == 3);
        assertEquals(1, v.rows(sessions).stream().filter(row -> row.get(5).equals("This session")).count());
        v.role(v.region("Sessions"), "button", "Revoke the session from 127.0.0.1").click();
        v.status("The session is signed out.");
        v.until("two sessions left", d -> v.rows(v.table("Your active sessions")).size() == 2);
        assertEquals(1, (Accounts.me(user.accessToken()).status() == 401 ? 1 : 0)
                + (Accounts.me(other.accessToken()).status() == 401 ? 1 : 0), "exactly one of the two API sessions ended");

        String newPassword = Accounts.password();
        WebElement password = v.region("Password");
        v.fill(v.field(password, "Current password"), user.password());
        v.fill(v.field(password, "New password"), newPassword);
        v.fill(v.field(password, "Repeat the new password"), newPassword + "!");
        v.press("Change password");
        v.until("the mismatch is named at its field", d -> v.description(v.field(password, "Repeat the new password"))
                .contains("The two entries differ. Type the same password twice."));
        v.fill(v.field(password, "Repeat the new password"), newPassword);
        v.press("Change password");
        v.status("Your password is changed. Your other sessions were signed out; this one goes on.");
        assertEquals(401, Accounts.me(user.accessToken()).status());
        assertEquals(401, Accounts.me(other.accessToken()).status());
        assertEquals(401, Api.login(user.email(), user.password()).status(), "the old password no longer signs in");

        WebElement everywhere = v.button("Sign out everywhere");
        focusByTabbing(everywhere);
        assertNotEquals("none", v.js("return getComputedStyle(document.activeElement).outlineStyle"),
                "the keyboard focus is visible");
        v.keys(Keys.ENTER);
        v.dialog("Sign out everywhere?");
        assertEquals("Cancel", v.focused().getAccessibleName());
        v.assertAccessible("sign out everywhere question");
        v.keys(Keys.ESCAPE);
        v.until("Escape closed the question", d -> !v.offers("dialog", "Sign out everywhere?"));
        assertEquals("Sign out everywhere", v.focused().getAccessibleName(), "the focus is back on the button");
        v.keys(Keys.ENTER);
        v.dialog("Sign out everywhere?");
        v.keys(Keys.TAB, Keys.ENTER);
        v.heading("Sign in to your account");
        v.status("You are signed out on every device.");
        v.assertCleanPage();
        assertOnlyContractOperations(v.calls());
    }

    @Test
    void aReloadSignsOutAndEndsThePagesSessionOnTheServer() {
        Api.Account user = Api.newAccount("account-reload");
        String adminToken = Api.admin().accessToken();
        Visitor v = visitor;
        signInToTheAccountPage(user.email(), user.password());
        v.until("the page's session exists", d -> sessionsOf(adminToken, user.id()) == 2);
        v.assertNothingStored();

        v.reload();
        v.heading("Sign in to your account");
        v.until("the page's session ended on leaving", d -> sessionsOf(adminToken, user.id()) == 1);
        assertEquals(200, Accounts.me(user.accessToken()).status(), "the other session goes on");
    }

    @Test
    void aResetMailLinkOpensTheResetPageWhichSetsTheNewPasswordThatThenSignsIn() throws IOException {
        Api.Account user = Api.newAccount("account-reset");
        String newPassword = Accounts.password();
        Visitor v = visitor;
        v.open("/account/");
        v.press("Forgot your password?");
        v.heading("Reset your password");
        v.fill("Email", user.email());
        v.press("Send the reset link");
        v.status("If an active account has this email, a mail with a link to choose a new password is on its way.");
        v.assertAccessible("forgot password");
        String token = MailServer.token(RecoveryFlows.nthMail(user.email(), "Reset your", 1), MailServer.RESET_LINK);

        v.open("/account/reset-password?token=" + token);
        v.heading("Choose a new password");
        v.assertAccessible("reset page");
        v.screenshot("account-reset-password");
        v.screenshotNarrow("account-reset-password");
        v.fill("New password", newPassword);
        v.fill("Repeat the new password", newPassword);
        v.press("Set the new password");
        v.heading("Your password is reset");
        assertEquals("/account/reset-password", v.location(), "the spent token is gone from the address");
        v.assertAccessible("reset done");
        v.screenshot("account-reset-done");
        v.assertCleanPage();
        assertOnlyContractOperations(v.calls());

        v.follow("Sign in with the new password");
        v.heading("Sign in to your account");
        v.fill("Email", user.email());
        v.fill("Password", newPassword);
        v.press("Sign in");
        v.heading("Your account");
        assertEquals(401, Api.login(user.email(), user.password()).status(), "the old password is gone");

        v.open("/account/reset-password?token=" + token);
        v.fill("New password", newPassword);
        v.fill("Repeat the new password", newPassword);
        v.press("Set the new password");
        v.alert("Invalid token");
        v.link("Ask for a new mail");
    }

    @Test
    void aVerificationMailLinkOpensTheVerifyPageWhichConfirmsTheAddressAndResendsAreLimited() throws IOException {
        Api.Account user = Api.newAccount("account-verify");
        Visitor v = visitor;
        signInToTheAccountPage(user.email(), user.password());
        assertEquals("Not confirmed", v.definition("Email address"));
        WebElement profile = v.region("Profile");
        WebElement resend = v.role(profile, "button", "Send the confirmation mail again");
        String tooMany = null;
        int accepted = 0;
        for (int click = 0; click < 4 && tooMany == null; click++) {
            int sent = v.callCount("POST /api/auth/email-verification");
            resend.click();
            v.until("the request", d -> v.callCount("POST /api/auth/email-verification") > sent);
            v.until("its answer", d -> resend.isEnabled());
            tooMany = v.messages("alert").stream().filter(m -> m.startsWith("Too many requests")).findFirst().orElse(null);
            accepted += tooMany == null ? 1 : 0;
        }
        assertTrue(tooMany != null && tooMany.matches("Too many requests\\. Try again in \\d+ (seconds|minutes)\\."),
                "the hourly limit is shown with its wait: " + tooMany);
        v.screenshot("account-verification-limited");
        // The registration's mail and one per accepted resend; each supersedes the one before, and the
        // sender delivers them after the answers, so wait for the last rather than count what came.
        String token = RecoveryFlows.verificationToken(user.email(), 1 + accepted);

        v.open("/account/verify-email?token=" + token);
        v.heading("Confirm your email address");
        v.status("Your email address is confirmed.");
        assertEquals("/account/verify-email", v.location());
        v.assertAccessible("verify page");
        v.screenshot("account-verify-email");
        assertTrue(Accounts.me(user.accessToken()).json().getBoolean("email_verified"));
        v.assertCleanPage();
        assertOnlyContractOperations(v.calls());

        v.open("/account/verify-email?token=" + token);
        v.alert("Invalid token");
    }

    // ---- what every page is ------------------------------------------------------------------------------

    @Test
    void pagesCarryTheStrictPolicyAndNoInlineCodeAndTheFoldersRedirectWithTheirQuery() {
        for (String path : List.of("/console/", "/account/", "/account/reset-password?token=abc", "/account/verify-email?token=abc")) {
            Api.Reply page = Api.get(path);
            assertEquals(200, page.status(), path);
            assertTrue(page.header("Content-Type").startsWith("text/html"), path);
            assertEquals(PAGE_POLICY, page.header("Content-Security-Policy"), path);
            assertEquals("no-store", page.header("Cache-Control"), path);
            assertEquals("nosniff", page.header("X-Content-Type-Options"), path);
            assertEquals("no-referrer", page.header("Referrer-Policy"), path);
            assertEquals("DENY", page.header("X-Frame-Options"), path);
            assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)", Pattern.CASE_INSENSITIVE).matcher(page.body()).find(),
                    path + " has no inline script");
            assertFalse(Pattern.compile("\\sstyle=|<style", Pattern.CASE_INSENSITIVE).matcher(page.body()).find(),
                    path + " has no inline style");
        }
        for (String[] redirect : new String[][] {{"/console", "/console/"}, {"/account?lang=en", "/account/?lang=en"},
                {"/docs", "/docs/"}}) {
            Api.Reply reply = Api.get(redirect[0]);
            assertEquals(301, reply.status(), redirect[0]);
            assertEquals(redirect[1], reply.header("Location"), redirect[0]);
            assertEquals("DENY", reply.header("X-Frame-Options"), redirect[0]);
        }
    }

    @Test
    void theBrowserEnforcesThePolicyMarkupScriptStyleAndCallsElsewhereAreRefused() {
        Visitor v = visitor;
        v.open("/account/");
        v.heading("Sign in to your account");
        assertEquals("TypeError", v.js("try { document.body.insertAdjacentHTML('beforeend', '<b>markup</b>');"
                + " return 'accepted'; } catch (e) { return e.name; }"), "Trusted Types refuse HTML from a string");
        assertEquals("TypeError", v.js("const s = document.createElement('script');"
                + " try { s.text = 'window.inlineRan = true'; } catch (e) { return e.name; } return 'accepted';"),
                "Trusted Types refuse script text");
        assertEquals("blocked", v.driver().executeAsyncScript("const done = arguments[0];"
                + " import('data:text/javascript,window.dataRan = true').then(() => done('ran'), () => done('blocked'));"),
                "a script from anywhere but this server is refused");
        v.js("document.body.setAttribute('style', 'background-color: rgb(255, 0, 0)')");
        assertNotEquals("rgb(255, 0, 0)", v.js("return getComputedStyle(document.body).backgroundColor"),
                "a style attribute is refused");
        assertEquals("refused", ((Map<?, ?>) v.driver().executeAsyncScript("const done = arguments[0];"
                + " fetch('http://127.0.0.2:9/elsewhere').then(() => done({outcome: 'sent'}), () => done({outcome: 'refused'}));"))
                .get("outcome"));
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) v.js("return window.__visitor.violations");
        for (String directive : List.of("require-trusted-types-for", "script-src", "style-src", "connect-src")) {
            assertTrue(violations.stream().anyMatch(violation -> violation.startsWith(directive)),
                    () -> "the browser reported a " + directive + " violation: " + violations);
        }
    }

    @Test
    void theFirstScreenLoadsAtMost150KbOfScriptStyleAndHtmlAllFromThisServer() {
        Visitor v = visitor;
        // a first visit: nothing from the cache, so every file the screen needs shows with its size
        v.driver().executeCdpCommand("Network.enable", Map.of());
        v.driver().executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        for (String page : List.of("/console/", "/account/")) {
            v.open(page);
            v.heading(page.equals("/console/") ? "Sign in to the console" : "Sign in to your account");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> loaded = (List<Map<String, Object>>) v.js(
                    "return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
                            + ".map(e => ({name: e.name, type: e.initiatorType, size: e.decodedBodySize}))");
            long total = 0;
            for (Map<String, Object> entry : loaded) {
                String url = (String) entry.get("name");
                assertEquals(Api.base().getAuthority(), URI.create(url).getAuthority(), "fetched from this server: " + url);
                if (url.endsWith(".js") || url.endsWith(".css") || "navigation".equals(entry.get("type"))) {
                    total += ((Number) entry.get("size")).longValue();
                }
            }
            long bytes = total;
            System.out.printf("ConsoleBrowserIT: first screen of %s: %d bytes of HTML, script and style%n", page, bytes);
            assertTrue(bytes > 10_000 && bytes <= FIRST_SCREEN_BUDGET,
                    () -> page + " loads " + bytes + " bytes before compression: " + loaded);
            v.assertCleanPage();
        }
        v.driver().executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
        v.driver().executeCdpCommand("Network.disable", Map.of());
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static void signInToTheConsole(Api.Account account) {
        visitor.open("/console/");
        visitor.fill("Email", account.email());
        visitor.fill("Password", account.password());
        visitor.press("Sign in");
        visitor.heading("Users");
    }

    private static void signInToTheAccountPage(String email, String password) {
        visitor.open("/account/");
        visitor.heading("Sign in to your account");
        visitor.fill("Email", email);
        visitor.fill("Password", password);
        visitor.press("Sign in");
        visitor.heading("Your account");
        visitor.heading("Two-factor authentication");
    }

    /**
     * A code for a person to type: of the current time step or a later one, never of the step
     * before (which the server accepts too, but only until the next step begins), so typing and
     * sending it may take the better part of 30 seconds.
     */
    private static String codeToType(Mfa.Authenticator app) {
        app.used(Mfa.safeStep() - 1);
        return app.nextCode();
    }

    /** Presses Tab (at most 80 times) until {@code target} has the focus: proof it is reachable by keyboard. */
    private static void focusByTabbing(WebElement target) {
        visitor.js("document.activeElement.blur(); window.scrollTo(0, 0)");
        for (int presses = 0; presses < 80; presses++) {
            visitor.keys(Keys.TAB);
            if (target.equals(visitor.focused())) {
                return;
            }
        }
        throw new AssertionError("'" + target.getAccessibleName() + "' was not reached with the Tab key");
    }

    /** The status of {@code GET /api/auth/me} with {@code token} once it is refused, or the last one after {@code within}. */
    private static int refusedWithin(Duration within, String token) {
        long deadline = System.nanoTime() + within.toNanos();
        int status = Accounts.me(token).status();
        while (status != 401 && System.nanoTime() < deadline) {
            MailServer.pause(100);
            status = Accounts.me(token).status();
        }
        return status;
    }

    private static int sessionsOf(String adminToken, String userId) {
        return Accounts.all(adminToken, "/api/users/" + userId + "/sessions").size();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The served OpenAPI document's operations: method → path pattern → query parameter names. */
    private static Map<String, Map<Pattern, Set<String>>> operations;

    private static synchronized Map<String, Map<Pattern, Set<String>>> operations() {
        if (operations == null) {
            Api.Reply document = Api.get("/openapi", "Accept", "application/json");
            assertEquals(200, document.status());
            Map<String, Map<Pattern, Set<String>>> found = new java.util.HashMap<>();
            JsonObject contract = document.json();
            JsonObject paths = contract.getJsonObject("paths");
            for (Map.Entry<String, JsonValue> path : paths.entrySet()) {
                Pattern pattern = Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "[^/]+"));
                JsonObject item = path.getValue().asJsonObject();
                Set<String> shared = queryParameters(contract, item);
                for (String method : List.of("get", "put", "post", "delete", "patch")) {
                    if (item.containsKey(method)) {
                        Set<String> names = new HashSet<>(shared);
                        names.addAll(queryParameters(contract, item.getJsonObject(method)));
                        found.computeIfAbsent(method.toUpperCase(Locale.ROOT), m -> new java.util.LinkedHashMap<>())
                                .put(pattern, names);
                    }
                }
            }
            operations = found;
        }
        return operations;
    }

    /** The names of the query parameters {@code holder} declares, {@code $ref}s to components followed. */
    private static Set<String> queryParameters(JsonObject contract, JsonObject holder) {
        Set<String> names = new HashSet<>();
        if (holder.containsKey("parameters")) {
            for (JsonValue parameter : holder.getJsonArray("parameters")) {
                JsonObject object = parameter.asJsonObject();
                if (object.containsKey("$ref")) {
                    String ref = object.getString("$ref");
                    object = contract.getJsonObject("components").getJsonObject("parameters")
                            .getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
                }
                if ("query".equals(object.getString("in", ""))) {
                    names.add(object.getString("name"));
                }
            }
        }
        return names;
    }

    private static boolean contractHas(String method, String path) {
        return operations().getOrDefault(method, Map.of()).keySet().stream().anyMatch(p -> p.matcher(path).matches());
    }

    /**
     * Every request the page sent ("METHOD /path?query") is an operation of the served OpenAPI
     * document, with only query parameters that operation declares.
     */
    private static void assertOnlyContractOperations(List<String> calls) {
        assertFalse(calls.isEmpty(), "the page called the API");
        for (String call : calls) {
            String method = call.substring(0, call.indexOf(' '));
            URI uri = URI.create(call.substring(call.indexOf(' ') + 1));
            Set<String> declared = operations().getOrDefault(method, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey().matcher(uri.getRawPath()).matches()).map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError("the page called " + call + ", which is no operation of /openapi"));
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                    assertTrue(declared.contains(name), () -> call + " sends the undeclared query parameter " + name);
                }
            }
        }
    }
}
