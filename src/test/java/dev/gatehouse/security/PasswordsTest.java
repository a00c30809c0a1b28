package dev.gatehouse.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Passwords are 8 to 72 UTF-8 bytes without NUL, hashed with salted bcrypt at the configured cost. */
class PasswordsTest {

    private static final Passwords COST_4 = new Passwords(4);

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void eightToSeventyTwoAsciiBytesAreAcceptable() {
        assertFalse(Passwords.acceptable("a".repeat(7)));
        assertTrue(Passwords.acceptable("a".repeat(8)));
        assertTrue(Passwords.acceptable("a".repeat(72)));
        assertFalse(Passwords.acceptable("a".repeat(73)));
    }

    @Test
    void nullAndEmptyAreNotAcceptable() {
        assertFalse(Passwords.acceptable(null));
        assertFalse(Passwords.acceptable(""));
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8Bytes() {
        String fourTwoByteChars = "éééé";
        String threeTwoByteChars = "ééé";
        assertEquals(8, utf8(fourTwoByteChars));
        assertTrue(Passwords.acceptable(fourTwoByteChars), "4 characters but 8 bytes");
        assertFalse(Passwords.acceptable(threeTwoByteChars + "a"), "4 characters but only 7 bytes");

        String twentyFourEuros = "€".repeat(24);
        assertEquals(72, utf8(twentyFourEuros));
        assertTrue(Passwords.acceptable(twentyFourEuros));
        assertFalse(Passwords.acceptable(twentyFourEuros + "a"), "25 characters but 73 bytes");

        String eighteenEmoji = "\uD83D\uDE00".repeat(18);
        assertEquals(72, utf8(eighteenEmoji));
        assertTrue(Passwords.acceptable(eighteenEmoji));
        assertFalse(Passwords.acceptable("\uD83D\uDE00".repeat(19)), "38 UTF-16 chars, 76 bytes");
        assertTrue(Passwords.acceptable("\uD83D\uDE00\uD83D\uDE00"), "4 UTF-16 chars, 8 bytes");
    }

    @Test
    void aNulCharacterAnywhereIsNotAcceptable() {
        assertFalse(Passwords.acceptable("\0abcdefgh"));
        assertFalse(Passwords.acceptable("abcd\0efgh"));
        assertFalse(Passwords.acceptable("abcdefgh\0"));
    }

    @Test
    void hashIsBcryptAtTheConfiguredCostAndSalted() {
        String first = COST_4.hash("correct horse");
        String second = COST_4.hash("correct horse");

        assertTrue(first.startsWith("$2a$04$"), first);
        assertEquals(60, first.length());
        assertNotEquals(first, second, "each hash has its own salt");
        assertFalse(first.contains("correct horse"));
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
