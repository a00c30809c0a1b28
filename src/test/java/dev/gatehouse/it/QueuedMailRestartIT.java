package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A restart of a node on the embedded H2 database loses nothing ({@link MailRestart}): mails queued
 * while the first boot had no SMTP server are delivered exactly once by the second; the accounts,
 * sessions and ES256 signing key of the first boot are those of the second; and a plain client
 * verifies the tokens of both boots from the discovery URL alone. The second boot also runs with
 * {@code EMAIL_VERIFICATION_REQUIRED=true}.
 */
@RunsOn(ExtraNodes.MAIL_RESTART)
class QueuedMailRestartIT {

    private static final String NO_SMTP_WARNING = "SMTP_HOST is not set";

    private static MailRestart restart;
    private static Api.Server second;

    @BeforeAll
    static void restarted() {
        restart = MailRestart.await();
        second = restart.second().api();
    }

    @Test
    void everyMailQueuedBeforeTheRestartIsDeliveredExactlyOnceAfterIt() {
        assertEquals(2 * MailRestart.ACCOUNTS, restart.queuedBeforeStop(), "the first server held every mail in its queue");
        assertEquals(1, restart.firstLog().split(NO_SMTP_WARNING, -1).length - 1,
                "one warning that mails cannot leave:\n" + restart.firstLog());

        for (String email : restart.emails()) {
            restart.mailbox().await(email, 2, Duration.ofSeconds(60));
        }
        long quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        do {
            for (String email : restart.emails()) {
                List<MimeMessage> mails = restart.mailbox().to(email);
                assertEquals(2, mails.size(), "each queued mail exactly once for " + email);
                assertTrue(mails.stream().anyMatch(m -> MailServer.subject(m).equals("Reset your Restart Check password")));
                assertTrue(mails.stream().anyMatch(m -> MailServer.subject(m).equals("Confirm your email address for Restart Check")));
            }
            MailServer.pause(250);
        } while (System.nanoTime() < quietUntil);
    }

    @Test
    void withVerificationRequiredAnUnverifiedLoginIs403UntilTheLinkIsOpened() {
        String email = restart.emails().get(0);
        String token = MailServer.token(mail(email, "Confirm"), MailRestart.VERIFY_LINK);
        String credentials = Api.json("email", email, "password", restart.password());

        Api.Reply before = second.postJson("/api/auth/login", credentials);
        Api.Reply wrong = second.postJson("/api/auth/login", Api.json("email", email, "password", "not-the-password"));
        Api.Reply confirmed = second.postJson("/api/auth/email-verification/confirm", Api.json("token", token));
        Api.Reply after = second.postJson("/api/auth/login", credentials);

        Problems.assertProblem(before, 403, "Email not verified");
        Problems.assertInvalidCredentials(wrong);
        assertEquals(204, confirmed.status(), confirmed::body);
        assertEquals(200, after.status(), after::body);
        assertEquals(email, after.json().getJsonObject("user").getString("email"));
    }

    @Test
    void theAccountsSessionsAndSigningKeyOfTheFirstBootAreThoseOfTheSecond() throws Exception {
        assertTrue(Files.isRegularFile(restart.dir().resolve("data").resolve("gatehouse.mv.db")),
                "with no DATABASE_URL the data lives in data/ under the working directory");
        String email = restart.emails().get(1);

        Api.Reply me = second.getAs(restart.firstToken(), "/api/auth/me");
        Api.Reply again = second.postJson("/api/auth/register", Api.json("email", email, "password", restart.password()));

        assertEquals(200, me.status(), () -> "the first boot's session and key work on the second: " + me.body());
        assertEquals(email, me.json().getString("email"));
        assertTrue(KeySets.kids(second).contains(SignedJWT.parse(restart.firstToken()).getHeader().getKeyID()),
                "the first boot's key is still published");
        Problems.assertProblem(again, 409, "Email already registered");
    }

    @Test
    void aPlainClientVerifiesTheEs256TokensOfBothBootsFromTheDiscoveryUrlAlone() throws Exception {
        // a reset link mailed from the queue of the first boot sets a password (and verifies the address) on the second
        String email = restart.emails().get(2);
        String resetToken = MailServer.token(mail(email, "Reset"), MailRestart.RESET_LINK);
        Api.Reply reset = second.postJson("/api/auth/password-reset/confirm",
                Api.json("token", resetToken, "new_password", "after-the-restart"));
        assertEquals(204, reset.status(), reset::body);
        String secondToken = second.login(email, "after-the-restart").accessToken();

        KeySets.assertDiscoveryDocument(second, "gatehouse", restart.second().base() + "/.well-known/jwks.json", "ES256", 300);
        KeySets.assertPublicKeysOnly(second, "ES256", secondToken);
        for (String token : List.of(restart.firstToken(), secondToken)) {
            JWTClaimsSet claims = KeySets.verifyFromDiscovery(second, token, "ES256", "gatehouse");
            assertEquals(List.of("user", "guest"), claims.getStringListClaim("groups"));
            assertEquals(List.of("pwd"), claims.getStringListClaim("amr"));
        }
        assertEquals(email, KeySets.verifyFromDiscovery(second, secondToken, "ES256", "gatehouse").getStringClaim("upn"));
    }

    private static MimeMessage mail(String email, String subjectStart) {
        return restart.mailbox().await(email, 2, Duration.ofSeconds(60)).stream()
                .filter(m -> MailServer.subject(m).startsWith(subjectStart)).findFirst().orElseThrow();
    }
}
