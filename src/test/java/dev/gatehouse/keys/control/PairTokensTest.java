package dev.gatehouse.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.access.Role;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tokens under key pairs (RS256, ES256, EdDSA): the round trip with the key's {@code kid}, and
 * the attacks a key pair invites: algorithm confusion with the public key as an HMAC secret,
 * {@code none}, keys named in {@code jwk}/{@code jku}/{@code x5u} headers, unknown {@code kid}s.
 */
class PairTokensTest {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final UUID USER = UUID.randomUUID();
    private static final UUID SESSION = UUID.randomUUID();

    private static AccessTokens tokens(JWK jwk, JWSAlgorithm algorithm) {
        return new AccessTokens(KeySource.of(PairSigningKey.of(jwk, algorithm)), algorithm, "gatehouse", Duration.ofMinutes(15));
    }

    private static JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder().issuer("gatehouse").subject(USER.toString()).claim("email", "a@b.test")
                .claim("role", "user").claim("sid", SESSION.toString()).jwtID("j").issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(900))).build();
    }

    private static void assertInvalid(AccessTokens tokens, String token) {
        TokenException e = assertThrows(TokenException.class, () -> tokens.verify(token, NOW));
        assertFalse(e.expired());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void anIssuedTokenNamesItsKeyAndVerifies(String name) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        JWK jwk = KeyPairs.generate(algorithm, "key-1");
        AccessTokens tokens = tokens(jwk, algorithm);

        String token = tokens.issue(USER, "a@b.test", Role.USER, SESSION, List.of("pwd"), NOW);

        SignedJWT jwt = SignedJWT.parse(token);
        assertEquals(algorithm, jwt.getHeader().getAlgorithm());
        assertEquals("key-1", jwt.getHeader().getKeyID());
        assertEquals(new JOSEObjectType("at+jwt"), jwt.getHeader().getType());
        assertEquals(USER, tokens.verify(token, NOW).userId());
        assertEquals(List.of("pwd"), tokens.verify(token, NOW).amr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void theAlgorithmCannotBeSwitchedToHmacWithThePublicKeyAsSecret(String name) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        JWK jwk = KeyPairs.generate(algorithm, "key-1");
        byte[] publicKeyAsSecret = jwk.toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(AccessTokens.TYPE).keyID("key-1").build(),
                claims());
        forged.sign(new MACSigner(publicKeyAsSecret));

        assertInvalid(tokens(jwk, algorithm), forged.serialize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void anUnsignedTokenIsRefused(String name) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        String none = new com.nimbusds.jwt.PlainJWT(new com.nimbusds.jose.PlainHeader.Builder().type(AccessTokens.TYPE).build(),
                claims()).serialize();

        assertInvalid(tokens(KeyPairs.generate(algorithm, "key-1"), algorithm), none);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void keysNamedInTheHeaderAreIgnored(String name) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        JWK ours = KeyPairs.generate(algorithm, "key-1");
        JWK attackers = KeyPairs.generate(algorithm, "key-1");
        AccessTokens tokens = tokens(ours, algorithm);
        String forged = tokens(attackers, algorithm).issue(USER, "a@b.test", Role.ADMIN, SESSION, List.of("pwd"), NOW);
        SignedJWT parsed = SignedJWT.parse(forged);
        JWSHeader withKeys = new JWSHeader.Builder(parsed.getHeader()).jwk(attackers.toPublicJWK())
                .jwkURL(URI.create("https://attacker.test/jwks.json")).x509CertURL(URI.create("https://attacker.test/cert"))
                .build();
        String reheadered = withKeys.toBase64URL() + "." + parsed.getParsedParts()[1] + "." + parsed.getSignature();

        assertInvalid(tokens, forged);
        assertInvalid(tokens, reheadered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void aTokenNamingAnUnknownOrNoKeyIsRefused(String name) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        JWK jwk = KeyPairs.generate(algorithm, "key-1");
        AccessTokens tokens = tokens(jwk, algorithm);
        SignedJWT issued = SignedJWT.parse(tokens.issue(USER, "a@b.test", Role.USER, SESSION, List.of("pwd"), NOW));
        String unknownKid = new JWSHeader.Builder(issued.getHeader()).keyID("key-2").build().toBase64URL() + "."
                + issued.getParsedParts()[1] + "." + issued.getSignature();

        assertInvalid(tokens, unknownKid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void aTamperedSignatureIsRefused(String name) throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        AccessTokens tokens = tokens(KeyPairs.generate(algorithm, "key-1"), algorithm);
        SignedJWT issued = SignedJWT.parse(tokens.issue(USER, "a@b.test", Role.USER, SESSION, List.of("pwd"), NOW));
        byte[] signature = issued.getSignature().decode();
        signature[signature.length / 2] ^= 1;

        assertInvalid(tokens, issued.getParsedParts()[0] + "." + issued.getParsedParts()[1] + "." + Base64URL.encode(signature));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void aKeyOfAnotherTypeDoesNotFitTheAlgorithm(String name) {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        JWSAlgorithm other = algorithm.equals(JWSAlgorithm.RS256) ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;

        assertThrows(IllegalArgumentException.class, () -> PairSigningKey.of(KeyPairs.generate(other, "k"), algorithm));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void thePublishedKeyHasNoPrivatePart(String name) {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        JWK published = PairSigningKey.of(KeyPairs.generate(algorithm, "key-1"), algorithm).publicJwk().orElseThrow();

        assertFalse(published.isPrivate());
        assertEquals("key-1", published.getKeyID());
        assertEquals(algorithm, published.getAlgorithm());
        assertEquals("sig", published.getKeyUse().identifier());
        assertFalse(published.toJSONString().contains("\"d\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void anHmacKeyIdIsAOneWayNameOfTheSecret(String name) {
        byte[] secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".getBytes();
        byte[] other = secret.clone();
        other[0] ^= 1;

        String kid = new HmacSigningKey(name, secret).keyId();
        assertTrue(kid.matches("hs-[A-Za-z0-9_-]{16}"), kid);
        assertEquals(kid, new HmacSigningKey(name, secret.clone()).keyId());
        assertNotEquals(kid, new HmacSigningKey(name, other).keyId());
        assertTrue(new HmacSigningKey(name, secret).publicJwk().isEmpty());
    }
}
