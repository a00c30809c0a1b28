package dev.gatehouse.keys.control;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.util.Set;

/**
 * EdDSA (Ed25519) JWS signing and verification with Google Tink, the library Nimbus names for
 * Ed25519, behind Nimbus's {@link JWSSigner} and {@link JWSVerifier} interfaces. Nimbus's own
 * {@code Ed25519Signer} cannot be used on Payara: the server ships Nimbus itself and loads it
 * parent-first, where it cannot see the Tink inside the WAR; these two classes live in the WAR
 * with Tink and work on every server.
 */
final class Ed25519Jws {

    private static final Set<JWSAlgorithm> EDDSA = Set.of(JWSAlgorithm.EdDSA);

    private Ed25519Jws() {
    }

    /** A new Ed25519 key pair as a private JWK named {@code kid}, for signing with EdDSA. */
    static OctetKeyPair generate(String kid) {
        try {
            Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPair();
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(pair.getPublicKey()))
                    .d(Base64URL.encode(pair.getPrivateKey())).keyID(kid).algorithm(JWSAlgorithm.EdDSA)
                    .keyUse(KeyUse.SIGNATURE).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key", e);
        }
    }

    /** Signs with the private part of {@code key}. */
    static JWSSigner signer(OctetKeyPair key) {
        try {
            Ed25519Sign tink = new Ed25519Sign(key.getDecodedD());
            return new Signer(tink);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable Ed25519 private key", e);
        }
    }

    /** Verifies with the public part of {@code key}. */
    static JWSVerifier verifier(OctetKeyPair key) {
        return new Verifier(new Ed25519Verify(key.getDecodedX()));
    }

    private static final class Signer implements JWSSigner {
        private final Ed25519Sign tink;
        private final JCAContext context = new JCAContext();

        Signer(Ed25519Sign tink) {
            this.tink = tink;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                throw new JOSEException("not an EdDSA header: " + header.getAlgorithm());
            }
            try {
                return Base64URL.encode(tink.sign(signingInput));
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed", e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return EDDSA;
        }

        @Override
        public JCAContext getJCAContext() {
            return context;
        }
    }

    private static final class Verifier implements JWSVerifier {
        private final Ed25519Verify tink;
        private final JCAContext context = new JCAContext();

        Verifier(Ed25519Verify tink) {
            this.tink = tink;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                return false;
            }
            try {
                tink.verify(signature.decode(), signingInput);
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return EDDSA;
        }

        @Override
        public JCAContext getJCAContext() {
            return context;
        }
    }
}
