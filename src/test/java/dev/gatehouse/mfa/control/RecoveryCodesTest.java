package dev.gatehouse.mfa.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recovery codes: ten distinct codes of 50 random bits, forgiving input, hashes bound to their owner. */
class RecoveryCodesTest {

    @Test
    void anEnrolmentHandsOutTenDistinctGroupedCodes() {
        List<String> codes = RecoveryCodes.generate();

        assertEquals(10, codes.size());
        assertEquals(10, new HashSet<>(codes).size());
        codes.forEach(code -> assertTrue(code.matches("[A-Z2-7]{5}-[A-Z2-7]{5}"), code));
    }

    @Test
    void everyCodeCarriesAtLeastFiftyRandomBits() {
        // 10 base32 characters of 5 bits each, drawn from SecureRandom: across many codes every
        // position takes many of the 32 values, so no position is fixed or biased to a few
        List<HashSet<Character>> seen = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(),
                new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
        for (int round = 0; round < 60; round++) {
            for (String code : RecoveryCodes.generate()) {
                String plain = code.replace("-", "");
                for (int i = 0; i < plain.length(); i++) {
                    seen.get(i).add(plain.charAt(i));
                }
            }
        }
        assertTrue(RecoveryCodes.LENGTH * 5 >= 50);
        seen.forEach(values -> assertEquals(32, values.size(), "values seen at a position: " + values));
    }

    @ParameterizedTest
    @ValueSource(strings = {"K7QX2-M4TPA", "k7qx2-m4tpa", "K7QX2M4TPA", " k7qx2 m4tpa ", "K7Q-X2M-4TPA"})
    void aCodeIsAcceptedInEitherCaseWithOrWithoutSeparators(String typed) {
        assertEquals(Optional.of("K7QX2M4TPA"), RecoveryCodes.normalise(typed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "K7QX2-M4TP", "K7QX2-M4TPAB", "K7QX1-M4TPA", "K7QX2_M4TPA", "123456"})
    void anythingElseIsNoRecoveryCode(String typed) {
        assertEquals(Optional.empty(), RecoveryCodes.normalise(typed));
    }

    @Test
    void anOverlongInputIsRefusedWithoutWork() {
        assertEquals(Optional.empty(), RecoveryCodes.normalise("-".repeat(10_000) + "K7QX2M4TPA"));
    }

    @Test
    void theStoredHashIsBoundToItsOwnerAndHidesTheCode() {
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();

        String hash = RecoveryCodes.hash(ann, "K7QX2M4TPA");

        assertEquals(hash, RecoveryCodes.hash(ann, "K7QX2M4TPA"));
        assertNotEquals(hash, RecoveryCodes.hash(bob, "K7QX2M4TPA"));
        assertTrue(hash.matches("[0-9a-f]{64}") && !hash.contains("K7QX2M4TPA"), hash);
    }
}
