package dev.gatehouse.keys.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;

/**
 * The key that signs and verifies access tokens, pinned to one algorithm. Today an HMAC secret;
 * an RSA or EC key pair with a published JWKS is a second implementation of this interface and
 * touches nothing else.
 */
public interface SigningKey {

    /** The only algorithm tokens are signed with and accepted in. */
    JWSAlgorithm algorithm();

    /** Signs new tokens. */
    JWSSigner signer();

    /** Verifies presented tokens. */
    JWSVerifier verifier();

    /** The {@code kid} header written and expected, or {@code null} for a single unnamed key. */
    default String keyId() {
        return null;
    }
}
