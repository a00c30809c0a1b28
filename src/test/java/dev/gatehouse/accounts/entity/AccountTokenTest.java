package dev.gatehouse.accounts.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A mailed token works once, before it expires, and never after it was revoked. */
class AccountTokenTest {

    private static final Instant NOW = Instant.parse("2026-11-24T14:03:00Z");

    private static AccountToken token() {
        return new AccountToken(UUID.randomUUID(), TokenPurpose.PASSWORD_RESET, "ab".repeat(32), "ann@example.com",
                NOW, NOW.plusSeconds(1800));
    }

    @Test
    void aFreshTokenIsUsableUntilItExpires() {
        AccountToken token = token();

        assertTrue(token.usableAt(NOW));
        assertTrue(token.usableAt(NOW.plusSeconds(1799)));
        assertFalse(token.usableAt(NOW.plusSeconds(1800)), "expiry is exclusive");
        assertEquals(TokenPurpose.PASSWORD_RESET, token.purpose());
    }

    @Test
    void aTokenWorksOnce() {
        AccountToken token = token();

        token.use(NOW);

        assertFalse(token.usableAt(NOW));
        assertThrows(IllegalStateException.class, () -> token.use(NOW));
    }

    @Test
    void aRevokedTokenNeverWorksAndKeepsItsFirstReason() {
        AccountToken token = token();

        token.revoke(NOW, "superseded");
        token.revoke(NOW.plusSeconds(5), "password_changed");

        assertFalse(token.usableAt(NOW));
        assertEquals("superseded", token.revokeReason());
        assertEquals(NOW, token.revokedAt());
        assertThrows(IllegalStateException.class, () -> token.use(NOW));
    }

    @Test
    void aUsedTokenIsNotMarkedRevokedAfterwards() {
        AccountToken token = token();
        token.use(NOW);

        token.revoke(NOW, "superseded");

        assertEquals(null, token.revokedAt());
        assertEquals(NOW, token.usedAt());
    }

    @Test
    void purposesRoundTripThroughTheirStoredNames() {
        for (TokenPurpose purpose : TokenPurpose.values()) {
            assertEquals(purpose, TokenPurpose.fromStored(purpose.stored()));
        }
        assertThrows(IllegalStateException.class, () -> TokenPurpose.fromStored("login"));
    }
}
