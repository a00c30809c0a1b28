package dev.gatehouse.platform.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Authenticated encryption of secrets kept at rest (signing keys' private parts, queued mail
 * bodies, TOTP secrets): AES-256-GCM under a key derived from {@code SECRET_KEY} with HKDF-SHA256,
 * one key per purpose, both from Google Tink, so reading the database hands no one a usable
 * secret. Each value is bound to a context (its row's id, say) as associated data: a sealed
 * value copied to another row does not open there. The one piece of code every component uses
 * for this.
 *
 * <p>Opening fails (rather than returning garbage) when the value was sealed under another
 * {@code SECRET_KEY}, for another purpose or context, or was altered.
 */
public final class SecretBox {

    private static final byte[] SALT = "gatehouse secret-box v1".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Aead aead;

    /**
     * @param secretKey the bytes of {@code SECRET_KEY}
     * @param purpose what this box seals ({@code "signing-keys"}, {@code "mail"}, {@code "totp"}):
     *        each purpose gets its own derived key
     */
    public SecretBox(byte[] secretKey, String purpose) {
        try {
            byte[] key = Hkdf.computeHkdf("HMACSHA256", secretKey, SALT, purpose.getBytes(StandardCharsets.UTF_8), 32);
            this.aead = new AesGcmJce(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM with HKDF-SHA256 unavailable", e);
        }
    }

    /** Encrypts {@code plaintext} for {@code context}; a fresh random nonce each time. */
    public byte[] seal(byte[] plaintext, String context) {
        try {
            return aead.encrypt(plaintext, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * Decrypts a value sealed for {@code context}.
     *
     * @throws GeneralSecurityException if it was sealed under another key, purpose or context, or altered
     */
    public byte[] open(byte[] sealed, String context) throws GeneralSecurityException {
        return aead.decrypt(sealed, context.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #seal} of UTF-8 text, as base64 text for a text column. */
    public String sealText(String plaintext, String context) {
        return B64.encodeToString(seal(plaintext.getBytes(StandardCharsets.UTF_8), context));
    }

    /**
     * {@link #open} of a value made by {@link #sealText}.
     *
     * @throws GeneralSecurityException as {@link #open}, and for text that is not base64
     */
    public String openText(String sealed, String context) throws GeneralSecurityException {
        byte[] bytes;
        try {
            bytes = B64D.decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not a sealed value");
        }
        return new String(open(bytes, context), StandardCharsets.UTF_8);
    }
}
