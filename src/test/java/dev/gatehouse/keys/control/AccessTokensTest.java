package dev.gatehouse.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.access.Role;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue and verification of access tokens at explicit instants: the round trip, each refusal, and the expiry leeway. */
class AccessTokensTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.UTF_8);
    private static final Instant ISSUED = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant EXPIRY = ISSUED.plus(Duration.ofMinutes(15));
    private static final UUID USER = UUID.fromString("6f1b0c2e-1d7a-4a51-9b3e-1c2d3e4f5a6b");
    private static final UUID SESSION = UUID.fromString("0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9");

    private final AccessTokens tokens = new AccessTokens(KeySource.of(new HmacSigningKey("HS256", KEY)), JWSAlgorithm.HS256,
            "gatehouse", Duration.ofMinutes(15));

    private String issued() {
        return tokens.issue(USER, "a@b.test", Role.MANAGER, SESSION, List.of("pwd"), ISSUED);
    }

    private static JWTClaimsSet.Builder genuineClaims() {
        return new JWTClaimsSet.Builder()
                .issuer("gatehouse").audience("gatehouse").subject(USER.toString()).claim("email", "a@b.test").claim("role", "manager")
                .claim("sid", SESSION.toString()).jwtID("jti-1")
                .issueTime(Date.from(ISSUED)).expirationTime(Date.from(EXPIRY));
    }

    private static String sign(JWSAlgorithm algorithm, JOSEObjectType type, byte[] key, JWTClaimsSet claims)
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(type).build(), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        return sign(JWSAlgorithm.HS256, AccessTokens.TYPE, KEY, claims);
    }

    private void assertInvalid(String token) {
        TokenException e = assertThrows(TokenException.class, () -> tokens.verify(token, ISSUED.plusSeconds(60)));
        assertFalse(e.expired(), "refused as expired, but should be invalid");
    }

    @Test
    void anIssuedTokenVerifiesToTheClaimsItWasIssuedWith() throws Exception {
        AccessClaims claims = tokens.verify(issued(), ISSUED.plusSeconds(60));

        assertEquals(USER, claims.userId());
        assertEquals("a@b.test", claims.email());
        assertEquals(Role.MANAGER, claims.role());
        assertEquals(SESSION, claims.sessionId());
        assertEquals(ISSUED, claims.issuedAt());
        assertEquals(EXPIRY, claims.expiresAt());
        assertFalse(claims.tokenId().isBlank());
    }

    @Test
    void anIssuedTokenHasTheContractHeaderAndClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issued());

        assertEquals(JWSAlgorithm.HS256, jwt.getHeader().getAlgorithm());
        assertEquals(new JOSEObjectType("at+jwt"), jwt.getHeader().getType());
        assertEquals(new HmacSigningKey("HS256", KEY).keyId(), jwt.getHeader().getKeyID());
        assertEquals(Set.of("iss", "aud", "sub", "email", "role", "sid", "jti", "iat", "exp", "upn", "groups", "amr"),
                jwt.getJWTClaimsSet().getClaims().keySet());
        assertEquals("gatehouse", jwt.getJWTClaimsSet().getIssuer());
        assertEquals(List.of("gatehouse"), jwt.getJWTClaimsSet().getAudience());
        assertEquals("manager", jwt.getJWTClaimsSet().getStringClaim("role"));
        assertEquals("a@b.test", jwt.getJWTClaimsSet().getStringClaim("upn"));
        assertEquals(List.of("manager", "user", "guest"), jwt.getJWTClaimsSet().getStringListClaim("groups"));
        assertEquals(List.of("pwd"), jwt.getJWTClaimsSet().getStringListClaim("amr"));
    }

    @Test
    void everyIssuedTokenHasItsOwnId() throws Exception {
        assertNotEquals(tokens.verify(issued(), ISSUED).tokenId(), tokens.verify(issued(), ISSUED).tokenId());
    }

    @Test
    void aTokenExpiresAfterTheConfiguredLifetime() throws Exception {
        AccessTokens sevenMinutes = new AccessTokens(KeySource.of(new HmacSigningKey("HS256", KEY)), JWSAlgorithm.HS256,
                "gatehouse", Duration.ofMinutes(7));

        AccessClaims claims = sevenMinutes.verify(sevenMinutes.issue(USER, "a@b.test", Role.USER, SESSION, List.of("pwd"),
                ISSUED), ISSUED);

        assertEquals(ISSUED.plus(Duration.ofMinutes(7)), claims.expiresAt());
        assertEquals(Duration.ofMinutes(7), sevenMinutes.lifetime());
    }

    @Test
    void aTokenIsValidUntilThirtySecondsAfterItsExpiry() throws Exception {
        String token = issued();

        assertEquals(USER, tokens.verify(token, EXPIRY).userId());
        assertEquals(USER, tokens.verify(token, EXPIRY.plusSeconds(29)).userId());
        assertEquals(USER, tokens.verify(token, EXPIRY.plusSeconds(30).minusMillis(1)).userId());
    }

    @Test
    void aTokenThirtySecondsPastItsExpiryIsExpired() {
        String token = issued();

        TokenException e = assertThrows(TokenException.class, () -> tokens.verify(token, EXPIRY.plusSeconds(30)));

        assertTrue(e.expired());
    }

    @Test
    void aTokenLongPastItsExpiryIsExpired() {
        String token = issued();

        TokenException e = assertThrows(TokenException.class, () -> tokens.verify(token, EXPIRY.plus(Duration.ofDays(1))));

        assertTrue(e.expired());
    }

    @Test
    void aHandSignedTokenWithTheGenuineShapeIsAccepted() throws Exception {
        assertEquals(SESSION, tokens.verify(sign(genuineClaims().build()), ISSUED).sessionId());
    }

    @Test
    void aTokenSignedWithAnotherKeyIsInvalid() throws Exception {
        byte[] other = "another-key-another-key-another-key-another-key-another-key-1234".getBytes(StandardCharsets.UTF_8);

        assertInvalid(sign(JWSAlgorithm.HS256, AccessTokens.TYPE, other, genuineClaims().build()));
    }

    @Test
    void aTokenSignedWithTheRightKeyUnderAnotherAlgorithmIsInvalid() throws Exception {
        assertInvalid(sign(JWSAlgorithm.HS512, AccessTokens.TYPE, KEY, genuineClaims().build()));
        assertInvalid(sign(JWSAlgorithm.HS384, AccessTokens.TYPE, KEY, genuineClaims().build()));
    }

    @Test
    void anUnsignedTokenIsInvalid() {
        assertInvalid(new PlainJWT(new PlainHeader.Builder().type(AccessTokens.TYPE).build(), genuineClaims().build())
                .serialize());
    }

    @Test
    void aTokenWithItsSignatureRemovedIsInvalid() {
        String token = issued();

        assertInvalid(token.substring(0, token.lastIndexOf('.') + 1));
    }

    @Test
    void aTokenWithATamperedPayloadIsInvalid() {
        String[] parts = issued().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"manager\"", "\"admin\"");

        assertInvalid(parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
    }

    @Test
    void aTokenOfTypeJwtIsInvalid() throws Exception {
        assertInvalid(sign(JWSAlgorithm.HS256, JOSEObjectType.JWT, KEY, genuineClaims().build()));
    }

    @Test
    void aTokenWithoutTypeIsInvalid() throws Exception {
        assertInvalid(sign(JWSAlgorithm.HS256, null, KEY, genuineClaims().build()));
    }

    @Test
    void aTokenWithACriticalHeaderIsInvalid() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(AccessTokens.TYPE)
                .criticalParams(Set.of("urn:example:must-understand")).customParam("urn:example:must-understand", true).build(), genuineClaims().build());
        jwt.sign(new MACSigner(KEY));

        assertInvalid(jwt.serialize());
    }

    @Test
    void aTokenForAnotherAudienceOrForNoneIsInvalid() throws Exception {
        assertInvalid(sign(genuineClaims().audience("another-service").build()));
        assertInvalid(sign(genuineClaims().audience(List.of("gatehouse", "another-service")).build()));
        assertInvalid(sign(genuineClaims().audience((String) null).build()));
    }

    @Test
    void aTokenOfAnotherIssuerIsInvalid() throws Exception {
        assertInvalid(sign(genuineClaims().issuer("someone-else").build()));
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"iss", "sub", "email", "role", "sid", "jti", "iat", "exp"})
    void aTokenMissingARequiredClaimIsInvalid(String claim) throws Exception {
        assertInvalid(sign(genuineClaims().claim(claim, null).build()));
    }

    @Test
    void aTokenWithAnUnknownRoleIsInvalid() throws Exception {
        assertInvalid(sign(genuineClaims().claim("role", "root").build()));
    }

    @Test
    void aTokenWhoseSubjectIsNotAUuidIsInvalid() throws Exception {
        assertInvalid(sign(genuineClaims().subject("admin").build()));
    }

    @Test
    void aTokenWhoseSessionIsNotAUuidIsInvalid() throws Exception {
        assertInvalid(sign(genuineClaims().claim("sid", "session-1").build()));
    }

    @Test
    void aTokenWhoseExpiryIsNotANumberIsInvalid() throws Exception {
        assertInvalid(sign(genuineClaims().claim("exp", "tomorrow").build()));
    }

    @Test
    void anExpiredTokenWithABadSignatureIsInvalidNotExpired() throws Exception {
        byte[] other = "another-key-another-key-another-key-another-key-another-key-1234".getBytes(StandardCharsets.UTF_8);
        String forged = sign(JWSAlgorithm.HS256, AccessTokens.TYPE, other, genuineClaims().build());

        TokenException e = assertThrows(TokenException.class, () -> tokens.verify(forged, EXPIRY.plus(Duration.ofDays(1))));

        assertFalse(e.expired());
    }

    @Test
    void anExpiredTokenOfAnotherIssuerIsInvalidNotExpired() throws Exception {
        String foreign = sign(genuineClaims().issuer("someone-else").build());

        TokenException e = assertThrows(TokenException.class, () -> tokens.verify(foreign, EXPIRY.plus(Duration.ofDays(1))));

        assertFalse(e.expired());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "not-a-jwt", "a.b.c", "a.b", "....", "eyJhbGciOiJIUzI1NiJ9.e30."})
    void aMalformedTokenIsInvalid(String token) {
        assertInvalid(token);
    }

    @Test
    void aNullTokenIsInvalid() {
        assertInvalid(null);
    }

    /** A key that counts its signature checks and can be withdrawn from publication. */
    private static final class CountingSource implements KeySource {
        private final SigningKey key = new HmacSigningKey("HS256", KEY);
        private final AtomicInteger checks = new AtomicInteger();
        private volatile boolean published = true;

        @Override
        public SigningKey signing(Instant now) {
            return key;
        }

        @Override
        public Optional<SigningKey> verifying(String kid, Instant now) {
            if (!published) {
                return Optional.empty();
            }
            return Optional.of(new SigningKey() {
                @Override
                public JWSAlgorithm algorithm() {
                    return key.algorithm();
                }

                @Override
                public String keyId() {
                    return key.keyId();
                }

                @Override
                public Optional<JWSSigner> signer() {
                    return key.signer();
                }

                @Override
                public JWSVerifier verifier() {
                    checks.incrementAndGet();
                    return key.verifier();
                }

                @Override
                public Optional<JWK> publicJwk() {
                    return key.publicJwk();
                }
            });
        }
    }

    private final CountingSource counting = new CountingSource();
    private final AccessTokens remembering = new AccessTokens(counting, JWSAlgorithm.HS256, "gatehouse", Duration.ofMinutes(15));

    @Test
    void aTokenPresentedAgainIsNotCheckedAgainAndGivesTheSameClaims() throws Exception {
        String token = remembering.issue(USER, "a@b.test", Role.MANAGER, SESSION, List.of("pwd"), ISSUED);

        AccessClaims first = remembering.verify(token, ISSUED.plusSeconds(60));
        AccessClaims second = remembering.verify(token, ISSUED.plusSeconds(120));

        assertEquals(first, second);
        assertEquals(1, counting.checks.get(), "signature checks");
    }

    @Test
    void aRememberedTokenIsStillRefusedAsExpiredAfterItsExpiry() throws Exception {
        String token = remembering.issue(USER, "a@b.test", Role.MANAGER, SESSION, List.of("pwd"), ISSUED);
        remembering.verify(token, ISSUED.plusSeconds(60));

        TokenException e = assertThrows(TokenException.class,
                () -> remembering.verify(token, EXPIRY.plus(AccessTokens.LEEWAY)));

        assertTrue(e.expired());
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsKeyIsNoLongerPublished() throws Exception {
        String token = remembering.issue(USER, "a@b.test", Role.MANAGER, SESSION, List.of("pwd"), ISSUED);
        remembering.verify(token, ISSUED.plusSeconds(60));
        counting.published = false;

        TokenException e = assertThrows(TokenException.class, () -> remembering.verify(token, ISSUED.plusSeconds(120)));

        assertFalse(e.expired());
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsRefused() throws Exception {
        String token = remembering.issue(USER, "a@b.test", Role.MANAGER, SESSION, List.of("pwd"), ISSUED);
        remembering.verify(token, ISSUED.plusSeconds(60));
        char last = token.charAt(token.length() - 2);
        String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

        assertThrows(TokenException.class, () -> remembering.verify(tampered, ISSUED.plusSeconds(120)));
    }

    @Test
    void theMemoryOfVerifiedTokensIsBoundedAndForgetsATokenOnceItsLifetimeHasPassed() throws Exception {
        AtomicLong nanos = new AtomicLong();
        VerifiedTokens memory = new VerifiedTokens(3, Duration.ofMinutes(15), nanos::get);
        AccessClaims claims = tokens.verify(issued(), ISSUED.plusSeconds(60));
        for (int i = 0; i < 100; i++) {
            memory.put("token-" + i, new VerifiedTokens.Entry(claims, null));
        }

        assertTrue(memory.size() <= 3, () -> "bounded: " + memory.size());
        memory.put("fresh", new VerifiedTokens.Entry(claims, null));
        assertEquals(claims, memory.get("fresh").claims());
        nanos.addAndGet(Duration.ofMinutes(15).plusSeconds(1).toNanos());
        assertEquals(null, memory.get("fresh"));
    }
}
