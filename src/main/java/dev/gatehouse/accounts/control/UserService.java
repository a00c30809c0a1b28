package dev.gatehouse.accounts.control;

import dev.gatehouse.access.AccessPolicy;
import dev.gatehouse.access.Caller;
import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.entity.TokenPurpose;
import dev.gatehouse.accounts.entity.User;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.platform.config.Settings;
import dev.gatehouse.platform.database.Cursor;
import dev.gatehouse.platform.database.Keyset;
import dev.gatehouse.platform.database.Slice;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.validation.EmailAddress;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates, reads, changes, deletes and restores accounts; the only writer of the users table.
 * Emails are normalised here and their uniqueness among live accounts is enforced by the
 * database, so a race between two writers ends in one account and one 409. Fine-grained rights
 * come from {@link AccessPolicy}. A change that must end the account's sessions fires
 * {@link SessionsRevocation}; every change fires {@link AccountChanged}: both are observed in the
 * same transaction. Changes that make mailed tokens meaningless kill them here too: a password
 * change or reset kills outstanding reset tokens, an email change kills verification tokens.
 */
@Stateless
public class UserService {

    /** The contract's detail for a taken email. */
    public static final String EMAIL_TAKEN = "Email already registered";
    /** Detail when a change would leave no active admin. */
    public static final String LAST_ADMIN = "The last active admin cannot be deleted, demoted or deactivated";
    /** Detail for an unknown (or hidden) user. */
    public static final String NOT_FOUND = "User not found";
    /** Detail when registration is switched off. */
    public static final String REGISTRATION_DISABLED = "Registration is disabled";

    @PersistenceContext
    EntityManager em;

    @Inject
    Passwords passwords;

    @Inject
    Settings settings;

    @EJB
    ActivityLog activity;

    @Inject
    Event<SessionsRevocation> revocations;

    @Inject
    Event<AccountChanged> changes;

    @EJB
    AccountTokens tokens;

    @EJB
    VerificationMails verificationMails;

    /**
     * Opens an account with role {@code user} and queues a verification mail to its address; the
     * new user is the actor of {@code user.registered} and {@code user.email_verification_sent}.
     *
     * @throws Failure 403 when registration is off, 409 {@code Email already registered}
     */
    public Account register(String email, String password, ClientInfo client) {
        if (!settings.registrationEnabled()) {
            throw Failure.forbidden(REGISTRATION_DISABLED);
        }
        User user = insert(email, password, Role.USER);
        record(user.id(), Action.USER_REGISTERED, client, user);
        verificationMails.send(user.id(), user.email(), user.id(), Timestamps.now(), client);
        return Account.of(user);
    }

    /**
     * An admin creates an account of any role; records {@code user.created}.
     *
     * @throws Failure 403 for non-admins, 409 {@code Email already registered}
     */
    public Account create(Caller caller, String email, String password, Role role, ClientInfo client) {
        require(AccessPolicy.mayAdminister(caller.role()));
        User user = insert(email, password, role);
        record(caller.userId(), Action.USER_CREATED, client, user);
        return Account.of(user);
    }

    /**
     * Creates the configured first admin unless an active admin exists; an existing account with
     * that email is never touched. Recorded as {@code user.created} by nobody (the system).
     *
     * @return true if the admin was created
     */
    public boolean bootstrapAdmin(String email, String password) {
        long admins = em.createNamedQuery(User.COUNT_ACTIVE_ADMINS, Long.class).getSingleResult();
        if (admins > 0 || liveByEmail(EmailAddress.normalise(email)).isPresent()) {
            return false;
        }
        User user = insert(email, password, Role.ADMIN);
        record(null, Action.USER_CREATED, ClientInfo.system(), user);
        return true;
    }

    private User insert(String email, String password, Role role) {
        String normalised = EmailAddress.normalise(email);
        if (liveByEmail(normalised).isPresent()) {
            throw Failure.conflict(EMAIL_TAKEN);
        }
        User user = new User(normalised, passwords.hash(password), role);
        em.persist(user);
        flushUnique();
        return user;
    }

    private void record(UUID actor, Action action, ClientInfo client, User user) {
        activity.record(actor, action, client, Map.of("target_user_id", user.id().toString(),
                "email", user.email(), "role", user.role().wireName()));
    }

