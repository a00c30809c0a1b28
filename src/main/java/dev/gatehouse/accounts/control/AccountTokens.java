package dev.gatehouse.accounts.control;

import dev.gatehouse.accounts.entity.AccountToken;
import dev.gatehouse.accounts.entity.TokenPurpose;
import dev.gatehouse.platform.crypto.Digests;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Mailed single-use tokens (password reset, email verification); the only writer of
 * {@code account_tokens}. A token is 256 random bits from {@link SecureRandom}, base64url without
 * padding; only its SHA-256 is stored. Every method joins the caller's transaction: a token exists
 * exactly when the mail that carries it does.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AccountTokens {

    /** Random bytes in a token: 256 bits, twice the contract's minimum. */
    static final int TOKEN_BYTES = 32;
    /** A token revoked because a newer one of the same purpose was issued. */
    public static final String SUPERSEDED = "superseded";
    /** A reset token revoked because the password was changed. */
    public static final String PASSWORD_CHANGED = "password_changed";
    /** A token revoked because a password reset was completed with another one. */
    public static final String PASSWORD_RESET = "password_reset";
    /** A verification token revoked because the account's email changed. */
    public static final String EMAIL_CHANGED = "email_changed";
    /** A verification token revoked because the address was verified by another link. */
    public static final String EMAIL_VERIFIED = "email_verified";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** The longest text that can be a token; longer input is refused without hashing it. */
    private static final int MAX_TOKEN_LENGTH = 64;

    @PersistenceContext
    EntityManager em;

    /** A new random token text. */
    static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** What is stored for {@code token}: the hex SHA-256 of its text. */
    static String hashOf(String token) {
        return Digests.sha256Hex(token);
    }

    /**
     * Issues a token of {@code purpose} for account {@code userId}, mailed to {@code email}, living
     * {@code lifetime} from {@code now}.
     *
     * @return the token text, to be mailed and forgotten
     */
    public String issue(UUID userId, String email, TokenPurpose purpose, Instant now, Duration lifetime) {
        String token = newToken();
        em.persist(new AccountToken(userId, purpose, hashOf(token), email, now, now.plus(lifetime)));
        return token;
    }

    /**
     * The token {@code token} of {@code purpose}, locked and usable at {@code now}, or empty for an
     * unknown, used, expired, revoked or other-purpose token: the caller answers all of these alike.
     */
    public Optional<AccountToken> usable(String token, TokenPurpose purpose, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        return em.createNamedQuery(AccountToken.BY_HASH, AccountToken.class)
                .setParameter("hash", hashOf(token))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst()
                .filter(t -> t.purpose() == purpose && t.usableAt(now));
    }

    /**
     * Revokes every live token of {@code purpose} of account {@code userId} (an unknown id revokes
     * nothing, at the same cost).
     *
     * @param except a token to leave alone (the one being redeemed), or null
     * @return how many were revoked
     */
    public int revokeLive(UUID userId, TokenPurpose purpose, String reason, Instant now, UUID except) {
        List<AccountToken> live = em.createNamedQuery(AccountToken.LIVE_OF_USER, AccountToken.class)
                .setParameter("userId", userId)
                .setParameter("purpose", purpose.stored())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        int count = 0;
        for (AccountToken token : live) {
            if (!token.id().equals(except)) {
                token.revoke(now, reason);
                count++;
            }
        }
        return count;
    }

    /** How many tokens of {@code purpose} were mailed to {@code email} since {@code since}. */
    public long mailedSince(String email, TokenPurpose purpose, Instant since) {
        return em.createNamedQuery(AccountToken.COUNT_SENT_SINCE, Long.class)
                .setParameter("email", email)
                .setParameter("purpose", purpose.stored())
                .setParameter("since", since)
                .getSingleResult();
    }

    /** When the oldest token of {@code purpose} mailed to {@code email} since {@code since} was made, if any. */
    public Optional<Instant> oldestMailedSince(String email, TokenPurpose purpose, Instant since) {
        return Optional.ofNullable(em.createNamedQuery(AccountToken.OLDEST_SENT_SINCE, Instant.class)
                .setParameter("email", email)
                .setParameter("purpose", purpose.stored())
                .setParameter("since", since)
                .getSingleResult());
    }
}
