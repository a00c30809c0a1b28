package dev.gatehouse.keys.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.keys.entity.StoredKey;
import dev.gatehouse.platform.config.TokenSettings;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.keys.entity.KeyStatus;
import dev.gatehouse.platform.cluster.Notices;
import dev.gatehouse.platform.crypto.SecretBox;
import dev.gatehouse.platform.database.Cursor;
import dev.gatehouse.platform.database.Keyset;
import dev.gatehouse.platform.database.Slice;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The stored signing keys: made, sealed, rotated and listed here; the only writer of
 * {@code signing_keys}. A rotation holds the lock row of {@code signing_key_lock}, so when every
 * node of a cluster finds a rotation due at once, one rotates and the others find it done.
 */
@Stateless
public class SigningKeys {

    /** Sealing purpose of private JWKs (see {@link SecretBox}). */
    static final String PURPOSE = "signing-keys";

    @PersistenceContext
    EntityManager em;

    @Inject
    TokenSettings settings;

    @EJB
    ActivityLog activity;

    @Inject
    Notices notices;

    /** Detail of a manual rotation while the key of the last one still waits to sign. */
    public static final String NEXT_KEY_WAITING = "A new signing key is waiting to activate: rotate again once it signs";

    /** Every stored key of the configured algorithm, oldest activation first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<KeyRecord> all() {
        return em.createQuery("select k from StoredKey k where k.algorithm = :algorithm order by k.activatesAt, k.id",
                        StoredKey.class)
                .setParameter("algorithm", settings.jwtAlgorithm())
                .getResultList().stream().map(KeyRecord::of).toList();
    }

    /**
     * Makes a key that signs at once when no stored key can sign now or soon: the first boot, a
     * changed {@code JWT_ALGORITHM}, or a {@code SECRET_KEY} that opens none of the stored keys.
     * Nothing is recorded as a rotation: no token can exist for a key that cannot sign.
     *
     * @return the key made, or empty when another node made one meanwhile or one can sign
     */
    public Optional<KeyRecord> ensureSigningKey() {
        lock();
        Instant now = Timestamps.now();
        SecretBox box = box();
        boolean usable = all().stream().anyMatch(k -> k.status(now).published() && k.deactivatesAt() == null && opens(box, k));
        if (usable) {
            return Optional.empty();
        }
        return Optional.of(create(now, now));
    }

    /**
     * Rotates now: a new key is published at once and signs from the activation delay on; the key
     * it replaces stops signing then and leaves the key set once its last token has expired.
     * Recorded as {@code signing_key.rotated} by {@code actor} (null: automatic); every node reloads
     * its key set when the transaction commits.
     *
     * @throws Failure 409 while the key of the last rotation waits to sign: each rotation would
     *         otherwise publish one more key, all of them kept for a token lifetime
     */
    public KeyRecord rotate(UUID actor, ClientInfo client) {
        lock();
        Instant now = Timestamps.now();
        if (all().stream().anyMatch(key -> key.status(now) == KeyStatus.NEXT)) {
            throw Failure.conflict(NEXT_KEY_WAITING);
        }
        return rotateLocked(actor, client, "manual");
    }

    /**
     * Rotates if the newest key is {@code JWT_KEY_ROTATION_DAYS} old or older; checked under the
     * lock, so of several nodes finding it due at once exactly one rotates.
     */
    public Optional<KeyRecord> rotateIfDue() {
        int days = settings.jwtKeyRotationDays();
        if (days == 0) {
            return Optional.empty();
        }
        lock();
        Instant now = Timestamps.now();
        Optional<KeyRecord> newest = all().stream().reduce((a, b) -> b);
        if (newest.isPresent() && newest.get().createdAt().plus(Duration.ofDays(days)).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(rotateLocked(null, ClientInfo.system(), "scheduled"));
    }

    private KeyRecord rotateLocked(UUID actor, ClientInfo client, String trigger) {
        Instant now = Timestamps.now();
        Instant activates = now.plusSeconds(settings.jwtKeyActivationDelaySeconds());
        List<StoredKey> replaced = em.createQuery("select k from StoredKey k where k.algorithm = :algorithm"
                        + " and k.deactivatesAt is null", StoredKey.class)
                .setParameter("algorithm", settings.jwtAlgorithm())
                .getResultList();
        KeyRecord key = create(now, activates);
        Duration lastToken = Duration.ofMinutes(settings.accessTokenMinutes()).plus(AccessTokens.LEEWAY);
        replaced.forEach(old -> old.replaceBy(activates, lastToken));
        Map<String, Object> details = new HashMap<>();
        details.put("kid", key.id().toString());
        details.put("alg", key.algorithm());
        details.put("trigger", trigger);
        details.put("replaces", replaced.stream().map(k -> k.id().toString()).reduce((a, b) -> a + "," + b).orElse(null));
        activity.record(actor, Action.SIGNING_KEY_ROTATED, client, details);
        return key;
    }

    private KeyRecord create(Instant now, Instant activates) {
        UUID id = UUID.randomUUID();
        JWK jwk = KeyPairs.generate(JWSAlgorithm.parse(settings.jwtAlgorithm()), id.toString());
        String sealed = box().sealText(jwk.toJSONString(), id.toString());
        StoredKey key = new StoredKey(id, settings.jwtAlgorithm(), jwk.toPublicJWK().toJSONString(), sealed, now, activates);
        em.persist(key);
        notices.keysChanged();
        return KeyRecord.of(key);
    }

    /** One page of the stored keys of every algorithm, newest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Slice<KeyRecord> page(int limit, Cursor after) {
        return Keyset.over(em, StoredKey.class, "k").page(limit, after, StoredKey::createdAt, StoredKey::id)
                .map(KeyRecord::of);
    }

    private void lock() {
        em.createNativeQuery("SELECT id FROM signing_key_lock WHERE id = 1 FOR UPDATE").getResultList();
    }

    private SecretBox box() {
        return new SecretBox(settings.secretKey(), PURPOSE);
    }

    /** True when {@code key}'s private part opens under this {@code SECRET_KEY}. */
    static boolean opens(SecretBox box, KeyRecord key) {
        try {
            JWK.parse(box.openText(key.sealedPrivateJwk(), key.id().toString()));
            return true;
        } catch (GeneralSecurityException | ParseException e) {
            return false;
        }
    }
}
