package dev.gatehouse.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mindrot.jbcrypt.BCrypt;

/** Passwords are hashed with salted bcrypt at the configured cost; unknown accounts cost the same work. */
class PasswordsTest {

    private static final Passwords COST_4 = new Passwords(4);

    @Test
    void hashIsBcryptAtTheConfiguredCostAndSalted() {
        String first = COST_4.hash("correct horse");
        String second = COST_4.hash("correct horse");

        assertTrue(first.startsWith("$2a$04$"), first);
        assertEquals(60, first.length());
        assertNotEquals(first, second, "each hash has its own salt");
        assertTrue(BCrypt.checkpw("correct horse", first), "the reference bcrypt verifies it");
    }

    @Test
    void matchesAcceptsOnlyTheRightPassword() {
        String hash = COST_4.hash("correct horse");

        assertTrue(COST_4.matches("correct horse", hash));
        assertFalse(COST_4.matches("correct horsE", hash));
        assertFalse(COST_4.matches("correct horse ", hash));
        assertFalse(COST_4.matches("", hash));
    }

    @Test
    void aHashMadeAtAnotherCostStillVerifies() {
        String hash = new Passwords(5).hash("multi-cost password");

        assertTrue(COST_4.matches("multi-cost password", hash));
    }

    @Test
    void multiBytePasswordsRoundTrip() {
        String password = "pässwörd-€-\uD83D\uDE00";
        String hash = COST_4.hash(password);

        assertTrue(COST_4.matches(password, hash));
        assertFalse(COST_4.matches("passwort-€-\uD83D\uDE00", hash));
    }

    @Test
    void aMalformedHashNeverMatches() {
        assertFalse(COST_4.matches("anything", "not-a-bcrypt-hash"));
        assertFalse(COST_4.matches("anything", "$1$abcdefgh$0123456789abcdefghijkl"));
    }

    @Test
    void matchesNothingSpendsAVerificationAndSaysNo() {
        assertFalse(COST_4.matchesNothing("whatever password"));
    }

    @Test
    void needsUpgradeWhenTheHashCostIsBelowTheConfiguredCost() {
        String atFour = COST_4.hash("upgrade me please");
        Passwords cost5 = new Passwords(5);

        assertFalse(COST_4.needsUpgrade(atFour));
        assertTrue(cost5.needsUpgrade(atFour));
        assertFalse(COST_4.needsUpgrade(cost5.hash("already stronger")), "a higher cost is never downgraded");
    }

    @Test
    void anUnreadableHashNeedsUpgrade() {
        assertTrue(COST_4.needsUpgrade("garbage"));
        assertTrue(COST_4.needsUpgrade(""));
    }
}
