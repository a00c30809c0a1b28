package dev.gatehouse.service;

import dev.gatehouse.api.UserView;
import dev.gatehouse.model.Role;
import dev.gatehouse.model.User;
import dev.gatehouse.security.Passwords;
import dev.gatehouse.util.ClientInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates and reads accounts; the only writer of the users table. Emails are normalised here and
 * their uniqueness among live accounts is enforced by the database, so a race between two
 * registrations ends in one account and one {@code 409}.
 */
@Stateless
public class UserService {

    /** The contract's detail for a taken email. */
    public static final String EMAIL_TAKEN = "Email already registered";

    @PersistenceContext
    EntityManager em;

    @Inject
    Passwords passwords;

    @EJB
    ActivityService activity;

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
        try {
            em.persist(user);
            em.flush();
        } catch (PersistenceException e) {
            throw ServiceException.conflict(EMAIL_TAKEN);
        }
        UUID by = actor == null ? user.id() : actor;
        activity.record(by, action, client, Map.of("target_user_id", user.id().toString(),
                "email", normalised, "role", role.wireName()));
        return UserView.of(user);
    }

    /** The live (not deleted) account with this normalised email. */
    public Optional<User> findLiveByEmail(String normalisedEmail) {
        return em.createNamedQuery(User.LIVE_BY_EMAIL, User.class)
                .setParameter("email", normalisedEmail)
                .getResultStream().findFirst();
    }

    /** The caller's own account; a deleted or unknown one reads as an invalid token. */
    public UserView self(UUID userId) {
        User user = em.find(User.class, userId);
        if (user == null || !user.canAuthenticate()) {
            throw ServiceException.invalidToken();
        }
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
}
