package dev.gatehouse.keys.control;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens this node has already verified, so a client that sends the same bearer token on
 * every request pays for its signature once: an ECDSA or RSA check costs several times the rest of
 * a bearer request. Only tokens that passed every check are kept, under their exact text, with the
 * {@code kid} that verified them; {@link AccessTokens#verify} still checks expiry and that the key is
 * published on every hit, so expiry and key retirement act as they do without the cache. Session
 * liveness is not a token property and is checked after verification either way. Bounded: when
 * full, expired entries go, and if that frees nothing, every entry goes.
 */
final class VerifiedTokens {

    /** A verified token's claims and the key it was verified with. */
    record Entry(AccessClaims claims, String keyId) {
    }

    private final int capacity;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity) {
        this.capacity = capacity;
    }

    Entry get(String token) {
        return entries.get(token);
    }

    void put(String token, Entry entry, Instant now) {
        if (entries.size() >= capacity) {
            entries.values().removeIf(e -> !now.isBefore(e.claims().expiresAt().plus(AccessTokens.LEEWAY)));
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(token, entry);
    }

    int size() {
        return entries.size();
    }
}
