package dev.gatehouse.keys.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.access.Role;
import dev.gatehouse.platform.config.ClusterSettings;
import dev.gatehouse.platform.config.TokenSettings;
import dev.gatehouse.platform.metrics.Telemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies access tokens: JWTs of type {@code at+jwt} with the claims
 * {@code iss sub email role sid jti iat exp}, plus {@code upn} and {@code groups} for MicroProfile
 * JWT resource servers and {@code amr} (RFC 8176); the header names the signing key in
 * {@code kid}. Verification accepts only the configured algorithm, this issuer and this type,
 * finds the key by {@code kid} among the published keys (never from {@code jwk}, {@code jku},
 * {@code x5u} or {@code x5c} headers, which are ignored), checks the signature before anything the
 * token claims, and allows 30 s of clock skew on expiry. A token verified once is remembered
 * ({@link VerifiedTokens}): its next presentation costs a map lookup, an expiry check and a check
 * that its key is still published. It knows nothing about sessions: liveness is the bearer
 * mechanism's next step.
 */
@ApplicationScoped
public class AccessTokens {

    /** The JOSE {@code typ} of access tokens (RFC 9068). */
    public static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    /** Clock skew allowed on {@code exp}. */
    public static final Duration LEEWAY = Duration.ofSeconds(30);
    /** Verified tokens remembered per node: a few MB at most, more than the live tokens of most deployments. */
    static final int VERIFIED_CAPACITY = 4096;

    private VerifiedTokens verified;

    private KeySource keys;
    private JWSAlgorithm algorithm;
    private String issuer;
    private String audience;
    private Duration lifetime;

    /** For CDI proxies. */
    protected AccessTokens() {
    }

    /**
     * Configured from the settings: algorithm, issuer, audience, lifetime and how many verified tokens
     * to remember; keys from this node's key ring.
     */
    @Inject
    public AccessTokens(TokenSettings settings, ClusterSettings cluster, KeyRing ring, Telemetry telemetry) {
        this(ring, JWSAlgorithm.parse(settings.jwtAlgorithm()), settings.jwtIssuer(), settings.jwtAudience(),
                Duration.ofMinutes(settings.accessTokenMinutes()), cluster.tokenCacheSize());
        telemetry.cache("tokens", verified.cache());
    }

    /** Explicit parts, for tests and benchmarks. */
    public AccessTokens(KeySource keys, JWSAlgorithm algorithm, String issuer, String audience, Duration lifetime,
                        int verifiedCapacity) {
        this.keys = keys;
        this.algorithm = algorithm;
        this.issuer = issuer;
        this.audience = audience;
        this.lifetime = lifetime;
        this.verified = new VerifiedTokens(verifiedCapacity, lifetime.plus(LEEWAY));
    }

    /** Explicit parts with the issuer as the audience, as the settings' default. */
    public AccessTokens(KeySource keys, JWSAlgorithm algorithm, String issuer, Duration lifetime) {
        this(keys, algorithm, issuer, issuer, lifetime, VERIFIED_CAPACITY);
    }

    /** Lifetime of a new token: the {@code expires_in} of a token pair. */
    public Duration lifetime() {
        return lifetime;
    }

    /**
     * A signed token for this user and session, valid from {@code now} for {@link #lifetime()}.
     *
     * @param amr the authentication methods of the session (RFC 8176), e.g. {@code ["pwd"]}
     */
    public String issue(UUID userId, String email, Role role, UUID sessionId, List<String> amr, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(userId.toString())
                .claim("email", email)
                .claim("upn", email)
                .claim("role", role.wireName())
                .claim("groups", role.groups())
                .claim("sid", sessionId.toString())
                .claim("amr", amr)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        SigningKey key = keys.signing(now);
        JWSHeader header = new JWSHeader.Builder(key.algorithm()).type(TYPE).keyID(key.keyId()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key.signer().orElseThrow(() -> new IllegalStateException("the signing key has no private part")));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return jwt.serialize();
    }

    /**
     * The token of a {@code Bearer} header; empty for no header or another scheme. A bearer header
     * with nothing after it yields an empty token, which verification refuses.
     */
    public static Optional<String> bearerToken(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Bearer", 0, 6)) {
            return Optional.empty();
        }
        if (header.length() > 6 && header.charAt(6) != ' ') {
            return Optional.empty();
        }
        return Optional.of(header.substring(6).trim());
    }

    /**
     * Verifies {@code token} at {@code now}.
     *
     * @throws TokenException expired only for a genuine, well-formed token past {@code exp}
     *         plus the leeway; invalid for everything else
     */
    public AccessClaims verify(String token, Instant now) throws TokenException {
        VerifiedTokens.Entry known = token == null ? null : verified.get(token);
        if (known != null) {
            if (!now.isBefore(known.claims().expiresAt().plus(LEEWAY))) {
                throw new TokenException("expired", true);
            }
            if (keys.verifying(known.keyId(), now).isPresent()) {
                return known.claims();
            }
        }
        VerifiedTokens.Entry entry = verifyAfresh(token, now);
        verified.put(token, entry);
        return entry.claims();
    }

    private VerifiedTokens.Entry verifyAfresh(String token, Instant now) throws TokenException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw TokenException.invalid("malformed token");
        }
        JWSHeader header = jwt.getHeader();
        checkHeader(header);
        SigningKey key = keys.verifying(header.getKeyID(), now)
                .filter(k -> k.algorithm().equals(algorithm))
                .orElseThrow(() -> TokenException.invalid("no published key " + header.getKeyID()));
        try {
            if (!jwt.verify(key.verifier())) {
                throw TokenException.invalid("bad signature");
            }
        } catch (JOSEException | IllegalStateException e) {
            throw TokenException.invalid("signature not verifiable");
        }
        try {
            return new VerifiedTokens.Entry(claimsOf(jwt.getJWTClaimsSet(), now), header.getKeyID());
        } catch (ParseException | IllegalArgumentException e) {
            throw TokenException.invalid("malformed claims");
        }
    }

    /** The one algorithm, the access-token type, no critical parameters: anything else is not ours. */
    private void checkHeader(JWSHeader header) throws TokenException {
        if (!algorithm.equals(header.getAlgorithm())) {
            throw TokenException.invalid("algorithm " + header.getAlgorithm() + " is not accepted");
        }
        if (!TYPE.equals(header.getType())) {
            throw TokenException.invalid("not an access token (typ " + header.getType() + ")");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw TokenException.invalid("critical header parameters are not understood");
        }
    }

    /** The claims of a token whose signature was verified: ours by issuer and audience, complete, not expired. */
    private AccessClaims claimsOf(JWTClaimsSet claims, Instant now) throws ParseException, TokenException {
        if (!issuer.equals(claims.getIssuer())) {
            throw TokenException.invalid("wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().equals(List.of(audience))) {
            throw TokenException.invalid("wrong audience");
        }
        String subject = claims.getSubject();
        String email = claims.getStringClaim("email");
        Role role = Role.fromWire(claims.getStringClaim("role")).orElse(null);
        String sid = claims.getStringClaim("sid");
        String jti = claims.getJWTID();
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (subject == null || email == null || role == null || sid == null || jti == null || iat == null || exp == null) {
            throw TokenException.invalid("a required claim is missing");
        }
        if (!now.isBefore(exp.toInstant().plus(LEEWAY))) {
            throw new TokenException("expired", true);
        }
        List<String> amr = claims.getStringListClaim("amr");
        return new AccessClaims(UUID.fromString(subject), email, role, UUID.fromString(sid), jti, iat.toInstant(),
                exp.toInstant(), amr == null ? List.of() : List.copyOf(amr));
    }
}
