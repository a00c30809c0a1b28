package dev.gatehouse.sessions.control;

import dev.gatehouse.keys.control.TokenException;
import dev.gatehouse.platform.config.TokenSettings;
import dev.gatehouse.platform.crypto.Digests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque refresh tokens: {@code base64url(session id ‖ 32 random bytes) "." base64url(HMAC)}.
 * The session id lets a refresh lock exactly one session row; the MAC (under a key derived from
 * {@code SECRET_KEY}) proves the token was issued here, so a well-signed token whose hash is not
 * the session's current one can only be a rotated-away token, that is reuse, and never a guess.
 * Only {@link #hash} of a token is stored.
 */
@ApplicationScoped
public class RefreshTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int RANDOM_BYTES = 32;
    private static final int PAYLOAD_BYTES = 16 + RANDOM_BYTES;

    private final SecureRandom random = new SecureRandom();
    private byte[] macKey;

    /** For CDI proxies. */
    protected RefreshTokens() {
    }

    /** Derives the MAC key from {@code SECRET_KEY}. */
    @Inject
    public RefreshTokens(TokenSettings settings) {
        this(settings.secretKey());
    }

    /** Derives the MAC key from {@code secret}: HMAC-SHA256(secret, purpose label). */
    public RefreshTokens(byte[] secret) {
        this.macKey = hmac(secret, "gatehouse refresh-token v1".getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh token for session {@code sessionId}. */
    public String issue(UUID sessionId) {
        byte[] randomPart = new byte[RANDOM_BYTES];
        random.nextBytes(randomPart);
        byte[] payload = ByteBuffer.allocate(PAYLOAD_BYTES)
                .putLong(sessionId.getMostSignificantBits())
                .putLong(sessionId.getLeastSignificantBits())
                .put(randomPart)
                .array();
        return B64.encodeToString(payload) + "." + B64.encodeToString(hmac(macKey, payload));
    }

    /**
     * The session id of a token this server issued.
     *
     * @throws TokenException for anything malformed or not signed by this server
     */
    public UUID sessionOf(String token) throws TokenException {
        if (token == null) {
            throw TokenException.invalid("no refresh token");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw TokenException.invalid("malformed refresh token");
        }
        byte[] payload;
        byte[] mac;
        try {
            payload = B64D.decode(token.substring(0, dot));
            mac = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw TokenException.invalid("malformed refresh token");
        }
        if (payload.length != PAYLOAD_BYTES || !MessageDigest.isEqual(mac, hmac(macKey, payload))) {
            throw TokenException.invalid("refresh token not issued here");
        }
        // Base64's spare low bits let other spellings decode to the same bytes; only the issued one
        // counts, or a re-spelled copy of the live token would look like reuse and end the session.
        if (!token.equals(B64.encodeToString(payload) + "." + B64.encodeToString(mac))) {
            throw TokenException.invalid("refresh token not in its issued form");
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** SHA-256 hex of the token: what the sessions table stores. */
    public static String hash(String token) {
        return Digests.sha256Hex(token);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
