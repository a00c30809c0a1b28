package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.platform.crypto.SecretBox;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Gatehouse's key pairs as a client sees them: the discovery document, the key set, a plain Nimbus
 * client that knows only the discovery URL, and rotation. Shared by the classes whose nodes sign
 * with a key pair: the cluster (RS256), the restarted embedded node (ES256), the relayed node (EdDSA).
 */
final class KeySets {

    private static final List<String> PRIVATE_PARTS = List.of("d", "p", "q", "dp", "dq", "qi");

    private KeySets() {
    }

    /** The key ids {@code node} publishes, sorted. */
    static List<String> kids(Api.Server node) {
        Api.Reply reply = node.get("/.well-known/jwks.json");
        assertEquals(200, reply.status(), reply::body);
        return kids(reply);
    }

    /** The key ids of a key set reply, sorted. */
    static List<String> kids(Api.Reply jwks) {
        return jwks.json().getJsonArray("keys").stream().map(k -> k.asJsonObject().getString("kid")).sorted().toList();
    }

    /**
     * The discovery document of {@code node} names {@code issuer}, the key set at {@code jwksUri} and
     * {@code algorithm}, and is cacheable for {@code maxAge} seconds (the key activation delay).
     */
    static void assertDiscoveryDocument(Api.Server node, String issuer, String jwksUri, String algorithm, int maxAge) {
        Api.Reply reply = node.get("/.well-known/openid-configuration");
        assertEquals(200, reply.status(), reply::body);
        JsonObject document = reply.json();
        assertEquals(issuer, document.getString("issuer"));
        assertEquals(jwksUri, document.getString("jwks_uri"));
        assertEquals(List.of("public"), strings(document.getJsonArray("subject_types_supported")));
        assertEquals(List.of(algorithm), strings(document.getJsonArray("id_token_signing_alg_values_supported")));
        assertEquals(List.of("token"), strings(document.getJsonArray("response_types_supported")));
        assertTrue(strings(document.getJsonArray("claims_supported")).containsAll(List.of("sub", "upn", "groups", "amr")));
        assertEquals("public, max-age=" + maxAge, reply.header("Cache-Control"));
    }

    /**
     * The key set of {@code node} is public to every origin, outside the rate limits, holds public
     * keys of {@code algorithm} only, and names the key of {@code token}.
     */
    static void assertPublicKeysOnly(Api.Server node, String algorithm, String token) throws Exception {
        Api.Reply reply = node.get("/.well-known/jwks.json");
        assertEquals(200, reply.status(), reply::body);
        assertEquals("*", reply.header("Access-Control-Allow-Origin"));
        assertEquals(null, reply.header("RateLimit-Limit"), "exempt from rate limits");
        JsonArray keys = reply.json().getJsonArray("keys");
        assertFalse(keys.isEmpty());
        for (var value : keys) {
            JsonObject key = value.asJsonObject();
            assertEquals(algorithm, key.getString("alg"));
            assertEquals("sig", key.getString("use"));
            assertFalse(key.getString("kid").isBlank());
            for (String privatePart : PRIVATE_PARTS) {
                assertFalse(key.containsKey(privatePart), privatePart + " published: " + key);
            }
        }
        String kid = SignedJWT.parse(token).getHeader().getKeyID();
        assertTrue(keys.stream().anyMatch(k -> k.asJsonObject().getString("kid").equals(kid)), kid);
    }

    /**
     * Verifies {@code token} as a plain client that knows only the discovery URL of {@code node}:
     * the key from the {@code jwks_uri} it names, {@code typ at+jwt}, the issuer, the audience (the
     * issuer, as RFC 9068 validators require) and the time claims. Nimbus's stock processor knows
     * no Ed25519, so for EdDSA the client picks the key by {@code kid} and checks the rest itself.
     *
     * @return the verified claims
     */
    static JWTClaimsSet verifyFromDiscovery(Api.Server node, String token, String algorithm, String issuer) throws Exception {
        URL jwksUri = URI.create(node.get("/.well-known/openid-configuration").json().getString("jwks_uri")).toURL();
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwksUri).retrying(false).build();
        if (algorithm.equals("EdDSA")) {
            SignedJWT jwt = SignedJWT.parse(token);
            List<JWK> found = keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(jwt.getHeader().getKeyID()).build()), null);
            assertEquals(1, found.size(), "one published key of the token's kid");
            assertEquals(JWSAlgorithm.EdDSA, jwt.getHeader().getAlgorithm());
            assertEquals(new JOSEObjectType("at+jwt"), jwt.getHeader().getType());
            assertTrue(jwt.verify(new Ed25519Verifier((OctetKeyPair) found.get(0))), "the signature verifies");
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            assertEquals(issuer, claims.getIssuer());
            assertEquals(List.of(issuer), claims.getAudience());
            assertTrue(claims.getExpirationTime().toInstant().isAfter(Instant.now()));
            return claims;
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(algorithm), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(issuer,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "sid", "exp", "iat", "jti")));
        return processor.process(token, null);
    }

    /**
     * Rotates the keys on {@code node} as {@code adminToken}'s holder and returns the new key. A
     * rotation while the previous one's key waits to sign is refused ({@code 409}), so when another
     * test rotated just before, this waits until that key signs (a few seconds on these nodes).
     */
    static JsonObject rotate(Api.Server node, String adminToken) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Api.Reply rotated = node.jsonAs(adminToken, "POST", "/api/signing-keys/rotate", null);
            if (rotated.status() == 201 || rotated.status() != 409 || System.nanoTime() > deadline) {
                assertEquals(201, rotated.status(), rotated::body);
                return rotated.json();
            }
            MailServer.pause(250);
        }
    }

    /** The status of every stored key, as {@code GET /api/signing-keys} lists them, by kid. */
    static java.util.Map<String, String> statuses(Api.Server node, String adminToken) {
        Api.Reply list = node.getAs(adminToken, "/api/signing-keys?limit=100");
        assertEquals(200, list.status(), list::body);
        java.util.Map<String, String> statuses = new java.util.HashMap<>();
        list.json().getJsonArray("items").forEach(item -> statuses.put(item.asJsonObject().getString("kid"),
                item.asJsonObject().getString("status")));
        return statuses;
    }

    /** A stored private key, opened with {@code secret} (the nodes' {@code SECRET_KEY}) as a node opens it. */
    static JWK privateKey(TestDatabase database, String secret, String kid) throws Exception {
        String sealed = (String) database.value("SELECT private_jwk FROM signing_keys WHERE id = ?", java.util.UUID.fromString(kid));
        return JWK.parse(new SecretBox(secret.getBytes(StandardCharsets.UTF_8), "signing-keys").openText(sealed, kid));
    }

    /** The strings of a JSON array. */
    static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
