package dev.gatehouse.platform.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Sealed values open only under the same key, purpose and context, and reveal nothing of the plaintext. */
class SecretBoxTest {

    private static final byte[] KEY = "a test key of more than thirty-two bytes, not a real one".getBytes(StandardCharsets.UTF_8);
    private final SecretBox box = new SecretBox(KEY, "mail");

    @Test
    void aSealedValueOpensToThePlaintext() throws GeneralSecurityException {
        String sealed = box.sealText("https://app.test/reset?token=abc", "row-1");

        assertEquals("https://app.test/reset?token=abc", box.openText(sealed, "row-1"));
        assertFalse(contains(Base64.getDecoder().decode(sealed), "reset?token=abc".getBytes(StandardCharsets.UTF_8)),
                "the sealed bytes do not carry the plaintext");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void sealingTwiceGivesDifferentCiphertexts() {
        assertNotEquals(box.sealText("same", "row-1"), box.sealText("same", "row-1"));
    }

    @Test
    void anotherContextDoesNotOpenIt() {
        String sealed = box.sealText("secret", "row-1");

        assertThrows(GeneralSecurityException.class, () -> box.openText(sealed, "row-2"));
    }

    @Test
    void anotherPurposeDoesNotOpenIt() {
        String sealed = box.sealText("secret", "row-1");

        assertThrows(GeneralSecurityException.class, () -> new SecretBox(KEY, "totp").openText(sealed, "row-1"));
    }

    @Test
    void anotherSecretKeyDoesNotOpenIt() {
        String sealed = box.sealText("secret", "row-1");
        byte[] other = KEY.clone();
        other[0] ^= 1;

        assertThrows(GeneralSecurityException.class, () -> new SecretBox(other, "mail").openText(sealed, "row-1"));
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        byte[] sealed = box.seal("secret".getBytes(StandardCharsets.UTF_8), "row-1");
        sealed[sealed.length - 1] ^= 1;

        assertThrows(GeneralSecurityException.class, () -> box.open(sealed, "row-1"));
        assertThrows(GeneralSecurityException.class, () -> box.openText("not base64 !", "row-1"));
    }

    @Test
    void bytesRoundTrip() throws GeneralSecurityException {
        byte[] plain = {0, 1, 2, (byte) 255};

        assertArrayEquals(plain, box.open(box.seal(plain, "k"), "k"));
    }
}
