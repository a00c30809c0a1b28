package dev.gatehouse.mfa.control;

import dev.gatehouse.mfa.entity.MfaToken;
import dev.gatehouse.mfa.entity.TotpCredential;
import dev.gatehouse.platform.crypto.Digests;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The second step of a login when TOTP guards the account: the {@code mfa_token} made after the
 * right password, and its redemption with a TOTP code or a recovery code. The token is single use,
 * lives {@link #MFA_TOKEN_LIFETIME} and dies at the fifth wrong code; only its hash is stored. The
 * only writer of {@code mfa_tokens}.
 */
@Stateless
public class SecondFactorChallenges {

    /** How long an {@code mfa_token} lives (API.md). */
    public static final Duration MFA_TOKEN_LIFETIME = Duration.ofSeconds(300);

    /** Random bytes in an {@code mfa_token}: 256 bits. */
    static final int TOKEN_BYTES = 32;
    /** The longest text that can be an {@code mfa_token}; longer input is refused without hashing it. */
    private static final int MAX_TOKEN_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    @PersistenceContext
    EntityManager em;

    @EJB
    TotpCredentials credentials;

    /**
     * The first step of a login owes a second factor: a new {@code mfa_token} for {@code userId}.
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
     * it), or the token is not usable (unknown, used, expired or dead, or the account's TOTP was
     * turned off since it was issued). A wrong code is not yet counted against the email: the caller
     * does that with {@code LoginThrottle.recordWrongCode}.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Redemption redeem(String mfaToken, String code, ClientInfo client) {
        Instant now = Timestamps.now();
        Optional<MfaToken> found = token(mfaToken, true).filter(t -> t.usableAt(now));
        if (found.isEmpty()) {
            return Redemption.invalidToken();
        }
        MfaToken token = found.get();
        Optional<TotpCredential> credential = credentials.locked(token.userId()).filter(TotpCredential::enabled);
        if (credential.isEmpty()) {
            // the factor it was issued for is gone (turned off or reset since): nothing to try a code against
            return Redemption.invalidToken();
        }
        Optional<String> method = credentials.check(credential.get(), code, client);
        if (method.isEmpty()) {
            return Redemption.wrongCode(token.userId(), token.wrongCode());
        }
        token.use(now);
        return Redemption.accepted(token.userId(), method.get());
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
