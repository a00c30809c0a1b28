package dev.gatehouse.platform.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A password is 8 to 72 UTF-8 bytes without NUL: bcrypt reads only the first 72 bytes. */
class PasswordRuleTest {

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void eightToSeventyTwoAsciiBytesAreAcceptable() {
        assertFalse(PasswordRule.acceptable("a".repeat(7)));
        assertTrue(PasswordRule.acceptable("a".repeat(8)));
        assertTrue(PasswordRule.acceptable("a".repeat(72)));
        assertFalse(PasswordRule.acceptable("a".repeat(73)));
    }

    @Test
    void nullAndEmptyAreNotAcceptable() {
        assertFalse(PasswordRule.acceptable(null));
        assertFalse(PasswordRule.acceptable(""));
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8Bytes() {
        String fourTwoByteChars = "éééé";
        String threeTwoByteChars = "ééé";
        assertEquals(8, utf8(fourTwoByteChars));
        assertTrue(PasswordRule.acceptable(fourTwoByteChars), "4 characters but 8 bytes");
        assertFalse(PasswordRule.acceptable(threeTwoByteChars + "a"), "4 characters but only 7 bytes");

        String twentyFourEuros = "€".repeat(24);
        assertEquals(72, utf8(twentyFourEuros));
        assertTrue(PasswordRule.acceptable(twentyFourEuros));
        assertFalse(PasswordRule.acceptable(twentyFourEuros + "a"), "25 characters but 73 bytes");

        String eighteenEmoji = "\uD83D\uDE00".repeat(18);
        assertEquals(72, utf8(eighteenEmoji));
        assertTrue(PasswordRule.acceptable(eighteenEmoji));
        assertFalse(PasswordRule.acceptable("\uD83D\uDE00".repeat(19)), "38 UTF-16 chars, 76 bytes");
        assertTrue(PasswordRule.acceptable("\uD83D\uDE00\uD83D\uDE00"), "4 UTF-16 chars, 8 bytes");
    }

    @Test
    void aNulCharacterAnywhereIsNotAcceptable() {
        assertFalse(PasswordRule.acceptable("\0abcdefgh"));
        assertFalse(PasswordRule.acceptable("abcd\0efgh"));
        assertFalse(PasswordRule.acceptable("abcdefgh\0"));
    }
}