    /** The credentials of the live (not deleted) account with this email as typed, for a login. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Credentials> credentialsFor(String email) {
        return liveByEmail(EmailAddress.normalise(email)).map(u -> new Credentials(Account.of(u), u.passwordHash()));
    }

    /** The credentials of account {@code id} if it may still authenticate. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Credentials> credentialsOf(UUID id) {
        return Optional.ofNullable(em.find(User.class, id)).filter(User::canAuthenticate)
                .map(u -> new Credentials(Account.of(u), u.passwordHash()));
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
        int revoked = revokeSessions(user, SessionsRevocation.PASSWORD_RESET);
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
        SessionsRevocation revocation = new SessionsRevocation(id, SessionsRevocation.MFA_ENABLED, keepSession);
        revocations.fire(revocation);
        changes.fire(new AccountChanged(id));
        return revocation.revoked();
    }

    /**
     * Records that no second factor guards account {@code id} any more, in the caller's transaction.
     *
     * @param revocationReason null when the owner turned it off (its sessions stay); otherwise every
     *        session but {@code keepSession} ends for this reason (an admin reset: a lost device may
     *        still hold one)
     * @return how many sessions ended
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public int disableSecondFactor(UUID id, String revocationReason, UUID keepSession) {
        User user = em.find(User.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            return 0;
        }
        user.disableSecondFactor();
        int revoked = 0;
        if (revocationReason != null) {
            SessionsRevocation revocation = new SessionsRevocation(id, revocationReason, keepSession);
            revocations.fire(revocation);
            revoked = revocation.revoked();
        }
        changes.fire(new AccountChanged(id));
        return revoked;
    }

    /**
     * The account {@code id} as an admin manages it, whatever its status.
     *
     * @throws Failure 403 for non-admins; 404 {@code User not found} for an unknown or deleted account
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Account administered(Caller caller, UUID id) {
        require(AccessPolicy.mayAdminister(caller.role()));
        User user = em.find(User.class, id);
        if (user == null || user.deletedAt() != null) {
            throw Failure.notFound(NOT_FOUND);
        }
        return Account.of(user);
    }

    /** The live (not deleted) account with this email as typed, whatever its status. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Account> accountByEmail(String email) {
        return liveByEmail(EmailAddress.normalise(email)).map(Account::of);
    }

    /**
     * One page of users, newest first.
     *
     * @throws Failure 403 for {@code include_deleted} from a non-admin
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Slice<Account> list(Caller caller, UserFilter filter, int limit, Cursor after) {
        require(AccessPolicy.mayListUsers(caller.role()));
        if (filter.includeDeleted()) {
            require(AccessPolicy.maySeeDeleted(caller.role()));
        }
        Keyset<User> users = Keyset.over(em, User.class, "u");
        if (!filter.includeDeleted()) {
            users.where("u.deletedAt is null");
        }
        if (filter.role() != null) {
            users.where("u.role = :role", "role", filter.role());
        }
        if (filter.active() != null) {
            users.where("u.active = :active", "active", filter.active());
        }
        if (filter.emailContains() != null && !filter.emailContains().isEmpty()) {
            users.where("u.email like :q escape '!'", "q",
                    "%" + likeLiteral(EmailAddress.normalise(filter.emailContains())) + "%");
        }
        return users.page(limit, after, User::createdAt, User::id).map(Account::of);
    }

    /** {@code %}, {@code _} and the escape character itself match literally. */
    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /**
     * One user as {@code caller} may see it: 404 for someone else's id (users, guests), for a
     * deleted user (managers), and for unknown ids.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Account get(Caller caller, UUID id) {
        return Account.of(visible(caller, id, false));
    }

    /**
     * Applies changes: admins change role, activity and email; managers only activity of user and
     * guest accounts. Deactivation ends every session; an email change makes the account unverified
     * and kills its verification links. Records {@code user.updated} with what changed.
     *
     * @throws Failure 403 for a change the caller may not make, 404 for a hidden or unknown user,
     *         409 for a taken email or for losing the last active admin
     */
    public Account patch(Caller caller, UUID id, UserChanges patch, ClientInfo client) {
        User user = visible(caller, id, true);
        if (!caller.role().atLeast(Role.MANAGER)) {
            throw Failure.forbidden();
        }
        String email = patch.email() == null ? null : EmailAddress.normalise(patch.email());
        boolean roleChange = patch.role() != null && patch.role() != user.role();
        boolean emailChange = email != null && !email.equals(user.email());
        boolean activeChange = patch.active() != null && patch.active() != user.active();
        if ((roleChange || emailChange) && !AccessPolicy.mayAdminister(caller.role())) {
            throw Failure.forbidden();
        }
        if (patch.active() != null && !AccessPolicy.maySetActive(caller.role(), user.role())) {
            throw Failure.forbidden();
        }
        if ((roleChange || activeChange && !patch.active()) && isLastActiveAdmin(user)) {
            throw Failure.conflict(LAST_ADMIN);
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        if (emailChange) {
            if (liveByEmail(email).isPresent()) {
                throw Failure.conflict(EMAIL_TAKEN);
            }
            changed.put("email", email);
            changed.put("email_verified", false);
            user.changeEmail(email);
            tokens.revokeLive(user.id(), TokenPurpose.EMAIL_VERIFICATION, AccountTokens.EMAIL_CHANGED, Timestamps.now(), null);
        }
        if (roleChange) {
            changed.put("role", patch.role().wireName());
            changed.put("previous_role", user.role().wireName());
            user.changeRole(patch.role());
        }
        if (activeChange) {
            changed.put("is_active", patch.active());
            if (patch.active()) {
                user.activate();
            } else {
                user.deactivate();
                changed.put("sessions_revoked", revokeSessions(user, SessionsRevocation.USER_DEACTIVATED));
            }
        }
        if (!changed.isEmpty()) {
            flushUnique();
            changes.fire(new AccountChanged(user.id()));
            changed.put("target_user_id", user.id().toString());
            activity.record(caller.userId(), Action.USER_UPDATED, client, changed);
        }
        return Account.of(user);
    }

    /**
     * Soft-deletes a user: {@code deleted_at} set, every session revoked, the email free again.
     *
     * @throws Failure 404 for an unknown or already deleted user, 409 for the last admin
     */
    public void delete(Caller caller, UUID id, ClientInfo client) {
        require(AccessPolicy.mayAdminister(caller.role()));
        User user = em.find(User.class, id);
        if (user == null || user.deletedAt() != null) {
            throw Failure.notFound(NOT_FOUND);
        }
        lockForChange(user);
        if (user.deletedAt() != null) {
            throw Failure.notFound(NOT_FOUND);
        }
        if (isLastActiveAdmin(user)) {
            throw Failure.conflict(LAST_ADMIN);
        }
        user.softDelete(Timestamps.now());
        int revoked = revokeSessions(user, SessionsRevocation.USER_DELETED);
        changes.fire(new AccountChanged(user.id()));
        activity.record(caller.userId(), Action.USER_DELETED, client,
                Map.of("target_user_id", user.id().toString(), "sessions_revoked", revoked));
    }

    /**
     * Undoes a soft delete.
     *
     * @throws Failure 404 for an unknown id, 409 if the user is not deleted or its email was taken meanwhile
     */
    public Account restore(Caller caller, UUID id, ClientInfo client) {
        require(AccessPolicy.mayAdminister(caller.role()));
        User user = em.find(User.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            throw Failure.notFound(NOT_FOUND);
        }
        if (user.deletedAt() == null) {
            throw Failure.conflict("User is not deleted");
        }
        if (liveByEmail(user.email()).isPresent()) {
            throw Failure.conflict(EMAIL_TAKEN);
        }
        user.restore();
        flushUnique();
        changes.fire(new AccountChanged(user.id()));
        activity.record(caller.userId(), Action.USER_RESTORED, client, Map.of("target_user_id", user.id().toString()));
        return Account.of(user);
    }

    private int revokeSessions(User user, String reason) {
        SessionsRevocation revocation = new SessionsRevocation(user.id(), reason, null);
        revocations.fire(revocation);
        return revocation.revoked();
    }

    private Optional<User> liveByEmail(String normalisedEmail) {
        return em.createNamedQuery(User.LIVE_BY_EMAIL, User.class)
                .setParameter("email", normalisedEmail)
                .getResultStream().findFirst();
    }

    /**
     * The user {@code id} as the caller may see it, else 404; locked when about to change. An
     * admin's row is locked together with every other admin row, in id order, so that two
     * changes to two admins cannot deadlock on the last-admin check.
     */
    private User visible(Caller caller, UUID id, boolean lock) {
        User user = em.find(User.class, id);
        if (user == null || !AccessPolicy.mayRead(caller.role(), caller.userId(), id)
                || user.deletedAt() != null && !AccessPolicy.maySeeDeleted(caller.role())) {
            throw Failure.notFound(NOT_FOUND);
        }
        if (lock) {
            lockForChange(user);
        }
        return user;
    }

    private void lockForChange(User user) {
        if (user.role() == Role.ADMIN) {
            lockActiveAdmins();
        }
        em.refresh(user, LockModeType.PESSIMISTIC_WRITE);
    }

    private List<User> lockActiveAdmins() {
        return em.createQuery("select u from User u where u.role = :role and u.active = true"
                        + " and u.deletedAt is null order by u.id", User.class)
                .setParameter("role", Role.ADMIN)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    /** True when {@code user} is the only active admin; the admin rows are already locked in id order. */
    private boolean isLastActiveAdmin(User user) {
        if (user.role() != Role.ADMIN || !user.active() || user.deletedAt() != null) {
            return false;
        }
        return lockActiveAdmins().size() <= 1;
    }

    private void flushUnique() {
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw Failure.conflict(EMAIL_TAKEN);
            }
            throw e;
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void require(boolean allowed) {
        if (!allowed) {
            throw Failure.forbidden();
        }
    }
}
