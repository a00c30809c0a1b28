package dev.gatehouse.keys.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import dev.gatehouse.keys.entity.KeyStatus;
import dev.gatehouse.platform.config.TokenSettings;
import dev.gatehouse.platform.crypto.SecretBox;
import dev.gatehouse.platform.log.ApplicationLog;
import dev.gatehouse.platform.cluster.ChannelRestored;
import dev.gatehouse.platform.cluster.ClusterNotice;
import dev.gatehouse.platform.problem.Failure;
import jakarta.enterprise.event.Observes;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's signing keys: the HMAC secret, the key pinned by {@code JWT_PRIVATE_KEY_FILE}, or
 * the stored key set with each key's life cycle. Tokens are signed by the newest active key whose
 * private part this node can open, and verified by any published key of the configured algorithm
 * named by the token's {@code kid}. The stored set is reloaded every {@code JWT_KEY_CHECK_SECONDS}
 * and, at most once a second, when a token names a key this node does not know, so a key rotated
 * on another node verifies here at once.
 */
@ApplicationScoped
public class KeyRing implements KeySource {

    /** Detail of a rotation asked where keys do not rotate. */
    public static final String NOT_ROTATABLE = "Signing keys rotate only with RS256, ES256 or EdDSA and no JWT_PRIVATE_KEY_FILE";

    private static final long RELOAD_AT_MOST_EVERY_NANOS = 1_000_000_000L;

    @Inject
    TokenSettings settings;

    @Inject
    SigningKeys store;

    private volatile List<Loaded> keys = List.of();
    private final AtomicLong lastReload = new AtomicLong(System.nanoTime() - RELOAD_AT_MOST_EVERY_NANOS);
    private volatile boolean stored;
    private volatile int sealedElsewhere;

    /** One key with its life cycle; {@code activatesAt} null for a key that always signs. */
    private record Loaded(SigningKey key, Instant activatesAt, Instant deactivatesAt, Instant retiresAt) {
        KeyStatus status(Instant now) {
            return activatesAt == null ? KeyStatus.ACTIVE : KeyStatus.at(activatesAt, deactivatesAt, retiresAt, now);
        }
    }

    /**
     * Loads the keys at boot: the HMAC secret, the pinned file, or the stored set, making a key
     * that signs at once when none can.
     *
     * @throws IllegalArgumentException naming {@code JWT_PRIVATE_KEY_FILE} and what is wrong with it
     */
    public synchronized void start() {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(settings.jwtAlgorithm());
        if (!settings.asymmetricSigning()) {
            keys = List.of(new Loaded(new HmacSigningKey(settings.jwtAlgorithm(), settings.secretKey()), null, null, null));
            return;
        }
        if (settings.jwtPrivateKeyPem().isPresent()) {
            try {
                JWK jwk = KeyFiles.read(settings.jwtPrivateKeyPem().get(), algorithm);
                keys = List.of(new Loaded(PairSigningKey.of(jwk, algorithm), null, null, null));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("JWT_PRIVATE_KEY_FILE " + e.getMessage(), e);
            }
            return;
        }
        stored = true;
        store.ensureSigningKey();
        reload();
    }

    /** True when keys are made and rotated by Gatehouse (an asymmetric algorithm and no pinned file). */
    public boolean rotates() {
        return stored;
    }

    /** Reads the stored key set again; a no-op for the HMAC secret and a pinned key. */
    public void reload() {
        if (!stored) {
            return;
        }
        lastReload.set(System.nanoTime());
        JWSAlgorithm algorithm = JWSAlgorithm.parse(settings.jwtAlgorithm());
        SecretBox box = new SecretBox(settings.secretKey(), SigningKeys.PURPOSE);
        List<Loaded> loaded = new ArrayList<>();
        int foreign = 0;
        for (KeyRecord record : store.all()) {
            try {
                JWK jwk;
                try {
                    jwk = JWK.parse(box.openText(record.sealedPrivateJwk(), record.id().toString()));
                } catch (GeneralSecurityException e) {
                    jwk = JWK.parse(record.publicJwk());
                    foreign++;
                }
                loaded.add(new Loaded(PairSigningKey.of(jwk, algorithm), record.activatesAt(), record.deactivatesAt(),
                        record.retiresAt()));
            } catch (ParseException | IllegalArgumentException e) {
                ApplicationLog.logger().warning("signing key " + record.id() + " is unusable and ignored: " + e.getMessage());
            }
        }
        if (foreign != sealedElsewhere && foreign > 0) {
            ApplicationLog.logger().warning(foreign + " stored signing keys were sealed under another SECRET_KEY: "
                    + "they verify tokens but cannot sign");
        }
        sealedElsewhere = foreign;
        keys = List.copyOf(loaded);
    }

    /**
     * The newest active key this node can sign with.
     *
     * @throws IllegalStateException when there is none (the boot makes one, so only if the stored
     *         set was altered behind Gatehouse's back)
     */
    @Override
    public SigningKey signing(Instant now) {
        return keys.stream()
                .filter(k -> k.key().signer().isPresent() && k.status(now) == KeyStatus.ACTIVE)
                .max(Comparator.comparing(k -> k.activatesAt() == null ? Instant.MIN : k.activatesAt()))
                .map(Loaded::key)
                .orElseThrow(() -> new IllegalStateException("no active signing key this node can use"));
    }

    /**
     * The published key named {@code kid}, reloading the stored set (at most once a second) when
     * it is unknown here. An HMAC token may name no key: there is only one.
     */
    @Override
    public Optional<SigningKey> verifying(String kid, Instant now) {
        if (kid == null) {
            return stored || settings.jwtPrivateKeyPem().isPresent() ? Optional.empty() : Optional.of(keys.get(0).key());
        }
        Optional<SigningKey> found = find(kid, now);
        if (found.isEmpty() && stored && known(kid)) {
            return Optional.empty();
        }
        if (found.isEmpty() && stored) {
            long last = lastReload.get();
            if (System.nanoTime() - last >= RELOAD_AT_MOST_EVERY_NANOS && lastReload.compareAndSet(last, System.nanoTime())) {
                reload();
                found = find(kid, now);
            }
        }
        return found;
    }

    private Optional<SigningKey> find(String kid, Instant now) {
        return keys.stream().filter(k -> k.key().keyId().equals(kid) && k.status(now).published())
                .map(Loaded::key).findFirst();
    }

    private boolean known(String kid) {
        return keys.stream().anyMatch(k -> k.key().keyId().equals(kid));
    }

    /**
     * Rotates the stored keys now (an admin asked) and reloads them here.
     *
     * @throws Failure 409 with an HMAC algorithm or a pinned key: nothing to rotate
     */
    public KeyRecord rotate(UUID actor, ClientInfo client) {
        if (!stored) {
            throw Failure.conflict(NOT_ROTATABLE);
        }
        KeyRecord key = store.rotate(actor, client);
        reload();
        return key;
    }

    /** Another node changed the keys (rotated, made the first one): reload them now. */
    void noticed(@Observes ClusterNotice notice) {
        if (notice.kind() == ClusterNotice.Kind.KEYS && stored) {
            reload();
        }
    }

    /** The channel listens again after an outage: a rotation may have gone unheard. */
    void restored(@Observes ChannelRestored restored) {
        if (stored) {
            reload();
        }
    }

    /** The public JWKs of every published key (next, active, retiring); none for HMAC. */
    public List<JWK> published(Instant now) {
        return keys.stream().filter(k -> k.status(now).published())
                .map(k -> k.key().publicJwk()).flatMap(Optional::stream).toList();
    }
}
