package dev.gatehouse.mfa.control;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * RFC 4648 base32 (alphabet {@code A-Z2-7}) without padding: the form in which authenticator apps
 * take a TOTP secret ({@code otpauth://...?secret=}) and in which people type recovery codes. The
 * JDK has no base32, and the libraries that do (Apache Commons Codec) are shadowed by application
 * servers' own copies; these forty lines are pinned to RFC 4648's test vectors in {@code Base32Test}.
 */
public final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {
    }

    /** The base32 text of {@code bytes}, upper case, no padding. */
    public static String encode(byte[] bytes) {
        StringBuilder text = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return text.toString();
    }

    /**
     * The bytes of base32 {@code text}, either case, trailing {@code =} padding allowed.
     *
     * @throws IllegalArgumentException for a character outside the alphabet
     */
    public static byte[] decode(String text) {
        String clean = text.toUpperCase(Locale.ROOT).replaceAll("=+$", "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < clean.length(); i++) {
            int value = ALPHABET.indexOf(clean.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return bytes.toByteArray();
    }
}
