package dev.gatehouse.mail.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Delivery state of an outbox row: exponential backoff, a bounded number of attempts, no body once finished. */
class OutboxMailTest {

    private static final Instant NOW = Instant.parse("2026-11-24T14:03:00Z");
    private static final Duration BASE = Duration.ofSeconds(30);

    private static OutboxMail pending() {
        return new OutboxMail(UUID.randomUUID(), "password-reset", "ann@example.com", "sealed", NOW);
    }

    @ParameterizedTest
    @CsvSource({"1, 30", "2, 60", "3, 120", "4, 240", "7, 1920", "8, 3600", "9, 3600", "40, 3600", "0, 30"})
    void eachFailedAttemptDoublesTheWaitUpToAnHour(int attempts, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), OutboxMail.retryDelay(attempts, BASE));
    }

    @Test
    void aNewMailIsPendingAndDueAtOnce() {
        OutboxMail mail = pending();

        assertEquals(OutboxMail.PENDING, mail.status());
        assertEquals(NOW, mail.nextAttemptAt());
        assertEquals(0, mail.attempts());
        assertEquals("sealed", mail.sealedBody());
    }

    @Test
    void aFailedAttemptWaitsForTheBackoffAndKeepsTheBody() {
        OutboxMail mail = pending();

        boolean gaveUp = mail.attemptFailed(NOW, "MailConnectException: refused", false, 5, BASE);
        mail.attemptFailed(NOW.plusSeconds(30), "again", false, 5, BASE);

        assertFalse(gaveUp);
        assertEquals(OutboxMail.PENDING, mail.status());
        assertEquals(2, mail.attempts());
        assertEquals(NOW.plusSeconds(30 + 60), mail.nextAttemptAt());
        assertEquals("again", mail.lastError());
        assertEquals("sealed", mail.sealedBody());
    }

    @Test
    void theLastAllowedAttemptFailsTheMailForGoodAndDeletesTheBody() {
        OutboxMail mail = pending();
        for (int i = 0; i < 2; i++) {
            assertFalse(mail.attemptFailed(NOW, "down", false, 3, BASE));
        }

        assertTrue(mail.attemptFailed(NOW, "down", false, 3, BASE));
        assertEquals(OutboxMail.FAILED, mail.status());
        assertEquals(3, mail.attempts());
        assertNull(mail.sealedBody());
        assertEquals(NOW, mail.finishedAt());
    }

    @Test
    void aPermanentFailureGivesUpAtOnce() {
        OutboxMail mail = pending();

        assertTrue(mail.attemptFailed(NOW, "x".repeat(400), true, 10, BASE));
        assertEquals(OutboxMail.FAILED, mail.status());
        assertEquals(255, mail.lastError().length(), "the error is cut to the column");
    }

    @Test
    void aDeliveredMailLosesItsBodyAndCannotBeDeliveredAgain() {
        OutboxMail mail = pending();

        mail.delivered(NOW);

        assertEquals(OutboxMail.SENT, mail.status());
        assertNull(mail.sealedBody());
        assertEquals(1, mail.attempts());
        assertThrows(IllegalStateException.class, () -> mail.delivered(NOW));
        assertThrows(IllegalStateException.class, () -> mail.attemptFailed(NOW, "late", false, 3, BASE));
    }
}
