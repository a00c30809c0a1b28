package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.interop.ManagerReport;
import dev.gatehouse.interop.ResourceServerApplication;
import dev.gatehouse.platform.crypto.SecretBox;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Gatehouse with key pairs, checked by real clients on the real stack: a MicroProfile JWT
 * resource server on Payara Micro that knows only the JWKS URL and the issuer; a plain Nimbus
 * client that knows only the discovery URL, for each algorithm; a second Gatehouse node on the
 * same database; and the attacks a published key invites. Five extra Payara Micro processes,
 * booted together: RS256 (with the resource server) and its second node, two ES256 nodes (the
 * one-node rotation under a database lock), and EdDSA.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyPairInteropIT {

    private static final int ACTIVATION_SECONDS = 5;
    /** This test's own random secrets: its nodes may start before the suite writes its key files. */
    private static final String SECRET = random(48);
    private static final String ADMIN_EMAIL = "keys-admin@gatehouse.test";
    private static final String ADMIN_PASSWORD = random(18);
    /** Five Payara processes boot at once on two cores: far slower than one. */
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(420);
    private static final List<Node> NODES = new ArrayList<>();
    private static Node rs;
    private static Node rsSecond;
    private static Node es;
    private static Node esSecond;
    private static Node ed;

    @BeforeAll
    static void startNodes() throws Exception {
        for (String database : List.of("gh_keys_rs", "gh_keys_es", "gh_keys_ed")) {
            recreate(database);
        }
        int rsPort = PayaraProcess.freePort();
        File resource = resourceServer(rsPort);
        Map<String, String> quick = Map.of("JWT_KEY_ACTIVATION_DELAY_SECONDS", Integer.toString(ACTIVATION_SECONDS),
                "JWT_KEY_CHECK_SECONDS", "1");
        rs = Node.start("rs", rsPort, "gh_keys_rs", merge(quick, Map.of("JWT_ALGORITHM", "RS256")),
                List.of("-Dsun.net.client.defaultConnectTimeout=2000", "-Dsun.net.client.defaultReadTimeout=2000"),
                List.of("--deploy", resource.getAbsolutePath() + ":/resource"));
        rsSecond = Node.start("rs-second", PayaraProcess.freePort(), "gh_keys_rs",
                Map.of("JWT_ALGORITHM", "RS256", "JWT_KEY_CHECK_SECONDS", "3600"), List.of(), List.of());
        es = Node.start("es", PayaraProcess.freePort(), "gh_keys_es",
                merge(quick, Map.of("JWT_ALGORITHM", "ES256", "JWT_KEY_ROTATION_DAYS", "1")), List.of(), List.of());
        esSecond = Node.start("es-second", PayaraProcess.freePort(), "gh_keys_es",
                merge(quick, Map.of("JWT_ALGORITHM", "ES256", "JWT_KEY_ROTATION_DAYS", "1")), List.of(), List.of());
        ed = Node.start("ed", PayaraProcess.freePort(), "gh_keys_ed", Map.of("JWT_ALGORITHM", "EdDSA"), List.of(), List.of());
        NODES.addAll(List.of(rs, rsSecond, es, esSecond, ed));
        for (Node node : NODES) {
            node.process().awaitLive(BOOT_TIMEOUT);
        }
    }

    @AfterAll
    static void stopNodes() {
        PayaraProcess.stopAll(NODES.stream().map(Node::process).toArray(PayaraProcess[]::new));
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        new java.security.SecureRandom().nextBytes(value);
        return java.util.Base64.getEncoder().encodeToString(value);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }

    private static void recreate(String database) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        }
    }

    /** The resource server's WAR: two classes and its configuration, pointed at the RS256 node's JWKS. */
    private static File resourceServer(int gatehousePort) {
        File war = new File(System.getProperty("gatehouse.target", "target"), "keys-resource-server.war");
        ShrinkWrap.create(WebArchive.class, "resource.war")
                .addClasses(ResourceServerApplication.class, ManagerReport.class)
                .addAsResource(new StringAsset("mp.jwt.verify.publickey.location=http://127.0.0.1:" + gatehousePort
                        + "/.well-known/jwks.json\nmp.jwt.verify.issuer=gatehouse\n"), "META-INF/microprofile-config.properties")
                // Payara's MP-JWT accepts only typ "JWT"; Gatehouse's access tokens are "at+jwt" (RFC 9068, API.md)
                .addAsResource(new StringAsset("disable.type.verification=true\n"), "payara-mp-jwt.properties")
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                        + "version=\"4.0\" bean-discovery-mode=\"annotated\"/>"), "beans.xml")
                .as(ZipExporter.class).exportTo(war, true);
        return war;
    }

    private static Api.Reply report(String token) {
        return rs.send("GET", "/resource/api/report", null, "Authorization", "Bearer " + token);
    }

    // --- discovery and the key set -----------------------------------------------------------

    @Test
    @Order(1)
    void theDiscoveryDocumentPointsAtTheKeySetUnderThePublicBaseUrl() {
        for (Node node : List.of(rs, es, ed)) {
            Api.Reply reply = node.send("GET", "/.well-known/openid-configuration", null);
            assertEquals(200, reply.status(), reply::body);
            JsonObject document = reply.json();
            assertEquals("gatehouse", document.getString("issuer"));
            assertEquals(node.base() + "/.well-known/jwks.json", document.getString("jwks_uri"));
            assertEquals(List.of("public"), strings(document.getJsonArray("subject_types_supported")));
            assertEquals(List.of(node.algorithm()), strings(document.getJsonArray("id_token_signing_alg_values_supported")));
            assertEquals(List.of("token"), strings(document.getJsonArray("response_types_supported")));
            assertTrue(strings(document.getJsonArray("claims_supported")).containsAll(List.of("sub", "upn", "groups", "amr")));
            assertEquals("public, max-age=" + (node == rs || node == es ? ACTIVATION_SECONDS : 300), reply.header("Cache-Control"));
        }
    }

    @Test
    @Order(2)
    void theKeySetHoldsPublicKeysOnlyAndEveryTokenNamesOneOfThem() throws Exception {
        for (Node node : List.of(rs, es, ed)) {
            Api.Reply reply = node.send("GET", "/.well-known/jwks.json", null);
            assertEquals(200, reply.status(), reply::body);
            assertEquals("*", reply.header("Access-Control-Allow-Origin"));
            assertEquals(null, reply.header("RateLimit-Limit"), "exempt from rate limits");
            JsonArray keys = reply.json().getJsonArray("keys");
            assertFalse(keys.isEmpty());
            for (var value : keys) {
                JsonObject key = value.asJsonObject();
                assertEquals(node.algorithm(), key.getString("alg"));
                assertEquals("sig", key.getString("use"));
                assertFalse(key.getString("kid").isBlank());
                for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi")) {
                    assertFalse(key.containsKey(privatePart), privatePart + " published: " + key);
                }
            }
            String token = node.login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
            String kid = SignedJWT.parse(token).getHeader().getKeyID();
            assertTrue(keys.stream().anyMatch(k -> k.asJsonObject().getString("kid").equals(kid)), kid);
        }
    }

    // --- a plain client that knows only the discovery URL ---------------------------------------

    @Test
    @Order(3)
    void aPlainNimbusClientVerifiesRs256AndEs256TokensFromTheDiscoveryUrlAlone() throws Exception {
        for (Node node : List.of(rs, es)) {
            String token = node.login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
            URL jwksUri = URI.create(node.send("GET", "/.well-known/openid-configuration", null).json()
                    .getString("jwks_uri")).toURL();
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwksUri).retrying(false).build();
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(node.algorithm()), keys));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                    new JWTClaimsSet.Builder().issuer("gatehouse").build(), Set.of("sub", "sid", "exp", "iat", "jti")));

            JWTClaimsSet claims = processor.process(token, null);

            assertEquals(ADMIN_EMAIL, claims.getStringClaim("upn"));
            assertEquals(List.of("admin", "manager", "user", "guest"), claims.getStringListClaim("groups"));
            assertEquals(List.of("pwd"), claims.getStringListClaim("amr"));
        }
    }

    @Test
    @Order(4)
    void aPlainNimbusClientVerifiesEdDsaTokensWithTheKeyItFindsThroughTheDiscoveryUrl() throws Exception {
        // Nimbus's stock key selector and verifier factory know no Ed25519: the client picks the key by kid itself
        String token = ed.login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
        SignedJWT jwt = SignedJWT.parse(token);
        URL jwksUri = URI.create(ed.send("GET", "/.well-known/openid-configuration", null).json().getString("jwks_uri")).toURL();
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwksUri).retrying(false).build();
        List<JWK> found = keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(jwt.getHeader().getKeyID()).build()), null);

        assertEquals(1, found.size());
        assertEquals(JWSAlgorithm.EdDSA, jwt.getHeader().getAlgorithm());
        assertTrue(jwt.verify(new Ed25519Verifier((OctetKeyPair) found.get(0))));
        assertEquals("gatehouse", jwt.getJWTClaimsSet().getIssuer());
        assertTrue(jwt.getJWTClaimsSet().getExpirationTime().toInstant().isAfter(Instant.now()));
    }

    // --- a MicroProfile JWT resource server ---------------------------------------------------------

    @Test
    @Order(5)
    void theResourceServerAcceptsAManagersTokenAndRefusesAUsers() {
        String adminToken = rs.login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
        String managerEmail = Api.uniqueEmail("interop-manager");
        String userEmail = Api.uniqueEmail("interop-user");
        rs.createUser(adminToken, managerEmail, "manager-password", "manager");
        rs.createUser(adminToken, userEmail, "user-password-1", "user");
        String manager = rs.login(managerEmail, "manager-password").getString("access_token");
        String user = rs.login(userEmail, "user-password-1").getString("access_token");

        Api.Reply managerReply = report(manager);
        assertEquals(200, managerReply.status(), managerReply::body);
        assertEquals("report for " + managerEmail, managerReply.body());
        assertEquals(200, report(adminToken).status(), "admins are managers too (groups)");
        assertEquals(403, report(user).status());
        assertEquals(401, rs.send("GET", "/resource/api/report", null).status());
    }

    @Test
    @Order(6)
    void theResourceServerRefusesATamperedOrAnExpiredToken() throws Exception {
        String admin = rs.login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
        SignedJWT issued = SignedJWT.parse(admin);
        byte[] signature = issued.getSignature().decode();
        signature[10] ^= 1;
        String tampered = issued.getParsedParts()[0] + "." + issued.getParsedParts()[1] + "."
                + com.nimbusds.jose.util.Base64URL.encode(signature);
        JWTClaimsSet expiredClaims = new JWTClaimsSet.Builder(issued.getJWTClaimsSet())
                .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(30))))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(15)))).build();
        SignedJWT expired = new SignedJWT(issued.getHeader(), expiredClaims);
        expired.sign(new RSASSASigner((RSAKey) signingKey("gh_keys_rs", issued.getHeader().getKeyID())));

        assertEquals(401, report(tampered).status());
        assertEquals(401, report(expired.serialize()).status());
        assertEquals(200, report(admin).status(), "the genuine token still works");
    }

    @Test
    @Order(7)
    void afterARotationOldAndNewTokensBothWorkOnTheResourceServerAndOnTheSecondNode() throws Exception {
        String adminBefore = rs.login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
        String oldKid = SignedJWT.parse(adminBefore).getHeader().getKeyID();

        Api.Reply rotated = rs.send("POST", "/api/signing-keys/rotate", null, "Authorization", "Bearer " + adminBefore);

        assertEquals(201, rotated.status(), rotated::body);
        JsonObject key = rotated.json();
        assertEquals("next", key.getString("status"));
        assertEquals("RS256", key.getString("alg"));
        String newKid = key.getString("kid");
        assertNotEquals(oldKid, newKid);
        Instant activates = Instant.parse(key.getString("activates_at"));
        assertTrue(Duration.between(Instant.now(), activates).getSeconds() <= ACTIVATION_SECONDS);
        assertTrue(kids(rs).contains(newKid), "published at once, before it signs");
        String stillOld = rs.login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
        assertEquals(oldKid, SignedJWT.parse(stillOld).getHeader().getKeyID(), "the new key does not sign yet");

        // the new key signs from activates_at; the resource server's cache lives max-age = the delay
        sleepUntil(activates.plusSeconds(ACTIVATION_SECONDS + 1));
        String adminAfter = rs.login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");

        assertEquals(newKid, SignedJWT.parse(adminAfter).getHeader().getKeyID());
        assertEquals(200, report(adminAfter).status(), "a token of the new key");
        assertEquals(200, report(adminBefore).status(), "a token of the old key, until it expires");
        assertEquals(200, rsSecond.send("GET", "/api/auth/me", null, "Authorization", "Bearer " + adminAfter).status(),
                "the second node (which reloads its keys only hourly) knows the new key at once");
        assertTrue(kids(rs).containsAll(List.of(oldKid, newKid)), "the old key stays published while its tokens live");
        Api.Reply list = rs.send("GET", "/api/signing-keys", null, "Authorization", "Bearer " + adminAfter);
        assertEquals(200, list.status(), list::body);
        Map<String, String> statuses = new java.util.HashMap<>();
        list.json().getJsonArray("items").forEach(item -> statuses.put(item.asJsonObject().getString("kid"),
                item.asJsonObject().getString("status")));
        assertEquals("active", statuses.get(newKid));
        assertEquals("retiring", statuses.get(oldKid));
    }

    // --- attacks --------------------------------------------------------------------------------

    @Test
    @Order(8)
    void hmacSignedWithThePublicKeyANoneTokenAndKeysNamedInHeadersAreInvalid() throws Exception {
        String genuine = rs.login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
        SignedJWT parsed = SignedJWT.parse(genuine);
        String kid = parsed.getHeader().getKeyID();
        JWTClaimsSet claims = parsed.getJWTClaimsSet();
        String publicJwk = rs.send("GET", "/.well-known/jwks.json", null).json().getJsonArray("keys").stream()
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
        RSAKey other = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        SignedJWT unknown = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                .keyID(other.getKeyID()).build(), claims);
        unknown.sign(new RSASSASigner(other));
        forged.add(unknown.serialize());

        for (String token : forged) {
            Problems.assertInvalidToken(rs.send("GET", "/api/auth/me", null, "Authorization", "Bearer " + token));
        }
        assertEquals(200, rs.send("GET", "/api/auth/me", null, "Authorization", "Bearer " + genuine).status());
    }

    @Test
    @Order(9)
    void aTokenOfARetiredKeyIsInvalid() throws Exception {
        String admin = rs.login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
        String retiring = rs.send("GET", "/api/signing-keys", null, "Authorization", "Bearer " + admin).json()
                .getJsonArray("items").stream().map(k -> k.asJsonObject())
                .filter(k -> k.getString("status").equals("retiring")).findFirst().orElseThrow().getString("kid");
        SignedJWT current = SignedJWT.parse(admin);
        SignedJWT old = new SignedJWT(new JWSHeader.Builder(current.getHeader()).keyID(retiring).build(), current.getJWTClaimsSet());
        old.sign(new RSASSASigner((RSAKey) signingKey("gh_keys_rs", retiring)));
        assertEquals(200, rs.send("GET", "/api/auth/me", null, "Authorization", "Bearer " + old.serialize()).status(),
                "a retiring key still verifies");

        Node.sql("gh_keys_rs", "UPDATE signing_keys SET retires_at = now() - interval '1 second' WHERE id = '"
                + retiring + "'");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Api.Reply reply;
        do {
            Thread.sleep(500);
            reply = rs.send("GET", "/api/auth/me", null, "Authorization", "Bearer " + old.serialize());
        } while (reply.status() == 200 && System.nanoTime() < deadline);
        Problems.assertInvalidToken(reply);
        assertFalse(kids(rs).contains(retiring), "a retired key leaves the key set");
        assertEquals(200, rs.send("GET", "/api/auth/me", null, "Authorization", "Bearer " + admin).status());
    }

    // --- a cluster --------------------------------------------------------------------------------

    @Test
    @Order(10)
    void twoNodesBootingOnAnEmptyDatabaseMakeOneKeyAndADueRotationHappensOnOneOfThem() throws Exception {
        assertEquals(1L, Node.scalar("gh_keys_es", "SELECT count(*) FROM signing_keys"));
        assertEquals(kids(es), kids(esSecond));

        Node.sql("gh_keys_es", "UPDATE signing_keys SET created_at = created_at - interval '2 days', "
                + "activates_at = activates_at - interval '2 days'");
        Thread.sleep(4_000);

        assertEquals(2L, Node.scalar("gh_keys_es", "SELECT count(*) FROM signing_keys"));
        assertEquals(1L, Node.scalar("gh_keys_es", "SELECT count(*) FROM activity_logs WHERE action = 'signing_key.rotated'"));
        assertEquals(1L, Node.scalar("gh_keys_es",
                "SELECT count(*) FROM activity_logs WHERE action = 'signing_key.rotated' AND user_id IS NULL"));
    }

    private static List<String> kids(Node node) {
        return node.send("GET", "/.well-known/jwks.json", null).json().getJsonArray("keys").stream()
                .map(k -> k.asJsonObject().getString("kid")).sorted().toList();
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** A node's stored private key, opened with the run's SECRET_KEY as the node opens it. */
    private static JWK signingKey(String database, String kid) throws Exception {
        String sealed = (String) Node.scalar(database, "SELECT private_jwk FROM signing_keys WHERE id = '" + kid + "'");
        return JWK.parse(new SecretBox(SECRET.getBytes(StandardCharsets.UTF_8), "signing-keys").openText(sealed, kid));
    }

    /**
     * One Gatehouse of this test on its own Payara process and database (on the test PostgreSQL
     * server), with the suite's secrets, so the test can open its stored keys as the node does.
     *
     * @param process the running server
     * @param algorithm its {@code JWT_ALGORITHM}
     */
    private record Node(PayaraProcess process, String algorithm) {

        static Node start(String name, int port, String database, Map<String, String> settings, List<String> jvmOptions,
                          List<String> payaraOptions) throws java.io.IOException {
            Map<String, String> environment = new java.util.HashMap<>(Map.of(
                    "DATABASE_URL", databaseUrl(database),
                    "SECRET_KEY", SECRET,
                    "BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL,
                    "BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                    "BCRYPT_COST", "5",
                    "RATE_LIMIT_PER_MINUTE", "100000",
                    "AUTH_RATE_LIMIT_PER_MINUTE", "100000",
                    "PUBLIC_BASE_URL", "http://127.0.0.1:" + port,
                    "LOG_DIR", "logs"));
            // the nodes of one database share an issuer, whatever each one's own URL
            environment.put("JWT_ISSUER", "gatehouse");
            environment.putAll(settings);
            PayaraProcess process = PayaraProcess.start("keys-" + name, PayaraProcess.newWorkDir("keys-" + name),
                    environment, port, jvmOptions, payaraOptions);
            return new Node(process, settings.getOrDefault("JWT_ALGORITHM", "HS256"));
        }

        URI base() {
            return process.base();
        }

        Api.Reply send(String method, String path, String body, String... headers) {
            return process.api().send(method, path, body, headers);
        }

        JsonObject login(String email, String password) {
            Api.Reply reply = process.api().postJson("/api/auth/login", Api.json("email", email, "password", password));
            assertEquals(200, reply.status(), reply::body);
            return reply.json();
        }

        void createUser(String adminToken, String email, String password, String role) {
            Api.Reply reply = process.api().postJson("/api/users", Accounts.body(email, password, role),
                    "Authorization", "Bearer " + adminToken);
            assertEquals(201, reply.status(), reply::body);
        }

        /** The test PostgreSQL server's URL for another database on it. */
        static String databaseUrl(String database) {
            String base = System.getProperty("gatehouse.test.database.url", "postgresql://postgres@127.0.0.1:5432/test");
            return base.replaceAll("/[^/?]+(\\?.*)?$", "/" + database + "$1");
        }

        static void sql(String database, String statement) throws java.sql.SQLException {
            try (Connection c = connect(database); Statement s = c.createStatement()) {
                s.execute(statement);
            }
        }

        static Object scalar(String database, String query) throws java.sql.SQLException {
            try (Connection c = connect(database); Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(query)) {
                return r.next() ? r.getObject(1) : null;
            }
        }

        private static Connection connect(String database) throws java.sql.SQLException {
            dev.gatehouse.platform.config.DatabaseUrl url = dev.gatehouse.platform.config.DatabaseUrl.parse(databaseUrl(database));
            java.util.Properties properties = new java.util.Properties();
            if (url.user() != null) {
                properties.setProperty("user", url.user());
            }
            if (url.password() != null) {
                properties.setProperty("password", url.password());
            }
            return java.sql.DriverManager.getConnection(url.jdbcUrl(), properties);
        }
    }
}
