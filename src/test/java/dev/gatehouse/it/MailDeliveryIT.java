package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The outbox against a real SMTP server: an outage keeps mails queued and each is delivered exactly
 * once when the server is back; a queued body is sealed at rest and deleted once sent; a body that
 * cannot be opened fails for good; the metrics count; and no token or link reaches the log.
 */
class MailDeliveryIT extends ApiTestBase {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static List<Object[]> outbox(String recipient) {
        return TestDatabase.query("SELECT status, attempts, sealed_body, kind FROM mail_outbox WHERE recipient = ?"
                + " ORDER BY created_at", recipient);
    }

    private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            MailServer.pause(200);
        }
    }

    @Test
    void aMailWhoseSendBeganButWhoseOutcomeWasLostIsSentOnceMoreWithItsMessageIdNeverTwiceMore() throws Exception {
        Api.Account lostOnce = Api.newAccount("outcome-lost-once");
        Api.Account lostTwice = Api.newAccount("outcome-lost-twice");
        RecoveryFlows.nthMail(lostOnce.email(), "Confirm your email", 1);
        RecoveryFlows.nthMail(lostTwice.email(), "Confirm your email", 1);
        MailServer.stop();
        try {
            for (Api.Account account : List.of(lostOnce, lostTwice)) {
                assertEquals(202, RecoveryFlows.requestReset(account.email()).status());
            }
            awaitCondition("both reset mails failed an attempt", () -> List.of(lostOnce, lostTwice).stream().allMatch(a ->
                    outbox(a.email()).stream().anyMatch(r -> "password-reset".equals(r[3]) && (Integer) r[1] >= 1)));
            // as if a node had begun each send and lost its outcome with the database (once, and twice)
            TestDatabase.update("UPDATE mail_outbox SET sending_since = now() - interval '1 hour', unconfirmed_sends = 0,"
                    + " next_attempt_at = now() + interval '1 hour' WHERE recipient = ? AND kind = 'password-reset'", lostOnce.email());
            TestDatabase.update("UPDATE mail_outbox SET sending_since = now() - interval '1 hour', unconfirmed_sends = 1,"
                    + " next_attempt_at = now() + interval '1 hour' WHERE recipient = ? AND kind = 'password-reset'", lostTwice.email());
        } finally {
            MailServer.start();
        }
        TestDatabase.update("UPDATE mail_outbox SET next_attempt_at = now() WHERE recipient IN (?, ?) AND kind = 'password-reset'",
                lostOnce.email(), lostTwice.email());

        // the SMTP server came back empty: what it holds now went out after the outage
        MailServer.await(lostOnce.email(), 1, PATIENCE);
        awaitCondition("the mail lost twice is settled", () -> "sent".equals(outbox(lostTwice.email()).stream()
                .filter(r -> "password-reset".equals(r[3])).findFirst().orElseThrow()[0]));
        MailServer.pause(2000);

        assertEquals(1, MailServer.to(lostOnce.email()).size(), "the reset mail, sent once more");
        String id = TestDatabase.query("SELECT CAST(id AS VARCHAR(36)) FROM mail_outbox WHERE recipient = ? AND kind = 'password-reset'",
                lostOnce.email()).get(0)[0].toString();
        assertTrue(MailServer.to(lostOnce.email()).get(0).getMessageID().contains(id), "the same Message-ID as the lost send");
        assertEquals(0, MailServer.to(lostTwice.email()).size(), "not sent a third time");
        assertEquals(1, TestDatabase.scalar("SELECT unconfirmed_sends FROM mail_outbox WHERE recipient = ? AND kind = 'password-reset'",
                lostOnce.email()));
    }

    @Test
    void smtpDownKeepsMailsQueuedAndEachIsDeliveredExactlyOnceWhenItIsBack() {
        List<Api.Account> accounts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accounts.add(Api.newAccount("outage-" + i));
        }
        accounts.forEach(a -> RecoveryFlows.nthMail(a.email(), "Confirm your email", 1));
        double sentBefore = metric("gatehouse_mails_sent_total");

        MailServer.stop();
        List<String> queued = new ArrayList<>();
        try {
            for (Api.Account account : accounts) {
                assertEquals(202, RecoveryFlows.requestReset(account.email()).status());
            }
            awaitCondition("every reset mail failed an attempt", () -> accounts.stream().allMatch(a ->
                    outbox(a.email()).stream().anyMatch(r -> "password-reset".equals(r[3]) && (Integer) r[1] >= 1)));
            for (Api.Account account : accounts) {
                Object[] row = outbox(account.email()).stream().filter(r -> "password-reset".equals(r[3])).findFirst().orElseThrow();
                assertEquals("pending", row[0], "still queued while the server is down");
                queued.add((String) row[2]);
            }
            awaitCondition("the queue-depth gauge sees the queue", () -> metric("gatehouse_mail_queue_depth") >= 3);
        } finally {
            MailServer.start();
        }

        for (Api.Account account : accounts) {
            // the backoff of a long outage may hold a mail back a few seconds more
            MailServer.await(account.email(), 1, Duration.ofSeconds(90));
        }
        MailServer.pause(3000);

        for (Api.Account account : accounts) {
            assertEquals(1, MailServer.to(account.email()).size(), "exactly one mail reached " + account.email());
            assertTrue(MailServer.subject(MailServer.to(account.email()).get(0)).startsWith("Reset your"));
            Object[] row = outbox(account.email()).stream().filter(r -> "password-reset".equals(r[3])).findFirst().orElseThrow();
            assertEquals("sent", row[0]);
            assertTrue((Integer) row[1] >= 2, "it took a retry");
            assertNull(row[2], "a delivered mail's body is deleted");
        }
        for (String sealed : queued) {
            assertNotNull(sealed);
            String opened = new String(Base64.getDecoder().decode(sealed), StandardCharsets.ISO_8859_1);
            assertFalse(sealed.contains("app.gatehouse.test") || opened.contains("app.gatehouse.test") || opened.contains("token"),
                    "the queued body is sealed: no link in the database");
        }
        assertTrue(metric("gatehouse_mails_sent_total") >= sentBefore + 3, "sent mails are counted");
    }

    @Test
    void aBodyThatCannotBeOpenedFailsForGoodAndIsCounted() {
        double failedBefore = metric("gatehouse_mails_failed_total");
        UUID id = UUID.randomUUID();
        String recipient = Api.uniqueEmail("unreadable");

        TestDatabase.update("INSERT INTO mail_outbox (id, kind, recipient, sealed_body, status, attempts, next_attempt_at, created_at)"
                + " VALUES (?, 'password-reset', ?, ?, 'pending', 0, now(), now())", id, recipient,
                Base64.getEncoder().encodeToString("sealed under another key".getBytes(StandardCharsets.UTF_8)));
        awaitCondition("the sender gave up on the row",
                () -> "failed".equals(TestDatabase.scalar("SELECT status FROM mail_outbox WHERE id = ?", id)));

        Object[] row = TestDatabase.query("SELECT attempts, sealed_body, last_error FROM mail_outbox WHERE id = ?", id).get(0);
        assertEquals(1, row[0], "no retry: it will never open");
        assertNull(row[1]);
        assertTrue(((String) row[2]).contains("cannot be opened"), (String) row[2]);
        assertTrue(MailServer.to(recipient).isEmpty());
        awaitCondition("the failure is counted", () -> metric("gatehouse_mails_failed_total") >= failedBefore + 1);
    }

    @Test
    void noTokenOrLinkReachesTheApplicationLog() throws IOException {
        Api.Account account = Api.newAccount("log-hygiene");
        String verification = RecoveryFlows.verificationToken(account.email(), 1);
        String reset = RecoveryFlows.resetToken(account.email(), 1);
        assertEquals(204, RecoveryFlows.confirmVerification(verification).status());
        assertEquals(204, RecoveryFlows.confirmReset(reset, "log-hygiene-password").status());
        List<String> tokens = new ArrayList<>(List.of(verification, reset));
        Pattern link = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");
        MailServer.all().forEach(message -> {
            Matcher m = link.matcher(MailServer.text(message));
            while (m.find()) {
                tokens.add(m.group(1));
            }
        });

        String log = Files.readString(Path.of(System.getProperty("gatehouse.target", "target"), "it-logs", "info.log"),
                StandardCharsets.UTF_8);

        assertTrue(log.contains("auth.password_reset "), "the log is the server's, and it saw the reset");
        assertFalse(log.contains("app.gatehouse.test"), "no link in the log");
        for (String token : tokens) {
            assertFalse(log.contains(token), "a mailed token is in the log");
            assertFalse(log.contains(RecoveryFlows.hash(token)), "a token hash is in the log");
        }
    }

    /** The value of the first series of {@code name} on /metrics, 0 if there is none yet. */
    private static double metric(String name) {
        Api.Reply reply = Api.get("/metrics");
        assertEquals(200, reply.status());
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})?\\s+([0-9.Ee+-]+)$").matcher(reply.body());
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }
}
