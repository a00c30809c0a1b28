package dev.gatehouse.accounts.control;

import dev.gatehouse.platform.config.AccountSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import org.mindrot.jbcrypt.BCrypt;

/**
 * bcrypt hashing at the configured cost. Verification of an unknown account spends the same work
 * against a dummy hash, and a hash made at a lower cost is flagged for upgrade. The length rule
 * is {@code PasswordRule}'s.
 */
@ApplicationScoped
public class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private int cost;
    private String dummyHash;

    /** For CDI proxies. */
    protected Passwords() {
    }

    /** Hashes at {@code settings.bcryptCost()}. */
    @Inject
    public Passwords(AccountSettings settings) {
        this(settings.bcryptCost());
    }

    /** Hashes at {@code cost}; used directly by unit tests and benchmarks. */
    public Passwords(int cost) {
        this.cost = cost;
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        this.dummyHash = BCrypt.hashpw(Base64.getEncoder().encodeToString(random), BCrypt.gensalt(cost));
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
