package dev.gatehouse.mfa.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eatthepath.otp.HmacOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6238 exactly: the SHA-1 test vectors of Appendix B, their six-digit truncation as Gatehouse
 * uses it, the step arithmetic, the drift window of one step each way, and the key URI apps scan.
 */
class TotpTest {

    /** The seed of RFC 6238 Appendix B for HMAC-SHA1: the 20 ASCII bytes "12345678901234567890". */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final String RFC_SEED_BASE32 = Base32.encode(RFC_SEED);

    @ParameterizedTest(name = "T = {0} s")
    @CsvSource({
        "59,          0000000000000001, 94287082",
        "1111111109,  00000000023523EC, 07081804",
        "1111111111,  00000000023523ED, 14050471",
        "1234567890,  000000000273EF07, 89005924",
        "2000000000,  0000000003F940AA, 69279037",
        "20000000000, 0000000027BC86AA, 65353130",
    })
    void theEightDigitSha1VectorsOfRfc6238AppendixB(long unixTime, String stepHex, String expected) {
        long step = Totp.stepAt(Instant.ofEpochSecond(unixTime));

        assertEquals(Long.parseLong(stepHex, 16), step);
        assertEquals(Integer.parseInt(expected), Totp.hotp(RFC_SEED, step, new HmacOneTimePasswordGenerator(8)));
    }

    @ParameterizedTest(name = "T = {0} s")
    @CsvSource({"59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924",
        "2000000000, 279037", "20000000000, 353130"})
    void sixDigitCodesAreTheLastSixDigitsOfTheRfcVectorsZeroPadded(long unixTime, String expected) {
        assertEquals(expected, Totp.codeAt(RFC_SEED_BASE32, Totp.stepAt(Instant.ofEpochSecond(unixTime))));
    }

    @Test
    void aStepIsThirtySecondsCountedFromTheEpoch() {
        assertEquals(0, Totp.stepAt(Instant.ofEpochSecond(29)));
        assertEquals(1, Totp.stepAt(Instant.ofEpochSecond(30)));
        assertEquals(1, Totp.stepAt(Instant.ofEpochSecond(59, 999_999_999)));
        assertEquals(2, Totp.stepAt(Instant.ofEpochSecond(60)));
    }

    @Test
    void theCurrentStepAndOneStepEitherSideMatchButNotTwo() {
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        long current = Totp.stepAt(now);

        for (int offset = -1; offset <= 1; offset++) {
            String code = Totp.codeAt(RFC_SEED_BASE32, current + offset);
            assertEquals(OptionalLong.of(current + offset), Totp.matchingStep(RFC_SEED_BASE32, code, now), "offset " + offset);
        }
        for (int offset : new int[] {-2, 2}) {
            String code = Totp.codeAt(RFC_SEED_BASE32, current + offset);
            assertEquals(OptionalLong.empty(), Totp.matchingStep(RFC_SEED_BASE32, code, now), "offset " + offset);
        }
    }

    @Test
    void aCodeOfAnotherSecretOrOfAnotherLengthMatchesNothing() {
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        String other = Base32.encode("abcdefghijabcdefghij".getBytes(StandardCharsets.US_ASCII));

        assertEquals(OptionalLong.empty(), Totp.matchingStep(RFC_SEED_BASE32, Totp.codeAt(other, Totp.stepAt(now)), now));
        assertEquals(OptionalLong.empty(), Totp.matchingStep(RFC_SEED_BASE32, "00592", now));
        assertEquals(OptionalLong.empty(), Totp.matchingStep(RFC_SEED_BASE32, "0059240", now));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12345", "1234567", "12345a", "１２３４５６", " 123456", "12 456"})
    void onlySixAsciiDigitsLookLikeACode(String typed) {
        assertFalse(Totp.looksLikeCode(typed));
    }

    @Test
    void sixAsciiDigitsLookLikeACode() {
        assertTrue(Totp.looksLikeCode("005924"));
    }

    @Test
    void aNewSecretIs160RandomBitsInBase32() {
        String secret = Totp.newSecret();

        assertEquals(32, secret.length());
        assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
        assertEquals(20, Base32.decode(secret).length);
        assertNotEquals(secret, Totp.newSecret());
    }

    @Test
    void theKeyUriNamesIssuerAndAccountAndSpellsOutEveryParameter() {
        String uri = Totp.otpauthUri("Gatehouse", "ann@example.com", "JBSWY3DPEHPK3PXP");

        assertEquals("otpauth://totp/Gatehouse:ann%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse"
                + "&algorithm=SHA1&digits=6&period=30", uri);
    }

    @Test
    void theKeyUriPercentEncodesAnIssuerWithSpacesAndColons() {
        String uri = Totp.otpauthUri("Acme Corp: Staff", "a+b@example.com", "JBSWY3DPEHPK3PXP");

        assertTrue(uri.startsWith("otpauth://totp/Acme%20Corp%3A%20Staff:a%2Bb%40example.com?secret="), uri);
        assertTrue(uri.contains("&issuer=Acme%20Corp%3A%20Staff&"), uri);
    }
}
