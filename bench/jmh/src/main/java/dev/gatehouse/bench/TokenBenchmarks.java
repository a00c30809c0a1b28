package dev.gatehouse.bench;

import com.nimbusds.jose.JWSAlgorithm;
import dev.gatehouse.access.Role;
import dev.gatehouse.keys.control.AccessClaims;
import dev.gatehouse.keys.control.AccessTokens;
import dev.gatehouse.keys.control.HmacSigningKey;
import dev.gatehouse.keys.control.KeyPairs;
import dev.gatehouse.keys.control.KeySource;
import dev.gatehouse.keys.control.PairSigningKey;
import dev.gatehouse.keys.control.SigningKey;
import dev.gatehouse.keys.control.TokenException;
import dev.gatehouse.sessions.control.RefreshTokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The token work of one request, single-threaded, average time per operation: an access token
 * (HS256 JWT, as issued at login/refresh and verified on every bearer request) and a refresh
 * token (HMAC-signed opaque token; issued at login/refresh, its session read back and its SHA-256
 * stored form computed at refresh). The classes are the application's own, built directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class TokenBenchmarks {

    private static final List<String> AMR = List.of("pwd");

    /** The access-token algorithm measured. */
    @Param({"HS256", "RS256", "ES256", "EdDSA"})
    public String algorithm;

    private AccessTokens accessTokens;
    private KeySource keySource;
    private JWSAlgorithm jwsAlgorithm;
    private RefreshTokens refreshTokens;
    private UUID userId;
    private UUID sessionId;
    private Instant now;
    private String accessToken;
    private String refreshToken;

    /** A random 48-byte secret (what `openssl rand -base64 48` gives) or a fresh key pair, one user, one session. */
    @Setup
    public void setup() throws TokenException {
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        SigningKey signingKey = algorithm.startsWith("HS") ? new HmacSigningKey(algorithm, key)
                : PairSigningKey.of(KeyPairs.generate(alg, "bench"), alg);
        keySource = KeySource.of(signingKey);
        jwsAlgorithm = alg;
        accessTokens = new AccessTokens(keySource, alg, "gatehouse", Duration.ofMinutes(15));
        refreshTokens = new RefreshTokens(key);
        userId = UUID.randomUUID();
        sessionId = UUID.randomUUID();
        now = Instant.now();
        accessToken = accessTokens.issue(userId, "user1@bench.test", Role.USER, sessionId, AMR, now);
        refreshToken = refreshTokens.issue(sessionId);
        if (!accessTokens.verify(accessToken, now).sessionId().equals(sessionId)
                || !refreshTokens.sessionOf(refreshToken).equals(sessionId)) {
            throw new IllegalStateException("round trip failed");
        }
    }

    /** Sign a new access token (claims, header, signature, serialisation). */
    @Benchmark
    public String accessTokenIssue() {
        return accessTokens.issue(userId, "user1@bench.test", Role.USER, sessionId, AMR, now);
    }

    /**
     * A token's first presentation: parse and verify algorithm, type, signature, issuer, claims,
     * expiry (a verifier that has not seen it: a new one per call, which costs an empty map).
     */
    @Benchmark
    public AccessClaims accessTokenVerify() throws TokenException {
        return new AccessTokens(keySource, jwsAlgorithm, "gatehouse", Duration.ofMinutes(15)).verify(accessToken, now);
    }

    /** The same token presented again: the remembered claims, expiry and the key's publication checked. */
    @Benchmark
    public AccessClaims accessTokenVerifyAgain() throws TokenException {
        return accessTokens.verify(accessToken, now);
    }

    /** A new refresh token: 32 random bytes, HMAC, base64url. */
    @Benchmark
    public String refreshTokenIssue() {
        return refreshTokens.issue(sessionId);
    }

    /** The session of a presented refresh token: decode, check the HMAC. */
    @Benchmark
    public UUID refreshTokenVerify() throws TokenException {
        return refreshTokens.sessionOf(refreshToken);
    }

    /** Issue then verify one refresh token, plus the SHA-256 stored form (what a refresh does). */
    @Benchmark
    public String refreshTokenIssueVerifyHash() throws TokenException {
        String token = refreshTokens.issue(sessionId);
        refreshTokens.sessionOf(token);
        return RefreshTokens.hash(token);
    }
}
