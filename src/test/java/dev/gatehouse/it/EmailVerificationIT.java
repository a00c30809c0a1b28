package dev.gatehouse.it;

import static dev.gatehouse.it.RecoveryFlows.confirmVerification;
import static dev.gatehouse.it.RecoveryFlows.requestVerification;
import static dev.gatehouse.it.RecoveryFlows.verificationToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Email verification end to end on a real SMTP server: registration mails a link that verifies the
 * address once, the owner may ask for another, an email change makes the account unverified and
 * kills the links, and the per-hour limit answers 429.
 */
class EmailVerificationIT extends ApiTestBase {

    private static boolean verified(String accessToken) {
        return Api.getAs(accessToken, "/api/auth/me").json().getBoolean("email_verified");
    }

    @Test
    void registrationMailsALinkThatVerifiesTheAddressOnce() {
        Api.Account account = Api.newAccount("verify-register");
        MimeMessage mail = RecoveryFlows.nthMail(account.email(), "Confirm your email", 1);
        String token = MailServer.token(mail, MailServer.VERIFY_LINK);
        assertFalse(verified(account.accessToken()));

        Api.Reply confirmed = confirmVerification(token);
        Api.Reply again = confirmVerification(token);

        assertEquals("Confirm your email address for Gatehouse", MailServer.subject(mail));
        assertTrue(MailServer.html(mail).contains("href=\"" + MailServer.VERIFY_LINK + token + "\""));
        assertEquals(204, confirmed.status(), confirmed::body);
        assertTrue(verified(account.accessToken()), "visible at once on /me");
        Problems.assertPlainChallenge(again, "Invalid token");
        JsonObject asAdmin = Api.getAs(Api.admin().accessToken(), "/api/users/" + account.id()).json();
        assertTrue(asAdmin.getBoolean("email_verified"));
    }

    @Test
    void aVerifiedAddressIsNotVerifiedAgain() {
        Api.Account account = Api.newAccount("verify-twice");
        assertEquals(204, confirmVerification(verificationToken(account.email(), 1)).status());

        Problems.assertProblem(requestVerification(account.accessToken()), 409, "Email already verified");
    }

    @Test
    void theOwnerAsksForAnotherMailAndTheOlderLinkStillWorks() {
        Api.Account account = Api.newAccount("verify-again");
        String first = verificationToken(account.email(), 1);

        Api.Reply asked = requestVerification(account.accessToken());
        String second = verificationToken(account.email(), 2);

        assertEquals(202, asked.status(), asked::body);
        assertEquals("", asked.body());
        assertEquals(204, confirmVerification(first).status(), "the older link still works");
        Problems.assertPlainChallenge(confirmVerification(second), "Invalid token");
    }

    @Test
    void askingNeedsABearerToken() {
        Problems.assertNotAuthenticated(Api.send("POST", "/api/auth/email-verification", null));
    }

    @Test
    void anEmailChangeMakesTheAccountUnverifiedAndKillsItsLinks() {
        String admin = Api.admin().accessToken();
        Api.Account verifiedUser = Api.newAccount("verify-change-a");
        assertEquals(204, confirmVerification(verificationToken(verifiedUser.email(), 1)).status());
        Api.Account pending = Api.newAccount("verify-change-b");
        String pendingToken = verificationToken(pending.email(), 1);

        Api.Reply first = Api.jsonAs(admin, "PATCH", "/api/users/" + verifiedUser.id(),
                Api.json("email", Api.uniqueEmail("verify-changed-a")));
        Api.Reply second = Api.jsonAs(admin, "PATCH", "/api/users/" + pending.id(),
                Api.json("email", Api.uniqueEmail("verify-changed-b")));

        assertEquals(200, first.status(), first::body);
        assertFalse(first.json().getBoolean("email_verified"), "a proof of the old address says nothing of the new one");
        assertFalse(second.json().getBoolean("email_verified"));
        Problems.assertPlainChallenge(confirmVerification(pendingToken), "Invalid token");
        assertFalse(verified(verifiedUser.accessToken()));
    }

    @Test
    void pastTheHourlyLimitAVerificationRequestIs429() {
        Api.Account account = Api.newAccount("verify-limit");
        assertEquals(202, requestVerification(account.accessToken()).status());
        assertEquals(202, requestVerification(account.accessToken()).status());

        Api.Reply limited = requestVerification(account.accessToken());

        Problems.assertProblem(limited, 429, "Too many requests");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3601, "Retry-After " + retryAfter);
        RecoveryFlows.nthMail(account.email(), "Confirm your email", 3);
    }

    @Test
    void sentAndVerifiedAreRecorded() {
        Api.Account account = Api.newAccount("verify-activity");
        String token = verificationToken(account.email(), 1);
        assertEquals(204, confirmVerification(token).status());

        List<JsonObject> sent = Accounts.all(account.accessToken(), "/api/activity?action=user.email_verification_sent");
        List<JsonObject> verifiedEntries = Accounts.all(account.accessToken(), "/api/activity?action=user.email_verified");

        assertEquals(1, sent.size());
        assertEquals(account.id(), sent.get(0).getString("user_id"));
        assertEquals(1, verifiedEntries.size());
        assertEquals(account.id(), verifiedEntries.get(0).getJsonObject("details").getString("target_user_id"));
        assertFalse(sent.toString().contains(token) || verifiedEntries.toString().contains(token));
    }

    @Test
    void aTokenOfAnotherPurposeOrNoTokenIsRefused() {
        Problems.assertPlainChallenge(confirmVerification("nonsense"), "Invalid token");
        Problems.assertFieldErrors(Api.postJson("/api/auth/email-verification/confirm", "{}"), "token");
        Problems.assertFieldErrors(Api.postJson("/api/auth/email-verification/confirm", "{\"token\": 5}"), "token");
    }
}
