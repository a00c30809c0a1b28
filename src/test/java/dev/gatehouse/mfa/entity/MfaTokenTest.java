package dev.gatehouse.mfa.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An mfa_token works once, until it expires, and dies at the fifth wrong code; recovery codes work once. */
class MfaTokenTest {

    private static final Instant NOW = Instant.parse("2026-11-24T14:03:00Z");
    private final MfaToken token = new MfaToken(UUID.randomUUID(), "hash", NOW, NOW.plusSeconds(300));

    @Test
    void aFreshTokenIsUsableUntilItExpires() {
        assertTrue(token.usableAt(NOW));
        assertTrue(token.usableAt(NOW.plusSeconds(299)));
        assertFalse(token.usableAt(NOW.plusSeconds(300)));
    }

    @Test
    void theFifthWrongCodeKillsTheToken() {
        for (int wrong = 1; wrong <= 4; wrong++) {
            assertFalse(token.wrongCode(), "wrong code " + wrong);
            assertTrue(token.usableAt(NOW), "usable after " + wrong + " wrong codes");
        }

        assertTrue(token.wrongCode());
        assertFalse(token.usableAt(NOW));
        assertEquals(5, token.wrongAttempts());
    }

    @Test
    void aUsedTokenIsNotUsableAndCannotBeUsedAgain() {
        token.use(NOW);

        assertFalse(token.usableAt(NOW));
        assertThrows(IllegalStateException.class, () -> token.use(NOW));
    }

    @Test
    void aRecoveryCodeWorksOnce() {
        RecoveryCode code = new RecoveryCode(UUID.randomUUID(), "hash", NOW);

        code.use(NOW);

        assertEquals(NOW, code.usedAt());
        assertThrows(IllegalStateException.class, () -> code.use(NOW));
    }
}
