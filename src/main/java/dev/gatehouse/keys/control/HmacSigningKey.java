package dev.gatehouse.keys.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWK;
import dev.gatehouse.platform.crypto.Digests;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HS256/384/512 with the bytes of {@code SECRET_KEY} (the settings already checked its length).
 * Its {@code kid} is derived from the secret by a one-way hash, so it names the key without
 * revealing anything of it, and changes when the secret does.
 */
public final class HmacSigningKey implements SigningKey {

    private final JWSAlgorithm algorithm;
    private final String keyId;
    private final MACSigner signer;
    private final MACVerifier verifier;

    /**
     * @param algorithm one of HS256, HS384, HS512
     * @param secret at least as many bytes as the algorithm's hash
     */
    public HmacSigningKey(String algorithm, byte[] secret) {
        this.algorithm = JWSAlgorithm.parse(algorithm);
        if (!JWSAlgorithm.Family.HMAC_SHA.contains(this.algorithm)) {
            throw new IllegalArgumentException("not an HMAC algorithm: " + algorithm);
        }
        byte[] label = "gatehouse hmac kid".getBytes(StandardCharsets.UTF_8);
        byte[] digest = Digests.sha256(ByteBuffer.allocate(label.length + secret.length).put(label).put(secret).array());
        this.keyId = "hs-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable HMAC key: " + e.getMessage(), e);
        }
    }

    /** The pinned algorithm. */
    @Override
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** {@code hs-} and 16 characters of a hash of the secret. */
    @Override
    public String keyId() {
        return keyId;
    }

    /** A thread-safe signer. */
    @Override
    public Optional<JWSSigner> signer() {
        return Optional.of(signer);
    }

    /** A thread-safe verifier. */
    @Override
    public JWSVerifier verifier() {
        return verifier;
    }

    /** Never published. */
    @Override
    public Optional<JWK> publicJwk() {
        return Optional.empty();
    }
}
