package dev.gatehouse.mfa.control;

import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.mfa.entity.RecoveryCode;
import dev.gatehouse.mfa.entity.TotpCredential;
import dev.gatehouse.platform.config.TokenSettings;
import dev.gatehouse.platform.crypto.Digests;
import dev.gatehouse.platform.crypto.SecretBox;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.log.ApplicationLog;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The stored second factor of an account, for enrolment and the login step alike: its sealed
 * secret, its last accepted time step and its recovery codes, read and changed in the caller's
 * transaction under a row lock. A TOTP code counts only for a time step later than the last one
 * accepted: no code works twice, not even on two nodes at once. Secrets are sealed with
 * {@link SecretBox} (purpose {@value #SEAL_PURPOSE}, bound to the user id); recovery codes are kept
 * as hashes. The only writer of {@code totp_credentials} and {@code recovery_codes}.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class TotpCredentials {

    /** Sealing purpose of TOTP secrets (see {@link SecretBox}). */
    public static final String SEAL_PURPOSE = "totp";

    @PersistenceContext
    EntityManager em;

    @Inject
    TokenSettings settings;

    @EJB
    ActivityLog activity;

    private SecretBox box;

    /** The sealing key, derived once from {@code SECRET_KEY}. */
    @PostConstruct
    void init() {
        box = new SecretBox(settings.secretKey(), SEAL_PURPOSE);
    }

    /** The credential row of {@code userId}, locked for the rest of the transaction, if it has one. */
    public Optional<TotpCredential> locked(UUID userId) {
        return Optional.ofNullable(em.find(TotpCredential.class, userId, LockModeType.PESSIMISTIC_WRITE));
    }

    /** The credential row of {@code userId}, created empty if absent, locked for the rest of the transaction. */
    public TotpCredential lockedOrNew(UUID userId) {
        // Insert-if-absent that never fails on a race; then lock the row.
        em.createNativeQuery("INSERT INTO totp_credentials (user_id) VALUES (?1) ON CONFLICT DO NOTHING")
                .setParameter(1, userId)
                .executeUpdate();
        return em.find(TotpCredential.class, userId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** {@code secret} sealed for {@code userId}, to store as the pending secret. */
    public String seal(String secret, UUID userId) {
        return box.sealText(secret, userId.toString());
    }

    /**
     * Checks {@code code} against the enabled credential (locked by the caller): a TOTP code of a
     * step later than the last accepted one, which becomes the last; or an unused recovery code,
     * which is spent and recorded as {@code auth.mfa_recovery_code_used}.
     *
     * @return {@code totp} or {@code recovery_code}, or empty for a wrong, replayed or malformed code
     */
    public Optional<String> check(TotpCredential credential, String code, ClientInfo client) {
        if (Totp.looksLikeCode(code)) {
            OptionalLong step = stepOf(credential.sealedSecret(), credential.userId(), code);
            return step.isPresent() && credential.accept(step.getAsLong()) ? Optional.of("totp") : Optional.empty();
        }
        return RecoveryCodes.normalise(code).flatMap(normalised -> spendRecoveryCode(credential.userId(), normalised, client));
    }

    private Optional<String> spendRecoveryCode(UUID userId, String normalised, ClientInfo client) {
        String hash = RecoveryCodes.hash(userId, normalised);
        List<RecoveryCode> unused = em.createNamedQuery(RecoveryCode.UNUSED_OF_USER, RecoveryCode.class)
                .setParameter("userId", userId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        RecoveryCode matched = null;
        for (RecoveryCode candidate : unused) {
            // every candidate is compared, in constant time: the time says nothing about which one matched
            if (Digests.sameText(candidate.codeHash(), hash)) {
                matched = candidate;
            }
        }
        if (matched == null) {
            return Optional.empty();
        }
        matched.use(Timestamps.now());
        activity.record(userId, Action.MFA_RECOVERY_CODE_USED, client, Map.of("recovery_codes_left", unused.size() - 1));
        return Optional.of("recovery_code");
    }

    /** The time step whose code {@code code} is, for the sealed secret of {@code userId}; empty if none. */
    public OptionalLong stepOf(String sealedSecret, UUID userId, String code) {
        if (!Totp.looksLikeCode(code)) {
            return OptionalLong.empty();
        }
        Optional<String> secret = open(sealedSecret, userId);
        return secret.isEmpty() ? OptionalLong.empty() : Totp.matchingStep(secret.get(), code, Timestamps.now());
    }

    /**
     * Opens a sealed secret of {@code userId}. A secret sealed under another {@code SECRET_KEY}
     * cannot be opened: logged, and no code matches it (recovery codes still work; an admin reset
     * lets the owner enrol again).
     */
    private Optional<String> open(String sealed, UUID userId) {
        try {
            return Optional.of(box.openText(sealed, userId.toString()));
        } catch (GeneralSecurityException e) {
            ApplicationLog.logger().severe("the TOTP secret of user " + userId
                    + " cannot be opened (SECRET_KEY changed?): no TOTP code matches until an admin resets it");
            return Optional.empty();
        }
    }

    /** New recovery codes for {@code userId}, replacing any old ones; only their hashes are stored. */
    public List<String> replaceRecoveryCodes(UUID userId, Instant now) {
        em.createNamedQuery(RecoveryCode.DELETE_OF_USER).setParameter("userId", userId).executeUpdate();
        List<String> codes = RecoveryCodes.generate();
        for (String code : codes) {
            em.persist(new RecoveryCode(userId, RecoveryCodes.hash(userId, RecoveryCodes.normalise(code).orElseThrow()), now));
        }
        return codes;
    }

    /** Deletes the credential and its recovery codes. */
    public void remove(TotpCredential credential) {
        em.createNamedQuery(RecoveryCode.DELETE_OF_USER).setParameter("userId", credential.userId()).executeUpdate();
        em.remove(credential);
    }
}
