package dev.gatehouse.mfa.control;

import dev.gatehouse.access.Caller;
import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.accounts.control.Credentials;
import dev.gatehouse.accounts.control.LoginThrottle;
import dev.gatehouse.accounts.control.Passwords;
import dev.gatehouse.accounts.control.SessionsRevocation;
import dev.gatehouse.accounts.control.UserService;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.mfa.entity.MfaToken;
import dev.gatehouse.mfa.entity.RecoveryCode;
import dev.gatehouse.mfa.entity.TotpCredential;
import dev.gatehouse.platform.config.Settings;
import dev.gatehouse.platform.crypto.Digests;
import dev.gatehouse.platform.crypto.SecretBox;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.log.ApplicationLog;
import dev.gatehouse.platform.problem.Failure;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * TOTP as a second factor, each use case read top to bottom in one method: enrolment (a pending
 * secret handed out against the current password), confirmation (the first code turns it on and
 * hands out recovery codes), removal by the owner (password and a code), reset by an admin (lost
 * device), and the two halves of a login's second step: the {@code mfa_token} made after the
 * password, and its redemption with a code. The only writer of {@code totp_credentials},
 * {@code recovery_codes} and {@code mfa_tokens}.
 *
 * <p>Every code is checked under a row lock on the credential, and a TOTP code counts only for a
 * time step later than the last one accepted, which is stored: no code works twice, not even on two
 * nodes at once. A wrong code is a failed login of the account's email ({@link
 * LoginThrottle#recordWrongCode}, committed before the refusal), and a throttled email may not try
 * codes. Secrets are sealed with {@link SecretBox} (purpose {@value #SEAL_PURPOSE}, bound to the
 * user id); recovery codes and tokens are kept as hashes.
 */
@Stateless
public class TotpService {

    /** Sealing purpose of TOTP secrets (see {@link SecretBox}). */
    public static final String SEAL_PURPOSE = "totp";
    /** How long an {@code mfa_token} lives (API.md). */
    public static final Duration MFA_TOKEN_LIFETIME = Duration.ofSeconds(300);
    /** Detail of an enrolment while TOTP is on. */
    public static final String ALREADY_ENABLED = "Two-factor authentication is already enabled";
    /** Detail of a confirmation with nothing pending. */
    public static final String NOTHING_PENDING = "No two-factor enrolment is pending";
    /** Detail of a removal while TOTP is off. */
    public static final String NOT_ENABLED = "Two-factor authentication is not enabled";

    /** Random bytes in an {@code mfa_token}: 256 bits, twice the minimum of the brief. */
    static final int TOKEN_BYTES = 32;
    /** The longest text that can be an {@code mfa_token}; longer input is refused without hashing it. */
    private static final int MAX_TOKEN_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    @PersistenceContext
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    Passwords passwords;

    @EJB
    UserService users;

    @EJB
    LoginThrottle throttle;

    @EJB
    ActivityLog activity;

    private SecretBox box;

    /** The sealing key, derived once from {@code SECRET_KEY}. */
    @PostConstruct
    void init() {
        box = new SecretBox(settings.secretKey(), SEAL_PURPOSE);
    }

    /**
     * A pending secret of this caller, and the URI an authenticator app scans to hold it. A secret
     * pending before is replaced. Nothing is on until {@link #confirm}.
     *
     * @throws Failure 409 while TOTP is on; 429 while the email is throttled; 401
     *         {@code Invalid credentials} for a wrong current password, counted as a failed login
     */
    public Enrolment enrol(Caller caller, String currentPassword, ClientInfo client) {
        TotpCredential credential = lockedCredential(caller.userId());
        if (credential.enabled()) {
            throw Failure.conflict(ALREADY_ENABLED);
        }
        Account account = checkPassword(caller, currentPassword, "mfa_enrolment", client);
        String secret = Totp.newSecret();
        credential.startEnrolment(box.sealText(secret, caller.userId().toString()), Timestamps.now());
        return new Enrolment(secret, Totp.otpauthUri(settings.appName(), account.email(), secret));
    }

    /**
     * Turns TOTP on with the pending secret once the caller proves the app holds it: the code's time
     * step counts as used, {@value RecoveryCodes#COUNT} new recovery codes replace any old ones,
     * every other session of the caller ends, and {@code auth.mfa_enabled} is recorded.
     *
     * @return the recovery codes, shown this once
     * @throws Failure 409 when nothing is pending; 429 while the email is throttled; 401
     *         {@code Invalid credentials} for a wrong code, counted as a failed login
     */
    public List<String> confirm(Caller caller, String code, ClientInfo client) {
        Account account = callerAccount(caller);
        TotpCredential credential = em.find(TotpCredential.class, caller.userId(), LockModeType.PESSIMISTIC_WRITE);
        if (credential == null || !credential.pending()) {
            throw Failure.conflict(credential != null && credential.enabled() ? ALREADY_ENABLED : NOTHING_PENDING);
        }
        refuseWhileThrottled(account.email(), client);
        OptionalLong step = stepOf(credential.pendingSecret(), caller.userId(), code);
        if (step.isEmpty()) {
            throw wrongCode(account, "confirm", client);
        }
        Instant now = Timestamps.now();
        credential.confirm(step.getAsLong(), now);
        List<String> codes = replaceRecoveryCodes(caller.userId(), now);
        int revoked = users.enableSecondFactor(caller.userId(), caller.sessionId());
        activity.record(caller.userId(), Action.MFA_ENABLED, client,
                Map.of("method", "totp", "sessions_revoked", revoked, "recovery_codes", codes.size()));
        return codes;
    }

    /**
     * Turns TOTP off at its owner's request, proven by the current password and a code (a TOTP code
     * or an unused recovery code): the secret and the recovery codes are deleted and
     * {@code auth.mfa_disabled} recorded. Sessions stay: the owner is the one asking.
     *
     * @throws Failure 409 while TOTP is off; 429 while the email is throttled; 401
     *         {@code Invalid credentials} for a wrong password or code, counted as a failed login
     */
    public void disable(Caller caller, String currentPassword, String code, ClientInfo client) {
        TotpCredential credential = em.find(TotpCredential.class, caller.userId(), LockModeType.PESSIMISTIC_WRITE);
        if (credential == null || !credential.enabled()) {
            throw Failure.conflict(NOT_ENABLED);
        }
        Account account = checkPassword(caller, currentPassword, "mfa_disable", client);
        Optional<String> method = check(credential, code, client);
        if (method.isEmpty()) {
            throw wrongCode(account, "disable", client);
        }
        remove(credential);
        users.disableSecondFactor(caller.userId(), null, null);
        activity.record(caller.userId(), Action.MFA_DISABLED, client, Map.of("method", "totp", "proven_by", method.get()));
    }

    /**
     * An admin turns off the second factor of another account (or its own) whose device is lost:
     * secret, pending enrolment and recovery codes are deleted, every session of the account ends
     * (the lost device may hold one; an admin resetting itself keeps the calling session), and
     * {@code user.mfa_reset} is recorded with the admin as actor. Resetting an account without TOTP
     * changes nothing but is recorded too, so the answer is the same {@code 204}.
     *
     * @throws Failure 403 for non-admins; 404 {@code User not found} for an unknown or deleted account
     */
    public void reset(Caller admin, UUID userId, ClientInfo client) {
        Account target = users.administered(admin, userId);
        TotpCredential credential = em.find(TotpCredential.class, userId, LockModeType.PESSIMISTIC_WRITE);
        boolean wasEnabled = target.mfaEnabled() || credential != null && credential.enabled();
        if (credential != null) {
            remove(credential);
        }
        UUID keep = admin.userId().equals(userId) ? admin.sessionId() : null;
        int revoked = users.disableSecondFactor(userId, SessionsRevocation.MFA_RESET, keep);
        activity.record(admin.userId(), Action.MFA_RESET, client, Map.of("target_user_id", userId.toString(),
                "was_enabled", wasEnabled, "sessions_revoked", revoked));
    }

    /**
     * The first step of a login owes a second factor: a new {@code mfa_token} for {@code userId},
     * single use, living {@link #MFA_TOKEN_LIFETIME}. Only its hash is stored.
     *
     * @return the token text, to hand to the client and forget
     */
    public String challenge(UUID userId) {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        String token = BASE64URL.encodeToString(bytes);
        Instant now = Timestamps.now();
        em.persist(new MfaToken(userId, hashOf(token), now, now.plus(MFA_TOKEN_LIFETIME)));
        return token;
    }

    /**
     * The account whose login {@code mfaToken} continues, if the token can still be tried: the
     * caller checks the throttle of that account's email before {@link #redeem}.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<UUID> pendingLogin(String mfaToken) {
        return token(mfaToken, false).filter(t -> t.usableAt(Timestamps.now())).map(MfaToken::userId);
    }

    /**
     * Tries {@code code} (a TOTP code or an unused recovery code) with {@code mfaToken}, in a
     * transaction of its own so that the outcome commits whatever the caller answers: accepted (the
     * token and the code are spent), wrong (the token's count of wrong codes grows; the fifth kills
     * it), or the token is not usable (unknown, used, expired or dead, or the account's TOTP was turned
     * off since it was issued). A wrong code is not yet
     * counted against the email: the caller does that with {@link LoginThrottle#recordWrongCode}.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Redemption redeem(String mfaToken, String code, ClientInfo client) {
        Instant now = Timestamps.now();
        Optional<MfaToken> found = token(mfaToken, true).filter(t -> t.usableAt(now));
        if (found.isEmpty()) {
            return Redemption.invalidToken();
        }
        MfaToken token = found.get();
        TotpCredential credential = em.find(TotpCredential.class, token.userId(), LockModeType.PESSIMISTIC_WRITE);
        if (credential == null || !credential.enabled()) {
            // the factor it was issued for is gone (turned off or reset since): nothing to try a code against
            return Redemption.invalidToken();
        }
        Optional<String> method = check(credential, code, client);
        if (method.isEmpty()) {
            boolean died = token.wrongCode();
            return Redemption.wrongCode(token.userId(), died);
        }
        token.use(now);
        return Redemption.accepted(token.userId(), method.get());
    }

    /** The caller's account after its current password: see {@link #enrol} for the refusals. */
    private Account checkPassword(Caller caller, String currentPassword, String reason, ClientInfo client) {
        Credentials credentials = users.credentialsOf(caller.userId()).orElseThrow(Failure::invalidToken);
        String email = credentials.account().email();
        refuseWhileThrottled(email, client);
        if (!passwords.matches(currentPassword, credentials.passwordHash())) {
            throttle.recordFailure(email, caller.userId(), reason, client);
            throw Failure.invalidCredentials();
        }
        return credentials.account();
    }

    private Account callerAccount(Caller caller) {
        return users.credentialsOf(caller.userId()).map(Credentials::account).orElseThrow(Failure::invalidToken);
    }

    private void refuseWhileThrottled(String email, ClientInfo client) {
        long lockedFor = throttle.lockedFor(email, client);
        if (lockedFor > 0) {
            throw Failure.tooManyRequests(lockedFor);
        }
    }

    /** Counts a wrong code against the email (committed) and gives the one answer for it. */
    private Failure wrongCode(Account account, String reason, ClientInfo client) {
        throttle.recordWrongCode(account.email(), account.id(), reason, client);
        return Failure.invalidCredentials();
    }

    /**
     * Checks {@code code} against the enabled credential (locked by the caller): a TOTP code of a
     * step later than the last accepted one, which becomes the last; or an unused recovery code,
     * which is spent and recorded as {@code auth.mfa_recovery_code_used}.
     *
     * @return {@code totp} or {@code recovery_code}, or empty for a wrong, replayed or malformed code
     */
    private Optional<String> check(TotpCredential credential, String code, ClientInfo client) {
        UUID userId = credential.userId();
        if (Totp.looksLikeCode(code)) {
            OptionalLong step = stepOf(credential.sealedSecret(), userId, code);
            return step.isPresent() && credential.accept(step.getAsLong()) ? Optional.of("totp") : Optional.empty();
        }
        Optional<String> normalised = RecoveryCodes.normalise(code);
        if (normalised.isEmpty()) {
            return Optional.empty();
        }
        String hash = RecoveryCodes.hash(userId, normalised.get());
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
        Instant now = Timestamps.now();
        matched.use(now);
        Map<String, Object> details = new HashMap<>();
        details.put("recovery_codes_left", unused.size() - 1);
        activity.record(userId, Action.MFA_RECOVERY_CODE_USED, client, details);
        return Optional.of("recovery_code");
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

    /** The time step whose code {@code code} is, for the sealed secret of {@code userId}; empty if none. */
    private OptionalLong stepOf(String sealedSecret, UUID userId, String code) {
        if (!Totp.looksLikeCode(code)) {
            return OptionalLong.empty();
        }
        Optional<String> secret = open(sealedSecret, userId);
        return secret.isEmpty() ? OptionalLong.empty() : Totp.matchingStep(secret.get(), code, Timestamps.now());
    }

    private List<String> replaceRecoveryCodes(UUID userId, Instant now) {
        em.createNamedQuery(RecoveryCode.DELETE_OF_USER).setParameter("userId", userId).executeUpdate();
        List<String> codes = RecoveryCodes.generate();
        for (String code : codes) {
            em.persist(new RecoveryCode(userId, RecoveryCodes.hash(userId, RecoveryCodes.normalise(code).orElseThrow()), now));
        }
        return codes;
    }

    private void remove(TotpCredential credential) {
        em.createNamedQuery(RecoveryCode.DELETE_OF_USER).setParameter("userId", credential.userId()).executeUpdate();
        em.remove(credential);
    }

    /** The credential row of {@code userId}, created empty if absent, locked for the rest of the transaction. */
    private TotpCredential lockedCredential(UUID userId) {
        // Insert-if-absent that never fails on a race; then lock the row.
        em.createNativeQuery("INSERT INTO totp_credentials (user_id) VALUES (?1) ON CONFLICT DO NOTHING")
                .setParameter(1, userId)
                .executeUpdate();
        return em.find(TotpCredential.class, userId, LockModeType.PESSIMISTIC_WRITE);
    }

    private Optional<MfaToken> token(String mfaToken, boolean lock) {
        if (mfaToken == null || mfaToken.isEmpty() || mfaToken.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        var query = em.createNamedQuery(MfaToken.BY_HASH, MfaToken.class).setParameter("hash", hashOf(mfaToken));
        if (lock) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.getResultStream().findFirst();
    }

    /** What is stored for an {@code mfa_token}: the hex SHA-256 of its text. */
    static String hashOf(String mfaToken) {
        return Digests.sha256Hex(mfaToken);
    }
}
