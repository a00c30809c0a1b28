package dev.gatehouse.keys.control;

import java.time.Instant;
import java.util.Optional;

/** Where access tokens get their keys: the one that signs now, and the one a presented token names. */
public interface KeySource {

    /** The key that signs tokens issued at {@code now}. */
    SigningKey signing(Instant now);

    /**
     * The published key named {@code kid} (null when the token names none), if it may verify tokens
     * at {@code now}; retired and unknown keys are empty.
     */
    Optional<SigningKey> verifying(String kid, Instant now);

    /** A source of one key that always signs, for tests and benchmarks. */
    static KeySource of(SigningKey key) {
        return new KeySource() {
            @Override
            public SigningKey signing(Instant now) {
                return key;
            }

            @Override
            public Optional<SigningKey> verifying(String kid, Instant now) {
                return kid == null || kid.equals(key.keyId()) ? Optional.of(key) : Optional.empty();
            }
        };
    }
}
