package dev.gatehouse.accounts.control;

import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.entity.User;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.platform.config.AccountSettings;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;

/** Self-service sign-up: anyone opens an account of role {@code user}, unless registration is off. */
@Stateless
public class AccountRegistration {

    /** Detail when registration is switched off. */
    public static final String REGISTRATION_DISABLED = "Registration is disabled";

    @PersistenceContext
    EntityManager em;

    @Inject
    Passwords passwords;

    @Inject
    AccountSettings settings;

    @EJB
    ActivityLog activity;

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
        User user = UserRows.insert(em, passwords, email, password, Role.USER);
        activity.record(user.id(), Action.USER_REGISTERED, client, Map.of("target_user_id", user.id().toString(),
                "email", user.email(), "role", user.role().wireName()));
        verificationMails.send(user.id(), user.email(), user.id(), Timestamps.now(), client);
        return Account.of(user);
    }
}
