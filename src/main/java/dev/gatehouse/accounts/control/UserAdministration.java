package dev.gatehouse.accounts.control;

import dev.gatehouse.access.AccessPolicy;
import dev.gatehouse.access.Caller;
import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.entity.TokenPurpose;
import dev.gatehouse.accounts.entity.User;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accounts as admins and managers manage them: create, list, read, change, delete, restore. Fine
 * rights come from {@link AccessPolicy}; the last active admin can be neither deleted, demoted nor
 * deactivated (its row and every other admin row are locked in id order, so two changes to two
 * admins cannot deadlock on that check). A change that ends an account's sessions goes through
 * {@link AccountSessions}; every change fires {@link AccountChanged}.
 */
@Stateless
public class UserAdministration {

    /** Detail when a change would leave no active admin. */
    public static final String LAST_ADMIN = "The last active admin cannot be deleted, demoted or deactivated";
    /** Detail for an unknown (or hidden) user. */
    public static final String NOT_FOUND = "User not found";

    @PersistenceContext
    EntityManager em;

    @Inject
    Passwords passwords;

    @EJB
    ActivityLog activity;

    @EJB
    AccountTokens tokens;

    @Inject
    AccountSessions sessions;

    @Inject
    Event<AccountChanged> changes;

    /**
     * An admin creates an account of any role; records {@code user.created}.
     *
     * @throws Failure 403 for non-admins, 409 {@code Email already registered}
     */
    public Account create(Caller caller, String email, String password, Role role, ClientInfo client) {
        require(AccessPolicy.mayAdminister(caller.role()));
        User user = UserRows.insert(em, passwords, email, password, role);
        recordCreated(caller.userId(), client, user);
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
        if (admins > 0 || UserRows.liveByEmail(em, EmailAddress.normalise(email)).isPresent()) {
            return false;
        }
        recordCreated(null, ClientInfo.system(), UserRows.insert(em, passwords, email, password, Role.ADMIN));
        return true;
    }

    private void recordCreated(UUID actor, ClientInfo client, User user) {
        activity.record(actor, Action.USER_CREATED, client, Map.of("target_user_id", user.id().toString(),
                "email", user.email(), "role", user.role().wireName()));
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

    /**
     * One page of users, newest first.
     *
     * @throws Failure 403 for {@code include_deleted} from a non-admin
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Slice<Account> list(Caller caller, UserFilter filter, int limit, Cursor after) {
        require(AccessPolicy.mayListUsers(caller.role()));
        require(!filter.includeDeleted() || AccessPolicy.maySeeDeleted(caller.role()));
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
        String email = patch.email() == null ? null : EmailAddress.normalise(patch.email());
        boolean roleChange = patch.role() != null && patch.role() != user.role();
        boolean emailChange = email != null && !email.equals(user.email());
        boolean activeChange = patch.active() != null && patch.active() != user.active();
        require(caller.role().atLeast(Role.MANAGER));
        require(!(roleChange || emailChange) || AccessPolicy.mayAdminister(caller.role()));
        require(patch.active() == null || AccessPolicy.maySetActive(caller.role(), user.role()));
        if ((roleChange || activeChange && !patch.active()) && isLastActiveAdmin(user)) {
            throw Failure.conflict(LAST_ADMIN);
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        if (emailChange) {
            changeEmail(user, email, changed);
        }
        if (roleChange) {
            changed.put("role", patch.role().wireName());
            changed.put("previous_role", user.role().wireName());
            user.changeRole(patch.role());
        }
        if (activeChange) {
            changeActive(user, patch.active(), changed);
        }
        if (!changed.isEmpty()) {
            UserRows.flushUnique(em);
            changes.fire(new AccountChanged(user.id()));
            changed.put("target_user_id", user.id().toString());
            activity.record(caller.userId(), Action.USER_UPDATED, client, changed);
        }
        return Account.of(user);
    }

    private void changeEmail(User user, String email, Map<String, Object> changed) {
        if (UserRows.liveByEmail(em, email).isPresent()) {
            throw Failure.conflict(UserRows.EMAIL_TAKEN);
        }
        changed.put("email", email);
        changed.put("email_verified", false);
        user.changeEmail(email);
        tokens.revokeLive(user.id(), TokenPurpose.EMAIL_VERIFICATION, AccountTokens.EMAIL_CHANGED, Timestamps.now(), null);
    }

    private void changeActive(User user, boolean active, Map<String, Object> changed) {
        changed.put("is_active", active);
        if (active) {
            user.activate();
        } else {
            user.deactivate();
            changed.put("sessions_revoked", sessions.endAll(user.id(), SessionEndReason.USER_DEACTIVATED, null));
        }
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
        int revoked = sessions.endAll(user.id(), SessionEndReason.USER_DELETED, null);
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
        if (UserRows.liveByEmail(em, user.email()).isPresent()) {
            throw Failure.conflict(UserRows.EMAIL_TAKEN);
        }
        user.restore();
        UserRows.flushUnique(em);
        changes.fire(new AccountChanged(user.id()));
        activity.record(caller.userId(), Action.USER_RESTORED, client, Map.of("target_user_id", user.id().toString()));
        return Account.of(user);
    }

    /** The user {@code id} as the caller may see it, else 404; locked when about to change. */
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
        return user.role() == Role.ADMIN && user.active() && user.deletedAt() == null && lockActiveAdmins().size() <= 1;
    }

    private static void require(boolean allowed) {
        if (!allowed) {
            throw Failure.forbidden();
        }
    }
}
