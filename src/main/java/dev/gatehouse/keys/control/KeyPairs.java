package dev.gatehouse.keys.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/** New key pairs for the key-pair algorithms: RSA and P-256 by Nimbus with the JDK, Ed25519 by Tink. */
public final class KeyPairs {

    private KeyPairs() {
    }

    /** A fresh private JWK for {@code algorithm}, named {@code kid}, for signing. */
    public static JWK generate(JWSAlgorithm algorithm, String kid) {
        try {
            if (JWSAlgorithm.RS256.equals(algorithm)) {
                return new RSAKeyGenerator(PairSigningKey.MIN_RSA_BITS).keyID(kid).algorithm(algorithm)
                        .keyUse(KeyUse.SIGNATURE).generate();
            }
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).generate();
            }
            if (JWSAlgorithm.EdDSA.equals(algorithm)) {
                return Ed25519Jws.generate(kid);
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
        throw new IllegalArgumentException(algorithm + " is not a key-pair algorithm");
    }
}
