package dev.gatehouse.keys.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;

/** HS256/384/512 with the bytes of {@code SECRET_KEY}; the settings already checked its length. */
public final class HmacSigningKey implements SigningKey {

    private final JWSAlgorithm algorithm;
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

    /** A thread-safe signer. */
    @Override
    public JWSSigner signer() {
        return signer;
    }

    /** A thread-safe verifier. */
    @Override
    public JWSVerifier verifier() {
        return verifier;
    }
}
