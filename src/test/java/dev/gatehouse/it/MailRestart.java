package dev.gatehouse.it;

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

/**
 * {@code QueuedMailRestartIT}'s scenario, played in the background ({@link ExtraNodes#MAIL_RESTART}):
 * a first ES256 node on the embedded H2 database, without {@code SMTP_HOST}, registers accounts,
 * queues their verification and reset mails, logs one of them in and is stopped; a second node on
 * the same H2 directory, now with an SMTP server of its own ({@link Mailbox}) and
 * {@code EMAIL_VERIFICATION_REQUIRED=true}, boots and stays up for the tests.
 *
 * @param dir the working directory both boots share (the H2 data lives in {@code data/})
 * @param emails the accounts registered on the first boot
 * @param password their password
 * @param firstToken an access token the first boot issued (to {@code emails.get(1)})
 * @param firstLog the first boot's operators' log
 * @param queuedBeforeStop the first boot's mail queue depth when it was stopped
 * @param mailbox the SMTP server of the second boot
 * @param second the second boot, live
 */
record MailRestart(Path dir, List<String> emails, String password, String firstToken, String firstLog,
                   double queuedBeforeStop, Mailbox mailbox, PayaraProcess second) {

    /** How many accounts the first boot registers. */
    static final int ACCOUNTS = 3;
    /** The reset link of both boots, up to the token. */
    static final String RESET_LINK = "https://restart.gatehouse.test/reset?token=";
    /** The verification link of both boots, up to the token. */
    static final String VERIFY_LINK = "https://restart.gatehouse.test/verify?token=";

    /** Played once per test JVM, as early as the test plan allows. */
    static final Background<MailRestart> BACKGROUND = new Background<>("mail-restart", MailRestart::play, MailRestart::stop);

    /** The scenario once the second boot is live (begun now if the test plan did not begin it). */
    static MailRestart await() {
        return BACKGROUND.await(Duration.ofMinutes(15));
    }

    private static MailRestart play() throws IOException {
        Path dir = PayaraProcess.newWorkDir("queued-mail-restart");
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        String password = "restart-password";
        Map<String, String> settings = new HashMap<>(Map.of("BCRYPT_COST", "4", "SECRET_KEY", Base64.getEncoder().encodeToString(key),
                "MAIL_POLL_SECONDS", "1", "MAIL_RETRY_SECONDS", "1", "APP_NAME", "Restart Check",
                "PASSWORD_RESET_URL", RESET_LINK + "{token}", "EMAIL_VERIFICATION_URL", VERIFY_LINK + "{token}",
                "JWT_ALGORITHM", "ES256"));

        List<String> emails = new ArrayList<>();
        String firstToken;
        double queued;
        settings.put("LOG_DIR", dir.resolve("logs-first").toString());
        PayaraProcess first = PayaraProcess.start("first", dir, settings);
        try (first) {
            first.awaitLive(Duration.ofMinutes(15));
            for (int i = 0; i < ACCOUNTS; i++) {
                String email = Api.uniqueEmail("restart-" + i);
                emails.add(email);
                expect(201, first.api().postJson("/api/auth/register", Api.json("email", email, "password", password)));
                expect(202, first.api().postJson("/api/auth/password-reset", Api.json("email", email)));
            }
            firstToken = first.api().login(emails.get(1), password).accessToken();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            do {
                MailServer.pause(500);
                queued = first.metric("gatehouse_mail_queue_depth");
            } while (!(queued >= 2 * ACCOUNTS) && System.nanoTime() < deadline);
        }
        String firstLog = Files.readString(dir.resolve("logs-first").resolve("info.log"), StandardCharsets.UTF_8);

        Mailbox mailbox = Mailbox.open();
        settings.put("LOG_DIR", dir.resolve("logs-second").toString());
        settings.put("SMTP_HOST", "127.0.0.1");
        settings.put("SMTP_PORT", Integer.toString(mailbox.port()));
        settings.put("SMTP_TLS", "none");
        settings.put("EMAIL_VERIFICATION_REQUIRED", "true");
        PayaraProcess second = PayaraProcess.start("second", dir, settings);
        try {
            second.awaitLive(Duration.ofMinutes(15));
        } catch (RuntimeException | Error e) {
            second.stop();
            mailbox.close();
            throw e;
        }
        return new MailRestart(dir, List.copyOf(emails), password, firstToken, firstLog, queued, mailbox, second);
    }

    private static void expect(int status, Api.Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError(reply.path() + ": " + reply.status() + " " + reply.body());
        }
    }

    private static void stop(MailRestart scenario) {
        scenario.second.stop();
        scenario.mailbox.close();
    }
}
