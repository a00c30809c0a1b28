package dev.gatehouse.platform.config;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How access and refresh tokens are signed, checked and how long they live.
 *
 * @param secretKey {@code SECRET_KEY}'s bytes (HMAC key; also what sealed data is derived from)
 * @param ephemeralSecret true when no key was configured and one was made for this process only
 * @param jwtAlgorithm {@code JWT_ALGORITHM}: the one algorithm tokens are signed and accepted with
 * @param jwtPrivateKeyPem {@code JWT_PRIVATE_KEY(_FILE)}: a pinned PEM key; empty: keys made and rotated by Gatehouse
 * @param jwtKeyRotationDays {@code JWT_KEY_ROTATION_DAYS}: a new signing key every so many days; 0 never
 * @param jwtKeyActivationDelaySeconds {@code JWT_KEY_ACTIVATION_DELAY_SECONDS}: how long a new key is published before it signs
 * @param jwtKeyCheckSeconds {@code JWT_KEY_CHECK_SECONDS}: how often a node reloads the key set and checks for rotation
 * @param jwtIssuer {@code JWT_ISSUER}: the {@code iss} written and required ({@code PUBLIC_BASE_URL} by default, else {@code gatehouse})
 * @param jwtAudience {@code JWT_AUDIENCE}: the {@code aud} written and required (the issuer by default)
 * @param accessTokenMinutes {@code JWT_ACCESS_TOKEN_EXPIRE_MINUTES}
 * @param refreshTokenDays {@code JWT_REFRESH_TOKEN_EXPIRE_DAYS}
 */
public record TokenSettings(byte[] secretKey, boolean ephemeralSecret, String jwtAlgorithm, Optional<String> jwtPrivateKeyPem,
                            int jwtKeyRotationDays, int jwtKeyActivationDelaySeconds, int jwtKeyCheckSeconds, String jwtIssuer,
                            String jwtAudience, int accessTokenMinutes, int refreshTokenDays) {

    /** Smallest HMAC key accepted: 256 bits, the HS256 minimum of RFC 7518. */
    public static final int MIN_SECRET_BYTES = 32;

    /** JWS algorithms access tokens can be signed with: HMAC under {@code SECRET_KEY}, or a key pair. */
    public static final List<String> ALGORITHMS = List.of("HS256", "HS384", "HS512", "RS256", "ES256", "EdDSA");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Keeps its own copy of the key. */
    public TokenSettings {
        secretKey = secretKey.clone();
    }

    /** Reads and checks these settings; the issuer's default and a production key pair need {@code server}. */
    static TokenSettings read(SettingsReader in, ServerSettings server) {
        String algorithm = in.oneOf("JWT_ALGORITHM", "HS256", ALGORITHMS);
        Optional<String> pem = in.optional("JWT_PRIVATE_KEY");
        if (pem.isPresent() && algorithm.startsWith("HS")) {
            throw new SettingsException("JWT_PRIVATE_KEY_FILE is set but JWT_ALGORITHM=" + algorithm
                    + " signs with SECRET_KEY: set JWT_ALGORITHM to RS256, ES256 or EdDSA, or unset JWT_PRIVATE_KEY_FILE");
        }
        if (server.production() && !algorithm.startsWith("HS") && server.publicBaseUrl().isEmpty()) {
            throw new SettingsException("PUBLIC_BASE_URL is not set and ENVIRONMENT=production with JWT_ALGORITHM=" + algorithm
                    + ": set it to the URL clients reach Gatehouse at (resource servers find the keys through it)");
        }
        String issuer = in.text("JWT_ISSUER", server.publicBaseUrl().orElse("gatehouse"));
        Optional<String> key = in.optional("SECRET_KEY");
        byte[] secret = key.map(k -> k.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> ephemeral(server, algorithm));
        if (key.isPresent() && secret.length < neededBytes(algorithm)) {
            throw new SettingsException("SECRET_KEY is too short for " + algorithm + ": set it to at least "
                    + neededBytes(algorithm) + " random bytes (e.g. the output of `openssl rand -base64 48`)");
        }
        return new TokenSettings(secret, key.isEmpty(), algorithm, pem, in.integer("JWT_KEY_ROTATION_DAYS", 90, 0, 3650),
                in.integer("JWT_KEY_ACTIVATION_DELAY_SECONDS", 300, 1, 86_400), in.integer("JWT_KEY_CHECK_SECONDS", 30, 1, 3600),
                issuer, in.text("JWT_AUDIENCE", issuer), in.integer("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", 15, 1, 1440),
                in.integer("JWT_REFRESH_TOKEN_EXPIRE_DAYS", 7, 1, 365));
    }

    private static byte[] ephemeral(ServerSettings server, String algorithm) {
        if (server.production()) {
            throw new SettingsException("SECRET_KEY is not set and ENVIRONMENT=production: set SECRET_KEY (or SECRET_KEY_FILE) "
                    + "to at least " + neededBytes(algorithm) + " random bytes (e.g. `openssl rand -base64 48`)");
        }
        byte[] secret = new byte[64];
        RANDOM.nextBytes(secret);
        return secret;
    }

    private static int neededBytes(String algorithm) {
        return algorithm.startsWith("HS") ? Math.max(MIN_SECRET_BYTES, Integer.parseInt(algorithm.substring(2)) / 8) : MIN_SECRET_BYTES;
    }

    /** The key material; a copy, so callers cannot change it. */
    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** True when tokens are signed with a key pair (RS256, ES256, EdDSA), false for HMAC under {@code SECRET_KEY}. */
    public boolean asymmetricSigning() {
        return !jwtAlgorithm.startsWith("HS");
    }

    /** Same settings: the key compared by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TokenSettings that && Arrays.equals(secretKey, that.secretKey)
                && toString().equals(that.toString());
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(secretKey) * 31 + toString().hashCode();
    }

    /** Every setting but the key, which never reaches a log. */
    @Override
    public String toString() {
        return "TokenSettings[ephemeralSecret=" + ephemeralSecret + ", jwtAlgorithm=" + jwtAlgorithm + ", pinnedKey="
                + jwtPrivateKeyPem.isPresent() + ", jwtKeyRotationDays=" + jwtKeyRotationDays + ", jwtKeyActivationDelaySeconds="
                + jwtKeyActivationDelaySeconds + ", jwtKeyCheckSeconds=" + jwtKeyCheckSeconds + ", jwtIssuer=" + jwtIssuer
                + ", jwtAudience=" + jwtAudience + ", accessTokenMinutes=" + accessTokenMinutes + ", refreshTokenDays="
                + refreshTokenDays + "]";
    }
}
