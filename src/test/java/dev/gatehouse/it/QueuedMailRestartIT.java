package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mails queued when Gatehouse stops are not lost: a first server without {@code SMTP_HOST} queues
 * verification and reset mails (and says once that it cannot send), is stopped, and a second
 * server on the same database, now with an SMTP server, delivers every one of them exactly once.
 * The second server also runs with {@code EMAIL_VERIFICATION_REQUIRED=true}.
 */
class QueuedMailRestartIT {

    private static final String NO_SMTP_WARNING = "SMTP_HOST is not set";
    private static final int ACCOUNTS = 3;
    private static final String PASSWORD = "restart-password";

    private static final List<String> emails = new ArrayList<>();
    private static PayaraProcess second;
    private static String firstLog;
    private static double queuedBeforeStop;

    @BeforeAll
    static void queueMailsThenRestartWithSmtp() throws IOException {
        MailServer.start();
        Path dir = PayaraProcess.newWorkDir("queued-mail-restart");
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        Map<String, String> settings = new HashMap<>(Map.of("BCRYPT_COST", "4", "SECRET_KEY", Base64.getEncoder().encodeToString(key),
                "MAIL_POLL_SECONDS", "1", "MAIL_RETRY_SECONDS", "1", "APP_NAME", "Restart Check",
                "PASSWORD_RESET_URL", "https://restart.gatehouse.test/reset?token={token}",
                "EMAIL_VERIFICATION_URL", "https://restart.gatehouse.test/verify?token={token}"));

        settings.put("LOG_DIR", dir.resolve("logs-first").toString());
        try (PayaraProcess first = PayaraProcess.start("first", dir, settings).awaitLive()) {
            for (int i = 0; i < ACCOUNTS; i++) {
                String email = Api.uniqueEmail("restart-" + i);
                emails.add(email);
                Api.Reply registered = first.api().send("POST", "/api/auth/register", Api.json("email", email, "password", PASSWORD));
                assertEquals(201, registered.status(), registered::body);
                assertEquals(202, first.api().send("POST", "/api/auth/password-reset", Api.json("email", email)).status());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            do {
                MailServer.pause(500);
                queuedBeforeStop = gauge(first.api().send("GET", "/metrics", null).body());
            } while (queuedBeforeStop < 2 * ACCOUNTS && System.nanoTime() < deadline);
        }
        firstLog = Files.readString(dir.resolve("logs-first").resolve("info.log"), StandardCharsets.UTF_8);

        settings.put("LOG_DIR", dir.resolve("logs-second").toString());
        settings.put("SMTP_HOST", "127.0.0.1");
        settings.put("SMTP_PORT", Integer.toString(MailServer.port()));
        settings.put("SMTP_TLS", "none");
        settings.put("EMAIL_VERIFICATION_REQUIRED", "true");
        second = PayaraProcess.start("second", dir, settings).awaitLive();
    }

    @AfterAll
    static void stopServer() {
        if (second != null) {
            second.close();
        }
    }

    private static double gauge(String metrics) {
        Matcher m = Pattern.compile("(?m)^gatehouse_mail_queue_depth(\\{[^}]*})?\\s+([0-9.Ee+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(2)) : -1;
    }

    @Test
    void everyMailQueuedBeforeTheRestartIsDeliveredExactlyOnceAfterIt() {
        assertEquals(2 * ACCOUNTS, queuedBeforeStop, "the first server held every mail in its queue");
        assertEquals(1, firstLog.split(NO_SMTP_WARNING, -1).length - 1, "one warning that mails cannot leave:\n" + firstLog);

        for (String email : emails) {
            MailServer.await(email, 2, Duration.ofSeconds(60));
        }
        MailServer.pause(3000);

        for (String email : emails) {
            List<MimeMessage> mails = MailServer.to(email);
            assertEquals(2, mails.size(), "each queued mail exactly once for " + email);
            assertTrue(mails.stream().anyMatch(m -> MailServer.subject(m).equals("Reset your Restart Check password")));
            assertTrue(mails.stream().anyMatch(m -> MailServer.subject(m).equals("Confirm your email address for Restart Check")));
        }
    }

    @Test
    void withVerificationRequiredAnUnverifiedLoginIs403UntilTheLinkIsOpened() {
        String email = emails.get(0);
        MimeMessage verification = MailServer.await(email, 2, Duration.ofSeconds(60)).stream()
                .filter(m -> MailServer.subject(m).startsWith("Confirm")).findFirst().orElseThrow();
        String token = MailServer.token(verification, "https://restart.gatehouse.test/verify?token=");
        String credentials = Api.json("email", email, "password", PASSWORD);

        Api.Reply before = second.api().send("POST", "/api/auth/login", credentials);
        Api.Reply wrong = second.api().send("POST", "/api/auth/login", Api.json("email", email, "password", "not-the-password"));
        Api.Reply confirmed = second.api().send("POST", "/api/auth/email-verification/confirm", Api.json("token", token));
        Api.Reply after = second.api().send("POST", "/api/auth/login", credentials);

        Problems.assertProblem(before, 403, "Email not verified");
        Problems.assertInvalidCredentials(wrong);
        assertEquals(204, confirmed.status(), confirmed::body);
        assertEquals(200, after.status(), after::body);
        assertTrue(after.json().getJsonObject("user").getString("email").equals(email));
    }
}
