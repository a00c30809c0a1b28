package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Gatehouse with RS256 key pairs on the cluster ({@link Cluster}), checked by real clients on the
 * real stack: a MicroProfile JWT resource server on node A's Payara Micro that knows only the key
 * set URL and the issuer; a plain Nimbus client that knows only the discovery URL, and a standard
 * OpenID client ({@link StandardClient}) that knows only the issuer; the other nodes
 * of the database; and the attacks a published key invites. (ES256 and EdDSA clients are checked
 * on the nodes of {@code QueuedMailRestartIT} and {@code ServerBootIT}; that three nodes booting
 * together make one key, and that a rotation reaches the key sets of the others at once, are
 * {@code ClusterIT}'s.)
 */
@RunsOn(ExtraNodes.CLUSTER)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyPairInteropIT {

    private static Cluster cluster;
    private static Api.Server a;

    @BeforeAll
    static void cluster() {
        cluster = Cluster.await();
        a = cluster.a().api();
    }

    private static String adminToken() {
        return cluster.admin(cluster.a()).accessToken();
    }

    /** The resource server's one resource, as the holder of {@code token}. */
    private static Api.Reply report(String token) {
        return a.get("/resource/api/report", "Authorization", "Bearer " + token);
    }

    // --- discovery and the key set -----------------------------------------------------------

    @Test
    @Order(1)
    void everyNodesDiscoveryDocumentNamesThePublicUrlAsIssuerAndItsKeySet() {
        for (Cluster.Node node : cluster.nodes()) {
            KeySets.assertDiscoveryDocument(node.api(), cluster.issuer(), cluster.issuer() + "/.well-known/jwks.json",
                    "RS256", Cluster.ACTIVATION_SECONDS);
        }
    }

    @Test
    @Order(2)
    void theKeySetHoldsPublicKeysOnlyAndEveryTokenNamesOneOfThem() throws Exception {
        for (Cluster.Node node : cluster.nodes()) {
            KeySets.assertPublicKeysOnly(node.api(), "RS256", cluster.admin(node).accessToken());
        }
    }

    // --- a plain client that knows only the discovery URL ---------------------------------------

    @Test
    @Order(3)
    void aPlainNimbusClientVerifiesTheTokensOfEveryNodeFromTheDiscoveryUrlAlone() throws Exception {
        for (Cluster.Node node : cluster.nodes()) {
            JWTClaimsSet claims = KeySets.verifyFromDiscovery(node.api(), cluster.admin(node).accessToken(), "RS256",
                    cluster.issuer());

            assertEquals(cluster.adminEmail(), claims.getStringClaim("upn"));
            assertEquals(List.of("admin", "manager", "user", "guest"), claims.getStringListClaim("groups"));
            assertEquals(List.of("pwd"), claims.getStringListClaim("amr"));
        }
    }

    @Test
    @Order(4)
    void aStandardOpenIdClientDiscoversTheIssuerUrlAndVerifiesTokensOfEveryNode() throws Exception {
        for (Cluster.Node node : cluster.nodes()) {
            String token = cluster.admin(node).accessToken();

            // from the issuer (node A's URL, the public one), as a client behind the balancer would start
            JWTClaimsSet claims = StandardClient.verify(cluster.a().base(), token, true);

            assertEquals(cluster.issuer(), claims.getIssuer());
            assertEquals(List.of(cluster.issuer()), claims.getAudience());
            assertEquals(cluster.adminEmail(), claims.getStringClaim("upn"));
        }
    }

    // --- a MicroProfile JWT resource server ---------------------------------------------------------

    @Test
    @Order(5)
    void theResourceServerAcceptsAManagersTokenAndRefusesAUsers() {
        Api.Account manager = cluster.account(cluster.b(), "manager", "interop-manager");
        Api.Account user = cluster.account(cluster.c(), "user", "interop-user");
        String admin = adminToken();

        Api.Reply managerReply = report(manager.accessToken());
        assertEquals(200, managerReply.status(), managerReply::body);
        assertEquals("report for " + manager.email(), managerReply.body());
        assertEquals(200, report(admin).status(), "admins are managers too (groups)");
        assertEquals(403, report(user.accessToken()).status());
        assertEquals(401, a.get("/resource/api/report").status());
    }

    @Test
    @Order(6)
    void theResourceServerRefusesATamperedOrAnExpiredToken() throws Exception {
        String admin = adminToken();
        SignedJWT issued = SignedJWT.parse(admin);
        byte[] signature = issued.getSignature().decode();
        signature[10] ^= 1;
        String tampered = issued.getParsedParts()[0] + "." + issued.getParsedParts()[1] + "."
                + com.nimbusds.jose.util.Base64URL.encode(signature);
        JWTClaimsSet expiredClaims = new JWTClaimsSet.Builder(issued.getJWTClaimsSet())
                .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(30))))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(15)))).build();
        SignedJWT expired = new SignedJWT(issued.getHeader(), expiredClaims);
        expired.sign(new RSASSASigner((RSAKey) signingKey(issued.getHeader().getKeyID())));

        assertEquals(401, report(tampered).status());
        assertEquals(401, report(expired.serialize()).status());
        assertEquals(200, report(admin).status(), "the genuine token still works");
    }

    @Test
    @Order(7)
    void afterARotationOldAndNewTokensBothWorkOnTheResourceServerAndOnTheOtherNodes() throws Exception {
        String adminBefore = adminToken();
        String oldKid = SignedJWT.parse(adminBefore).getHeader().getKeyID();

        JsonObject key = KeySets.rotate(a, adminBefore);

        assertEquals("next", key.getString("status"));
        assertEquals("RS256", key.getString("alg"));
        String newKid = key.getString("kid");
        assertNotEquals(oldKid, newKid);
        Instant activates = Instant.parse(key.getString("activates_at"));
        assertTrue(Duration.between(Instant.now(), activates).getSeconds() <= Cluster.ACTIVATION_SECONDS);
        assertTrue(KeySets.kids(a).contains(newKid), "published at once, before it signs");
        // with two seconds to spare before the new key signs (else a second rotation would pass)
        if (Instant.now().plusSeconds(2).isBefore(activates)) {
            Problems.assertProblem(a.jsonAs(adminBefore, "POST", "/api/signing-keys/rotate", null), 409,
                    "A new signing key is waiting to activate: rotate again once it signs");
            String stillOld = adminToken();
            assertEquals(oldKid, SignedJWT.parse(stillOld).getHeader().getKeyID(), "the new key does not sign yet");
        }

        // the new key signs from activates_at; the resource server caches the key set for max-age = the delay
        String adminAfter = tokenOfKey(newKid, activates.plusSeconds(Cluster.ACTIVATION_SECONDS + 1));

        assertEquals(200, report(adminAfter).status(), "a token of the new key");
        assertEquals(200, report(adminBefore).status(), "a token of the old key, until it expires");
        for (Cluster.Node node : List.of(cluster.b(), cluster.c())) {
            assertEquals(200, node.api().getAs(adminAfter, "/api/auth/me").status(), node.name() + ": new key");
            assertEquals(200, node.api().getAs(adminBefore, "/api/auth/me").status(), node.name() + ": old key");
        }
        assertTrue(KeySets.kids(a).containsAll(List.of(oldKid, newKid)), "the old key stays published while its tokens live");
        Map<String, String> statuses = KeySets.statuses(a, adminAfter);
        assertEquals("active", statuses.get(newKid));
        assertEquals("retiring", statuses.get(oldKid));
    }

    // --- attacks --------------------------------------------------------------------------------

    @Test
    @Order(8)
    void hmacSignedWithThePublicKeyANoneTokenAndKeysNamedInHeadersAreInvalid() throws Exception {
        String genuine = adminToken();
        SignedJWT parsed = SignedJWT.parse(genuine);
        String kid = parsed.getHeader().getKeyID();
        JWTClaimsSet claims = parsed.getJWTClaimsSet();
        String publicJwk = a.get("/.well-known/jwks.json").json().getJsonArray("keys").stream()
                .map(k -> k.asJsonObject()).filter(k -> k.getString("kid").equals(kid)).findFirst().orElseThrow().toString();
        String publicPem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                RSAKey.parse(publicJwk).toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(kid).generate();

        List<String> forged = new ArrayList<>();
        for (String secret : List.of(publicJwk, publicPem)) {
            SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                    .keyID(kid).build(), claims);
            hmac.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            forged.add(hmac.serialize());
        }
        forged.add(new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(), claims).serialize());
        SignedJWT embedded = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                .keyID(kid).jwk(attacker.toPublicJWK()).jwkURL(URI.create("http://127.0.0.1:9/jwks.json"))
                .x509CertURL(URI.create("http://127.0.0.1:9/cert.pem")).build(), claims);
        embedded.sign(new RSASSASigner(attacker));
        forged.add(embedded.serialize());
        forged.add(unknownKeyToken(claims));

        for (Cluster.Node node : cluster.nodes()) {
            for (String token : forged) {
                Problems.assertInvalidToken(node.api().getAs(token, "/api/auth/me"));
            }
            assertEquals(200, node.api().getAs(genuine, "/api/auth/me").status(), node.name());
        }
    }

    /**
     * A key past its {@code retires_at} verifies nothing. The test moves a retiring key's
     * {@code retires_at} into the past behind the nodes' backs (rather than wait a token lifetime);
     * a token naming a key a node does not know makes it read the stored keys again (at most once
     * a second), which is how it learns of the change here.
     */
    @Test
    @Order(9)
    void aTokenOfARetiredKeyIsInvalidOnEveryNode() throws Exception {
        String admin = adminToken();
        String retiring = KeySets.statuses(a, admin).entrySet().stream().filter(e -> e.getValue().equals("retiring"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        SignedJWT current = SignedJWT.parse(admin);
        SignedJWT old = new SignedJWT(new JWSHeader.Builder(current.getHeader()).keyID(retiring).build(), current.getJWTClaimsSet());
        old.sign(new RSASSASigner((RSAKey) signingKey(retiring)));
        for (Cluster.Node node : cluster.nodes()) {
            assertEquals(200, node.api().getAs(old.serialize(), "/api/auth/me").status(), node.name() + ": a retiring key still verifies");
        }

        cluster.database().execute("UPDATE signing_keys SET retires_at = now() - interval '1 second' WHERE id = ?",
                UUID.fromString(retiring));

        String unknown = unknownKeyToken(current.getJWTClaimsSet());
        for (Cluster.Node node : cluster.nodes()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Api.Reply reply;
            do {
                Problems.assertInvalidToken(node.api().getAs(unknown, "/api/auth/me"));
                reply = node.api().getAs(old.serialize(), "/api/auth/me");
                if (reply.status() == 200) {
                    MailServer.pause(300);
                }
            } while (reply.status() == 200 && System.nanoTime() < deadline);
            Problems.assertInvalidToken(reply);
            assertFalse(KeySets.kids(node.api()).contains(retiring), node.name() + ": a retired key leaves the key set");
            assertEquals(200, node.api().getAs(admin, "/api/auth/me").status());
        }
    }

    /** A token with {@code claims} signed by a key pair no node knows, named by a fresh kid. */
    private static String unknownKeyToken(JWTClaimsSet claims) throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        SignedJWT unknown = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                .keyID(other.getKeyID()).build(), claims);
        unknown.sign(new RSASSASigner(other));
        return unknown.serialize();
    }

    /** An admin token of key {@code kid}, logging in on A until A signs with it, from {@code notBefore} on. */
    private static String tokenOfKey(String kid, Instant notBefore) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            if (!Instant.now().isBefore(notBefore)) {
                String token = adminToken();
                if (kid.equals(SignedJWT.parse(token).getHeader().getKeyID())) {
                    return token;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node A did not sign with " + kid + " after " + notBefore);
            }
            MailServer.pause(250);
        }
    }

    /** A stored private key, opened with the cluster's SECRET_KEY as a node opens it. */
    private static com.nimbusds.jose.jwk.JWK signingKey(String kid) throws Exception {
        return KeySets.privateKey(cluster.database(), cluster.secret(), kid);
    }
}
