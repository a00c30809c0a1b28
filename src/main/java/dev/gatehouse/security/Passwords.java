package dev.gatehouse.security;

import dev.gatehouse.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.mindrot.jbcrypt.BCrypt;

/**
 * bcrypt hashing at the configured cost. Verification of an unknown account spends the same work
 * against a dummy hash, and a hash made at a lower cost is flagged for upgrade.
 */
@ApplicationScoped
public class Passwords {

    /** Fewest UTF-8 bytes a password may have. */
    public static final int MIN_BYTES = 8;
    /** Most UTF-8 bytes a password may have: bcrypt ignores everything past 72. */
    public static final int MAX_BYTES = 72;

    private static final SecureRandom RANDOM = new SecureRandom();

    private int cost;
    private String dummyHash;

    /** For CDI proxies. */
    protected Passwords() {
    }

    /** Hashes at {@code settings.bcryptCost()}. */
    @Inject
    public Passwords(Settings settings) {
        this(settings.bcryptCost());
    }

    /** Hashes at {@code cost}; used directly by unit tests and benchmarks. */
    public Passwords(int cost) {
        this.cost = cost;
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        this.dummyHash = BCrypt.hashpw(Base64.getEncoder().encodeToString(random), BCrypt.gensalt(cost));
    }

    /** True when {@code password} is 8 to 72 UTF-8 bytes and has no NUL character. */
    public static boolean acceptable(String password) {
        if (password == null || password.indexOf('\0') >= 0) {
            return false;
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= MIN_BYTES && bytes <= MAX_BYTES;
    }

    /** A new salted hash at the configured cost. */
    public String hash(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(cost));
    }

    /** Whether {@code password} matches {@code hash}; a malformed hash never matches. */
    public boolean matches(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (RuntimeException e) {
            // jBCrypt throws on empty, truncated or foreign hashes: a corrupt row never matches.
            return false;
        }
    }

    /** Spends one verification's work and returns false: for accounts that do not exist. */
    public boolean matchesNothing(String password) {
        matches(password, dummyHash);
        return false;
    }

    /** True when {@code hash} was made with a lower cost than the configured one. */
    public boolean needsUpgrade(String hash) {
        try {
            return Integer.parseInt(hash.substring(4, 6)) < cost;
        } catch (RuntimeException e) {
            return true;
        }
    }
}
