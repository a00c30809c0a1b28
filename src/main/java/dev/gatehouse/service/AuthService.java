package dev.gatehouse.service;

import dev.gatehouse.api.TokenPair;
import dev.gatehouse.api.UserView;
import dev.gatehouse.config.Settings;
import dev.gatehouse.model.Role;
import dev.gatehouse.model.User;
import dev.gatehouse.security.Caller;
import dev.gatehouse.security.Passwords;
import dev.gatehouse.security.SessionStateCache;
import dev.gatehouse.util.ClientInfo;
import dev.gatehouse.util.Telemetry;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.Optional;

/**
 * The authentication use cases: register, login, password change. Login does its bcrypt work
 * outside any transaction, so a slow hash never holds a database connection; the throttle check
 * before it and the outcome after it are short transactions of their own.
 */
@Stateless
public class AuthService {

    @PersistenceContext
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    Passwords passwords;

    @EJB
    UserService users;

    @EJB
    SessionService sessions;

    @EJB
    LoginThrottle throttle;

    @EJB
    ActivityService activity;

    @Inject
    Telemetry telemetry;

    @Inject
    SessionStateCache cache;

    /**
     * Opens an account with role {@code user} and records {@code user.registered}.
     *
     * @throws ServiceException 403 when registration is disabled, 409 for a taken email
     */
    public UserView register(String email, String password, ClientInfo client) {
        if (!settings.registrationEnabled()) {
            throw new ServiceException(403, "Forbidden", "Registration is disabled");
        }
        return users.create(email, password, Role.USER, null, "user.registered", client);
    }

    /**
     * Exchanges credentials for a token pair. Every bad input (unknown email, wrong password,
     * inactive or deleted account, a malformed email or password) is the same 401 and counts as a
     * failure for that email; an unknown email costs one bcrypt verification like a known one.
     *
     * @throws ServiceException 429 while the email is throttled, even with the right password
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public TokenPair login(String email, String password, ClientInfo client) {
        String key = LoginThrottle.keyOf(email);
        String normalised = User.normaliseEmail(email);
        try {
            throttle.checkNotLocked(key, normalised, client);
        } catch (ServiceException.Throttled e) {
            telemetry.login("throttled");
            throw e;
        }
        Optional<User> found = plausible(normalised, password) ? users.findLiveByEmail(normalised) : Optional.empty();
        if (found.isEmpty()) {
            // Same bcrypt work as a real check, so response time does not reveal which emails exist.
            passwords.matchesNothing(password);
            throttle.recordFailure(key, null, normalised, "unknown_email", client);
            telemetry.login("failure");
            throw ServiceException.invalidCredentials();
        }
        User user = found.get();
        if (!passwords.matches(password, user.passwordHash())) {
            throttle.recordFailure(key, user.id(), normalised, "bad_password", client);
            telemetry.login("failure");
            throw ServiceException.invalidCredentials();
        }
        if (!user.canAuthenticate()) {
            throttle.recordFailure(key, user.id(), normalised, "inactive", client);
            telemetry.login("failure");
            throw ServiceException.invalidCredentials();
        }
        String upgraded = passwords.needsUpgrade(user.passwordHash()) ? passwords.hash(password) : null;
        TokenPair pair = sessions.openAfterLogin(user.id(), key, upgraded, client);
        telemetry.login("success");
        return pair;
    }

    private static boolean plausible(String email, String password) {
        return email.length() <= 320 && email.indexOf('@') > 0 && email.indexOf('\0') < 0
                && Passwords.acceptable(password);
    }

    /**
     * Replaces the caller's password after checking the current one, revokes every other session
     * and records {@code auth.password_changed}. A wrong current password is a failed login for
     * the account's email (throttled alike), so a stolen access token cannot brute-force it.
     */
    public void changePassword(Caller caller, String currentPassword, String newPassword, ClientInfo client) {
        User user = em.find(User.class, caller.userId(), LockModeType.PESSIMISTIC_WRITE);
        if (user == null || !user.canAuthenticate()) {
            throw ServiceException.invalidToken();
        }
        String key = LoginThrottle.keyOf(user.email());
        throttle.checkNotLocked(key, user.email(), client);
        if (!passwords.matches(currentPassword, user.passwordHash())) {
            throttle.recordFailure(key, user.id(), user.email(), "password_change", client);
            throw ServiceException.invalidCredentials();
        }
        user.changePasswordHash(passwords.hash(newPassword));
        cache.userChangedInThisTransaction(user.id());
        int revoked = sessions.revokeAll(user.id(), caller.sessionId(), SessionService.PASSWORD_CHANGED);
        activity.record(user.id(), "auth.password_changed", client, Map.of("sessions_revoked", revoked));
    }
}
