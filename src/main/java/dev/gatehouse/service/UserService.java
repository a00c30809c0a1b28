package dev.gatehouse.service;

import dev.gatehouse.api.Page;
import dev.gatehouse.api.UserPatch;
import dev.gatehouse.api.UserView;
import dev.gatehouse.model.Role;
import dev.gatehouse.model.User;
import dev.gatehouse.security.AccessPolicy;
import dev.gatehouse.security.Caller;
import dev.gatehouse.security.Passwords;
import dev.gatehouse.security.SessionStateCache;
import dev.gatehouse.util.ClientInfo;
import dev.gatehouse.util.Cursor;
import dev.gatehouse.util.Timestamps;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates, reads, changes, deletes and restores accounts; the only writer of the users table.
 * Emails are normalised here and their uniqueness among live accounts is enforced by the
 * database, so a race between two writers ends in one account and one 409. Fine-grained rights
 * come from {@link AccessPolicy}; deactivation and deletion revoke every session at once.
 */
@Stateless
public class UserService {

    /** The contract's detail for a taken email. */
    public static final String EMAIL_TAKEN = "Email already registered";
    /** Detail when a change would leave no active admin. */
    public static final String LAST_ADMIN = "The last active admin cannot be deleted, demoted or deactivated";
    /** Detail for an unknown (or hidden) user. */
    public static final String NOT_FOUND = "User not found";

    @PersistenceContext
    EntityManager em;

    @Inject
    Passwords passwords;

    @Inject
    SessionStateCache cache;

    @EJB
    ActivityService activity;

    @EJB
    SessionService sessions;

    /**
     * Creates an account and records {@code action} by {@code actor} (the new user itself for a
     * registration).
     *
     * @throws ServiceException 409 {@code Email already registered}
     */
    public UserView create(String email, String password, Role role, UUID actor, String action, ClientInfo client) {
        String normalised = User.normaliseEmail(email);
        if (findLiveByEmail(normalised).isPresent()) {
            throw ServiceException.conflict(EMAIL_TAKEN);
        }
        User user = new User(normalised, passwords.hash(password), role);
        persistUnique(user);
        // A registration's actor is the new user; the bootstrap's is the system (null).
        UUID by = action.equals("user.registered") ? user.id() : actor;
        activity.record(by, action, client, Map.of("target_user_id", user.id().toString(),
                "email", normalised, "role", role.wireName()));
        return UserView.of(user);
    }

    /** An admin creates an account of any role; records {@code user.created}. */
    public UserView createAs(Caller caller, String email, String password, Role role, ClientInfo client) {
        require(AccessPolicy.mayAdminister(caller.role()));
        return create(email, password, role, caller.userId(), "user.created", client);
    }

