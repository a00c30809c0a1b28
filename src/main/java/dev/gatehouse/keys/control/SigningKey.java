package dev.gatehouse.keys.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import java.util.Optional;

/**
 * A key that signs and verifies access tokens, pinned to one algorithm and named by its
 * {@code kid}: the HMAC secret, or one key pair of the published set.
 */
public interface SigningKey {

    /** The only algorithm tokens of this key are signed with and accepted in. */
    JWSAlgorithm algorithm();

    /** The {@code kid} header written and expected. */
    String keyId();

    /** Signs new tokens; empty when only the public part is known (sealed under another {@code SECRET_KEY}). */
    Optional<JWSSigner> signer();

    /** Verifies presented tokens. */
    JWSVerifier verifier();

    /** The public JWK to publish; empty for an HMAC secret, which is never published. */
    Optional<JWK> publicJwk();
}
