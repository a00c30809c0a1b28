package dev.gatehouse.keys.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Access tokens this node has already verified, so a client that sends the same bearer token on
 * every request pays for its signature once: an ECDSA or RSA check costs several times the rest of
 * a bearer request. Only tokens that passed every check are kept, under their exact text, with the
 * {@code kid} that verified them, for a token's lifetime (plus the leeway); {@link
 * AccessTokens#verify} still checks expiry and that the key is published on every hit, so key
 * retirement acts as it does without the cache. Session liveness is not a token property and is
 * checked after verification either way. A Caffeine cache bounded by {@code TOKEN_CACHE_SIZE}.
 */
final class VerifiedTokens {

    /** A verified token's claims and the key it was verified with. */
    record Entry(AccessClaims claims, String keyId) {
    }

    private final Cache<String, Entry> entries;

    /** At most {@code capacity} tokens, each forgotten {@code lifetime} after it was verified (when it has expired). */
    VerifiedTokens(int capacity, Duration lifetime) {
        this(capacity, lifetime, Ticker.systemTicker());
    }

    /** The same, on {@code ticker}'s time: a test moves it instead of sleeping. */
    VerifiedTokens(int capacity, Duration lifetime, Ticker ticker) {
        entries = Caffeine.newBuilder().maximumSize(capacity).expireAfterWrite(lifetime).ticker(ticker).executor(Runnable::run)
                .recordStats().build();
    }

    Entry get(String token) {
        return entries.getIfPresent(token);
    }

    void put(String token, Entry entry) {
        entries.put(token, entry);
    }

    /** The cache itself, for its figures. */
    Cache<String, Entry> cache() {
        return entries;
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
