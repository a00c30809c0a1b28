package dev.gatehouse.keys.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Optional;

/**
 * One key pair of RS256 (RSA, at least 2048 bits), ES256 (P-256) or EdDSA (Ed25519), as a Nimbus
 * JWK. The JWK's type must fit the algorithm; a JWK without its private part only verifies.
 */
public final class PairSigningKey implements SigningKey {

    /** The smallest RSA modulus accepted. */
    public static final int MIN_RSA_BITS = 2048;

    private final JWSAlgorithm algorithm;
    private final JWK publicJwk;
    private final JWSSigner signer;
    private final JWSVerifier verifier;

    private PairSigningKey(JWSAlgorithm algorithm, JWK publicJwk, JWSSigner signer, JWSVerifier verifier) {
        this.algorithm = algorithm;
        this.publicJwk = publicJwk;
        this.signer = signer;
        this.verifier = verifier;
    }

    /**
     * The key {@code jwk} (private or public) for {@code algorithm}.
     *
     * @throws IllegalArgumentException with a sentence an operator can act on when the key does
     *         not fit the algorithm, is too weak, or has no {@code kid}
     */
    public static PairSigningKey of(JWK jwk, JWSAlgorithm algorithm) {
        if (jwk.getKeyID() == null) {
            throw new IllegalArgumentException("the key has no kid");
        }
        try {
            if (JWSAlgorithm.RS256.equals(algorithm)) {
                if (!(jwk instanceof RSAKey rsa)) {
                    throw new IllegalArgumentException("RS256 needs an RSA key, not " + jwk.getKeyType());
                }
                if (rsa.size() < MIN_RSA_BITS) {
                    throw new IllegalArgumentException("the RSA key has " + rsa.size() + " bits; RS256 needs at least "
                            + MIN_RSA_BITS);
                }
                return new PairSigningKey(algorithm, rsa.toPublicJWK(), rsa.isPrivate() ? new RSASSASigner(rsa) : null,
                        new RSASSAVerifier(rsa.toRSAPublicKey()));
            }
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
                    throw new IllegalArgumentException("ES256 needs an EC key on the P-256 curve");
                }
                return new PairSigningKey(algorithm, ec.toPublicJWK(), ec.isPrivate() ? new ECDSASigner(ec) : null,
                        new ECDSAVerifier(ec.toPublicJWK()));
            }
            if (JWSAlgorithm.EdDSA.equals(algorithm)) {
                if (!(jwk instanceof OctetKeyPair okp) || !Curve.Ed25519.equals(okp.getCurve())) {
                    throw new IllegalArgumentException("EdDSA needs an Ed25519 key");
                }
                return new PairSigningKey(algorithm, okp.toPublicJWK(), okp.isPrivate() ? Ed25519Jws.signer(okp) : null,
                        Ed25519Jws.verifier(okp));
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(algorithm + " is not a key-pair algorithm");
    }

    /** The pinned algorithm. */
    @Override
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** The JWK's {@code kid}. */
    @Override
    public String keyId() {
        return publicJwk.getKeyID();
    }

    /** Present when the private part is known. */
    @Override
    public Optional<JWSSigner> signer() {
        return Optional.ofNullable(signer);
    }

    /** Verifies with the public part. */
    @Override
    public JWSVerifier verifier() {
        return verifier;
    }

    /** The public JWK, never a private part. */
    @Override
    public Optional<JWK> publicJwk() {
        return Optional.of(publicJwk);
    }
}
