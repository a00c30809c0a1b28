package dev.gatehouse.mfa.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The credential's rules: enrol, confirm, and never accept a code of a step already used or older. */
class TotpCredentialTest {

    private static final Instant NOW = Instant.parse("2026-11-24T14:03:00Z");
    private final TotpCredential credential = new TotpCredential(UUID.randomUUID());

    @Test
    void anEnrolmentIsPendingUntilConfirmed() {
        credential.startEnrolment("sealed-1", NOW);

        assertTrue(credential.pending());
        assertFalse(credential.enabled());
        assertEquals(NOW, credential.pendingSince());
    }

    @Test
    void aNewEnrolmentReplacesThePendingSecret() {
        credential.startEnrolment("sealed-1", NOW);
        credential.startEnrolment("sealed-2", NOW.plusSeconds(5));

        assertEquals("sealed-2", credential.pendingSecret());
    }

    @Test
    void confirmingEnablesThePendingSecretAndSpendsTheConfirmingStep() {
        credential.startEnrolment("sealed-1", NOW);

        credential.confirm(100, NOW);

        assertTrue(credential.enabled());
        assertFalse(credential.pending());
        assertEquals("sealed-1", credential.sealedSecret());
        assertNull(credential.pendingSecret());
        assertEquals(NOW, credential.enabledAt());
        assertEquals(100L, credential.lastUsedStep());
        assertFalse(credential.accept(100), "the confirming code does not log in again");
        assertTrue(credential.accept(101));
    }

    @Test
    void confirmingWithNothingPendingIsRefused() {
        assertThrows(IllegalStateException.class, () -> credential.confirm(1, NOW));
    }

    @Test
    void enrollingWhileEnabledIsRefused() {
        credential.startEnrolment("sealed-1", NOW);
        credential.confirm(100, NOW);

        assertThrows(IllegalStateException.class, () -> credential.startEnrolment("sealed-2", NOW));
    }

    @Test
    void onlyStepsLaterThanTheLastAcceptedOneAreAccepted() {
        credential.startEnrolment("sealed-1", NOW);
        credential.confirm(100, NOW);

        assertTrue(credential.accept(102));
        assertFalse(credential.accept(102), "replay of the same step");
        assertFalse(credential.accept(101), "an earlier step after a later one");
        assertTrue(credential.accept(103));
        assertEquals(103L, credential.lastUsedStep());
    }

    @Test
    void theFirstCodeOfACredentialWithNoHistoryIsAccepted() {
        assertNull(credential.lastUsedStep());
        assertTrue(credential.accept(5));
    }
}
