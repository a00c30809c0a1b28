package dev.gatehouse.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds access tokens the way an attacker (or a well-behaved server) would: starting from the
 * claims of a genuine token, then changing one thing — a claim, the header type, the algorithm or
 * the key. With no change it yields a token the server must accept, which is what makes each
 * refusal meaningful.
 */
final class TokenForge {

    /** The {@code typ} of genuine access tokens. */
    static final JOSEObjectType ACCESS_TYPE = new JOSEObjectType("at+jwt");

    private final Map<String, Object> claims;
    private JWSAlgorithm algorithm = JWSAlgorithm.HS256;
    private JOSEObjectType type = ACCESS_TYPE;
    private byte[] key = TestSecrets.signingKey();

    private TokenForge(Map<String, Object> claims) {
        this.claims = claims;
    }

    /** Starts from the claims of {@code accessToken}, a token the server issued. */
    static TokenForge basedOn(String accessToken) {
        try {
            return new TokenForge(new LinkedHashMap<>(SignedJWT.parse(accessToken).getJWTClaimsSet().toJSONObject()));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWT: " + e.getMessage(), e);
        }
    }

    /** One string claim of a token the server issued. */
    static String claimOf(String accessToken, String name) {
        try {
            return SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim(name);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWT: " + e.getMessage(), e);
        }
    }

    /** Sets or replaces a claim; an {@link Instant} becomes seconds since the epoch. */
    TokenForge claim(String name, Object value) {
        claims.put(name, value instanceof Instant instant ? instant.getEpochSecond() : value);
        return this;
    }

    /** Drops a claim. */
    TokenForge without(String name) {
        claims.remove(name);
        return this;
    }

    /** Signs with another JWS algorithm. */
    TokenForge algorithm(JWSAlgorithm other) {
        this.algorithm = other;
        return this;
    }

    /** Writes another header {@code typ}, or none for {@code null}. */
    TokenForge type(JOSEObjectType other) {
        this.type = other;
        return this;
    }

    /** Signs with other key bytes. */
    TokenForge key(byte[] other) {
        this.key = other.clone();
        return this;
    }

    /** The signed compact JWT. */
    String sign() {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(type).build(), claimsSet());
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    /** The same claims as an unsecured JWT: header {@code alg: none} and an empty signature. */
    String unsigned() {
        return new PlainJWT(new PlainHeader.Builder().type(type).build(), claimsSet()).serialize();
    }

    private JWTClaimsSet claimsSet() {
        try {
            return JWTClaimsSet.parse(claims);
        } catch (ParseException e) {
            throw new IllegalStateException("bad claims: " + e.getMessage(), e);
        }
    }
}
