package dev.gatehouse.accounts.control;

import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.entity.User;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.validation.EmailAddress;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The users-table steps the account services share: the live account of an email, inserting a
 * new account, and a flush that turns the database's unique-email guard into {@code 409}. The
 * database enforces uniqueness among live accounts, so a race between two writers ends in one
 * account and one refusal.
 */
final class UserRows {

    /** The contract's detail for a taken email. */
    static final String EMAIL_TAKEN = "Email already registered";

    private UserRows() {
    }

    /** The live (not deleted) account with this normalised email, if any. */
    static Optional<User> liveByEmail(EntityManager em, String normalisedEmail) {
        return em.createNamedQuery(User.LIVE_BY_EMAIL, User.class).setParameter("email", normalisedEmail)
                .getResultStream().findFirst();
    }

    /**
     * A new account, its email normalised and its password hashed.
     *
     * @throws Failure 409 {@code Email already registered}
     */
    static User insert(EntityManager em, Passwords passwords, String email, String password, Role role) {
        String normalised = EmailAddress.normalise(email);
        if (liveByEmail(em, normalised).isPresent()) {
            throw Failure.conflict(EMAIL_TAKEN);
        }
        User user = new User(normalised, passwords.hash(password), role);
        em.persist(user);
        flushUnique(em);
        return user;
    }

    /** Flushes pending changes; a unique-email violation becomes {@code 409 Email already registered}. */
    static void flushUnique(EntityManager em) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    throw Failure.conflict(EMAIL_TAKEN);
                }
            }
            throw e;
        }
    }
}
