package dev.gatehouse.mfa.control;

import dev.gatehouse.platform.crypto.Digests;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Recovery codes: what stands in for the authenticator app once each when the device is lost.
 * {@link #COUNT} codes of {@link #LENGTH} base32 characters (50 random bits each), shown as two
 * groups of five ({@code K7QX2-M4TPA}) and accepted in either case, with or without the hyphen and
 * spaces. Stored as SHA-256 over the user id and the normalised code: 50 random bits leave nothing
 * for a dictionary, and binding the hash to the user means a code never matches another account.
 */
public final class RecoveryCodes {

    /** How many codes an enrolment hands out (API.md). */
    public static final int COUNT = 10;
    /** Base32 characters in a code: 10 × 5 = 50 random bits. */
    public static final int LENGTH = 10;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    /** {@link #COUNT} new codes, as the owner is shown them once. */
    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        while (codes.size() < COUNT) {
            byte[] random = new byte[7];
            RANDOM.nextBytes(random);
            String code = Base32.encode(random).substring(0, LENGTH);
            String shown = code.substring(0, LENGTH / 2) + "-" + code.substring(LENGTH / 2);
            if (!codes.contains(shown)) {
                codes.add(shown);
            }
        }
        return List.copyOf(codes);
    }

    /**
     * The code as stored and compared: upper case, hyphens and white space removed.
     *
     * @return empty for anything that cannot be a recovery code (wrong length or characters)
     */
    public static Optional<String> normalise(String typed) {
        if (typed.length() > 4 * LENGTH) {
            return Optional.empty();
        }
        String code = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        return code.matches("[A-Z2-7]{" + LENGTH + "}") ? Optional.of(code) : Optional.empty();
    }

    /** What is stored for {@code normalisedCode} of {@code userId}. */
    public static String hash(UUID userId, String normalisedCode) {
        return Digests.sha256Hex("recovery-code:" + userId + ":" + normalisedCode);
    }
}
