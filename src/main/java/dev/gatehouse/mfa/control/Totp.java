package dev.gatehouse.mfa.control;

import com.eatthepath.otp.HmacOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords exactly as API.md fixes them: HMAC-SHA1, 6 digits,
 * 30-second steps counted from the Unix epoch, one step of drift either way. The HOTP value of a
 * step (RFC 4226) comes from {@code com.eatthepath:java-otp}; this class adds the verifier's side:
 * which step a typed code belongs to, compared in constant time over the whole drift window, and
 * the {@code otpauth://} URI that authenticator apps scan. The replay rule (only later steps count)
 * is the credential's, which holds the last accepted step.
 */
public final class Totp {

    /** The length of a step (RFC 6238's X). */
    public static final Duration STEP = Duration.ofSeconds(30);
    /** Digits of a code. */
    public static final int DIGITS = 6;
    /** Steps accepted on either side of the current one (clock drift of the phone). */
    public static final int DRIFT = 1;
    /** Random bytes in a secret: 160 bits, the size of an HMAC-SHA1 key (RFC 4226 section 4, R6). */
    public static final int SECRET_BYTES = 20;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HmacOneTimePasswordGenerator HOTP = new HmacOneTimePasswordGenerator(DIGITS);

    private Totp() {
    }

    /** A new random secret, base32 as apps take it (32 characters for 160 bits). */
    public static String newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return Base32.encode(secret);
    }

    /** The time step {@code instant} falls in: whole steps since the Unix epoch (RFC 6238's T). */
    public static long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.toSeconds());
    }

    /** The six-digit code of {@code base32Secret} for time step {@code step}, zero-padded. */
    public static String codeAt(String base32Secret, long step) {
        return String.format("%0" + DIGITS + "d", hotp(Base32.decode(base32Secret), step, HOTP));
    }

    /**
     * The HOTP value of {@code secret} for counter {@code counter} with {@code generator}'s digits:
     * the one place the library is called.
     */
    static int hotp(byte[] secret, long counter, HmacOneTimePasswordGenerator generator) {
        try {
            return generator.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), counter);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 refused a secret", e);
        }
    }

    /**
     * The step within the drift window around {@code now} whose code is {@code code}, the latest if
     * several match. Every step of the window is computed and compared in constant time, so the
     * answer takes the same time whichever step matched, or none.
     *
     * @return empty for anything that is not the code of one of those steps (wrong digits, another length)
     */
    public static OptionalLong matchingStep(String base32Secret, String code, Instant now) {
        long current = stepAt(now);
        byte[] typed = code.getBytes(StandardCharsets.US_ASCII);
        long matched = Long.MIN_VALUE;
        for (long step = current - DRIFT; step <= current + DRIFT; step++) {
            byte[] expected = codeAt(base32Secret, step).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, typed)) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /** True when {@code code} has the shape of a TOTP code: exactly six ASCII digits. */
    public static boolean looksLikeCode(String code) {
        return code.length() == DIGITS && code.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * The {@code otpauth://totp/...} URI (Google Authenticator's key URI format, which every app
     * reads): label {@code issuer:email}, the secret, and the parameters spelled out although they
     * are the defaults, so an app never guesses.
     */
    public static String otpauthUri(String issuer, String email, String base32Secret) {
        String label = encode(issuer) + ":" + encode(email);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    /** Percent-encoding for a URI component: spaces as {@code %20}, as the key URI format wants (not {@code +}). */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