    /** The live (not deleted) account with this normalised email. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<User> findLiveByEmail(String normalisedEmail) {
        return em.createNamedQuery(User.LIVE_BY_EMAIL, User.class)
                .setParameter("email", normalisedEmail)
                .getResultStream().findFirst();
    }

    /** The caller's own account; a deleted or unknown one reads as an invalid token. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public UserView self(UUID userId) {
        User user = em.find(User.class, userId);
        if (user == null || !user.canAuthenticate()) {
            throw ServiceException.invalidToken();
        }
        return UserView.of(user);
    }

    /**
     * One page of users, newest first.
     *
     * @throws ServiceException 403 for {@code include_deleted} from a non-admin
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Page<UserView> list(Caller caller, UserFilter filter, int limit, Cursor after) {
        require(AccessPolicy.mayListUsers(caller.role()));
        if (filter.includeDeleted()) {
            require(AccessPolicy.maySeeDeleted(caller.role()));
        }
        StringBuilder jpql = new StringBuilder("select u from User u where 1 = 1");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (!filter.includeDeleted()) {
            jpql.append(" and u.deletedAt is null");
        }
        if (filter.role() != null) {
            jpql.append(" and u.role = :role");
            parameters.put("role", filter.role());
        }
        if (filter.active() != null) {
            jpql.append(" and u.active = :active");
            parameters.put("active", filter.active());
        }
        if (filter.emailContains() != null && !filter.emailContains().isEmpty()) {
            jpql.append(" and u.email like :q escape '!'");
            parameters.put("q", "%" + likeLiteral(User.normaliseEmail(filter.emailContains())) + "%");
        }
        if (after != null) {
            jpql.append(" and (u.createdAt, u.id) < (:afterCreated, :afterId)");
            parameters.put("afterCreated", after.createdAt());
            parameters.put("afterId", after.id());
        }
        jpql.append(" order by u.createdAt desc, u.id desc");
        TypedQuery<User> query = em.createQuery(jpql.toString(), User.class).setMaxResults(limit + 1);
        parameters.forEach(query::setParameter);
        List<User> rows = query.getResultList();
        return Page.of(rows, limit, User::createdAt, User::id, UserView::of);
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
    public UserView get(Caller caller, UUID id) {
        return UserView.of(visible(caller, id, false));
    }

    /**
     * Applies a patch: admins change role, activity and email; managers only activity of user and
     * guest accounts. Records {@code user.updated} with what changed.
     *
     * @throws ServiceException 403 for a change the caller may not make, 404 for a hidden or
     *         unknown user, 409 for a taken email or for losing the last active admin
     */
    public UserView patch(Caller caller, UUID id, UserPatch patch, ClientInfo client) {
        User user = visible(caller, id, true);
        if (!caller.role().atLeast(Role.MANAGER)) {
            throw ServiceException.forbidden();
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        boolean roleChange = patch.role() != null && patch.role() != user.role();
        boolean emailChange = patch.email() != null && !User.normaliseEmail(patch.email()).equals(user.email());
        boolean activeChange = patch.isActive() != null && patch.isActive() != user.active();
        if ((roleChange || emailChange) && !AccessPolicy.mayAdminister(caller.role())) {
            throw ServiceException.forbidden();
        }
        if (patch.isActive() != null && !AccessPolicy.maySetActive(caller.role(), user.role())) {
            throw ServiceException.forbidden();
        }
        if ((roleChange || activeChange && !patch.isActive()) && isLastActiveAdmin(user)) {
            throw ServiceException.conflict(LAST_ADMIN);
        }
        if (emailChange) {
            String email = User.normaliseEmail(patch.email());
            if (findLiveByEmail(email).isPresent()) {
                throw ServiceException.conflict(EMAIL_TAKEN);
            }
            changes.put("email", email);
            user.changeEmail(email);
            cache.userChangedInThisTransaction(user.id());
        }
        if (roleChange) {
            changes.put("role", patch.role().wireName());
            changes.put("previous_role", user.role().wireName());
            user.changeRole(patch.role());
            cache.userChangedInThisTransaction(user.id());
        }
        if (activeChange) {
            changes.put("is_active", patch.isActive());
            user.setActive(patch.isActive());
            if (!patch.isActive()) {
                changes.put("sessions_revoked", sessions.revokeAll(user.id(), null, SessionService.USER_DEACTIVATED));
            }
            cache.userChangedInThisTransaction(user.id());
        }
        if (!changes.isEmpty()) {
            flushUnique();
            changes.put("target_user_id", user.id().toString());
            activity.record(caller.userId(), "user.updated", client, changes);
        }
        return UserView.of(user);
    }

    /**
     * Soft-deletes a user: {@code deleted_at} set, every session revoked, the email free again.
     *
     * @throws ServiceException 404 for an unknown or already deleted user, 409 for the last admin
     */
    public void delete(Caller caller, UUID id, ClientInfo client) {
        require(AccessPolicy.mayAdminister(caller.role()));
        User user = em.find(User.class, id);
        if (user == null || user.deletedAt() != null) {
            throw ServiceException.notFound(NOT_FOUND);
        }
        lockForChange(user);
        if (user.deletedAt() != null) {
            throw ServiceException.notFound(NOT_FOUND);
        }
        if (isLastActiveAdmin(user)) {
            throw ServiceException.conflict(LAST_ADMIN);
        }
        user.softDelete(Timestamps.now());
        int revoked = sessions.revokeAll(user.id(), null, SessionService.USER_DELETED);
        cache.userChangedInThisTransaction(user.id());
        activity.record(caller.userId(), "user.deleted", client,
                Map.of("target_user_id", user.id().toString(), "sessions_revoked", revoked));
    }

    /**
     * Undoes a soft delete.
     *
     * @throws ServiceException 404 for an unknown id, 409 if the user is not deleted or its email
     *         was taken meanwhile
     */
    public UserView restore(Caller caller, UUID id, ClientInfo client) {
        require(AccessPolicy.mayAdminister(caller.role()));
        User user = em.find(User.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            throw ServiceException.notFound(NOT_FOUND);
        }
        if (user.deletedAt() == null) {
            throw ServiceException.conflict("User is not deleted");
        }
        if (findLiveByEmail(user.email()).isPresent()) {
            throw ServiceException.conflict(EMAIL_TAKEN);
        }
        user.restore();
        cache.userChangedInThisTransaction(user.id());
        flushUnique();
        activity.record(caller.userId(), "user.restored", client, Map.of("target_user_id", user.id().toString()));
        return UserView.of(user);
    }

    /**
     * Creates the configured first admin unless an active admin exists; an existing account with
     * that email is never touched.
     *
     * @return true if the admin was created
     */
    public boolean bootstrapAdmin(String email, String password) {
        long admins = em.createNamedQuery(User.COUNT_ACTIVE_ADMINS, Long.class).getSingleResult();
        if (admins > 0 || findLiveByEmail(User.normaliseEmail(email)).isPresent()) {
            return false;
        }
        create(email, password, Role.ADMIN, null, "user.created", ClientInfo.system());
        return true;
    }

    /**
     * The user {@code id} as the caller may see it, else 404; locked when about to change. An
     * admin's row is locked together with every other admin row, in id order, so that two
     * changes to two admins cannot deadlock on the last-admin check.
     */
    User visible(Caller caller, UUID id, boolean lock) {
        User user = em.find(User.class, id);
        if (user == null || !AccessPolicy.mayRead(caller.role(), caller.userId(), id)
                || user.deletedAt() != null && !AccessPolicy.maySeeDeleted(caller.role())) {
            throw ServiceException.notFound(NOT_FOUND);
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

    private void persistUnique(User user) {
        em.persist(user);
        flushUnique();
    }

    private void flushUnique() {
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw ServiceException.conflict(EMAIL_TAKEN);
            }
            throw e;
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void require(boolean allowed) {
        if (!allowed) {
            throw ServiceException.forbidden();
        }
    }
}
