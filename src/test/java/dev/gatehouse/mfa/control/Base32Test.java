package dev.gatehouse.mfa.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Base32 as RFC 4648 section 10 defines it (its test vectors, without padding), both ways. */
class Base32Test {

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void encodesTheRfc4648Vectors(String text, String base32) {
        assertEquals(base32, Base32.encode(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"f, MY======", "fo, mzxq====", "foob, MZXW6YQ=", "foobar, MZXW6YTBOI"})
    void decodesEitherCaseWithOrWithoutPadding(String text, String base32) {
        assertEquals(text, new String(Base32.decode(base32), StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 19, 20, 21, 64})
    void randomBytesSurviveTheRoundTrip(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);

        assertArrayEquals(bytes, Base32.decode(Base32.encode(bytes)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW1", "MZ XW", "MZ-XW", "MZ=XW"})
    void refusesCharactersOutsideTheAlphabet(String text) {
        assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
    }
}
