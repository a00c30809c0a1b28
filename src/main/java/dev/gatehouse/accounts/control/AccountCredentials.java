package dev.gatehouse.accounts.control;

import dev.gatehouse.accounts.entity.TokenPurpose;
import dev.gatehouse.accounts.entity.User;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.validation.EmailAddress;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What an account signs in with and proves: its password hash (read for a login, replaced by a
 * change, a reset or a cost upgrade), its verified address and its second-factor flag. Changes
 * that make mailed tokens meaningless kill them here: a password change or reset kills outstanding
 * reset tokens. A change that must end the account's sessions goes through {@link AccountSessions};
 * every change fires {@link AccountChanged}.
 */
@Stateless
public class AccountCredentials {

    @PersistenceContext
    EntityManager em;

    @EJB
    AccountTokens tokens;

    @Inject
    AccountSessions sessions;

    @Inject
    Event<AccountChanged> changes;

    /** The credentials of the live (not deleted) account with this email as typed, for a login. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Credentials> credentialsFor(String email) {
        return UserRows.liveByEmail(em, EmailAddress.normalise(email)).map(u -> new Credentials(Account.of(u), u.passwordHash()));
    }

    /** The credentials of account {@code id} if it may still authenticate. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Credentials> credentialsOf(UUID id) {
        return Optional.ofNullable(em.find(User.class, id)).filter(User::canAuthenticate)
                .map(u -> new Credentials(Account.of(u), u.passwordHash()));
    }

    /** The live (not deleted) account with this email as typed, whatever its status. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Account> accountByEmail(String email) {
        return UserRows.liveByEmail(em, EmailAddress.normalise(email)).map(Account::of);
    }

    /**
     * A password change: replaces the password hash if it is still {@code expectedHash} (a change
     * computed outside the transaction loses to any change made meanwhile) and kills the account's
     * outstanding reset tokens, since a reset link must not undo the change.
     *
     * @return false when the hash changed meanwhile or the account can no longer authenticate
     */
    public boolean replacePasswordHash(UUID id, String expectedHash, String newHash) {
        if (!rehash(id, expectedHash, newHash)) {
            return false;
        }
        tokens.revokeLive(id, TokenPurpose.PASSWORD_RESET, AccountTokens.PASSWORD_CHANGED, Timestamps.now(), null);
        return true;
    }

    /**
     * A cost upgrade at login: the same password under a stronger hash, if the hash is still
     * {@code expectedHash}. Not a password change, so reset links stay valid.
     *
     * @return false when the hash changed meanwhile or the account can no longer authenticate
     */
    public boolean upgradePasswordHash(UUID id, String expectedHash, String newHash) {
        return rehash(id, expectedHash, newHash);
    }

    private boolean rehash(UUID id, String expectedHash, String newHash) {
        User user = em.find(User.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null || !user.canAuthenticate() || !user.passwordHash().equals(expectedHash)) {
            return false;
        }
        user.changePasswordHash(newHash);
        changes.fire(new AccountChanged(id));
        return true;
    }

    /**
     * What a completed password reset did.
     *
     * @param account the account after the reset
     * @param sessionsRevoked how many sessions it ended
     * @param emailVerified true if the reset also verified the address (it was unverified)
     */
    public record PasswordReset(Account account, int sessionsRevoked, boolean emailVerified) {
    }

    /**
     * Sets a password through a reset link ({@code usedToken}, being redeemed): the hash is
     * replaced, the address counts as verified (the link was mailed to it), every other live reset
     * token dies, and every session of the account is revoked.
     *
     * @return empty when the account can no longer authenticate (deleted or deactivated since)
     */
    public Optional<PasswordReset> resetPassword(UUID id, String newHash, UUID usedToken) {
        User user = em.find(User.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null || !user.canAuthenticate()) {
            return Optional.empty();
        }
        Instant now = Timestamps.now();
        user.changePasswordHash(newHash);
        boolean verified = user.verifyEmail();
        tokens.revokeLive(id, TokenPurpose.PASSWORD_RESET, AccountTokens.PASSWORD_RESET, now, usedToken);
        if (verified) {
            tokens.revokeLive(id, TokenPurpose.EMAIL_VERIFICATION, AccountTokens.EMAIL_VERIFIED, now, null);
        }
        int revoked = sessions.endAll(id, SessionEndReason.PASSWORD_RESET, null);
        changes.fire(new AccountChanged(id));
        return Optional.of(new PasswordReset(Account.of(user), revoked, verified));
    }

    /**
     * Marks the address of account {@code id} verified through a verification link mailed to
     * {@code email} ({@code usedToken}, being redeemed); the account's other verification links die.
     *
     * @return empty when the account can no longer authenticate or its address is no longer {@code email}
     */
    public Optional<Account> verifyEmail(UUID id, String email, UUID usedToken) {
        User user = em.find(User.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null || !user.canAuthenticate() || !user.email().equals(email)) {
            return Optional.empty();
        }
        user.verifyEmail();
        tokens.revokeLive(id, TokenPurpose.EMAIL_VERIFICATION, AccountTokens.EMAIL_VERIFIED, Timestamps.now(), usedToken);
        changes.fire(new AccountChanged(id));
        return Optional.of(Account.of(user));
    }

    /**
     * Records that a confirmed second factor now guards account {@code id}, in the caller's
     * transaction: every session of the account but {@code keepSession} ends (they were opened with
     * a password alone, which may be the very thing stolen) and cached copies of the account drop.
     *
     * @return how many sessions ended
     * @throws Failure 401 {@code Invalid token} if the account can no longer authenticate
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public int enableSecondFactor(UUID id, UUID keepSession) {
        User user = em.find(User.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null || !user.canAuthenticate()) {
            throw Failure.invalidToken();
        }
        user.enableSecondFactor();
        int revoked = sessions.endAll(id, SessionEndReason.MFA_ENABLED, keepSession);
        changes.fire(new AccountChanged(id));
        return revoked;
    }

    /**
     * Records that no second factor guards account {@code id} any more, in the caller's transaction.
     *
     * @param reason null when the owner turned it off (its sessions stay); otherwise every session
     *        but {@code keepSession} ends for this reason (an admin reset: a lost device may still hold one)
     * @return how many sessions ended
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public int disableSecondFactor(UUID id, SessionEndReason reason, UUID keepSession) {
        User user = em.find(User.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            return 0;
        }
        user.disableSecondFactor();
        int revoked = reason == null ? 0 : sessions.endAll(id, reason, keepSession);
        changes.fire(new AccountChanged(id));
        return revoked;
    }
}
