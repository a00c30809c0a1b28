package dev.gatehouse.accounts.control;

import dev.gatehouse.accounts.entity.TokenPurpose;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.mail.control.MailKind;
import dev.gatehouse.mail.control.Outbox;
import dev.gatehouse.platform.config.MailSettings;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.validation.EmailAddress;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The transaction of a password-reset request, the same shape whether the account exists, is over
 * its hourly limit, or does not exist: one account lookup, one count of recent reset mails to the
 * address, one locking read of the live reset tokens (of nobody, when nothing is sent), one activity
 * entry. Only a request that really sends adds the token and the sealed mail. {@link Recovery}
 * evens out the rest of the time.
 */
@Stateless
public class PasswordResetRequests {

    /** The per-address window of the reset-mail limit. */
    static final Duration LIMIT_WINDOW = Duration.ofHours(1);
    /** No account has this id: the paths that send nothing still run the same reads with it. */
    private static final UUID NOBODY = new UUID(0, 0);

    @Inject
    MailSettings settings;

    @EJB
    AccountCredentials users;

    @EJB
    AccountTokens tokens;

    @EJB
    Outbox outbox;

    @EJB
    ActivityLog activity;

    /**
     * Records a reset request for {@code email}. An active account under its hourly limit
     * ({@code PASSWORD_RESET_MAX_PER_HOUR}) gets a mail whose token supersedes the older reset
     * tokens; any other email gets nothing. Recorded as {@code auth.password_reset_requested} by
     * nobody, with {@code target_user_id} when the account exists.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String email, ClientInfo client) {
        String address = EmailAddress.normalise(email);
        Instant now = Timestamps.now();
        Optional<Account> account = users.accountByEmail(address);
        long recent = tokens.mailedSince(address, TokenPurpose.PASSWORD_RESET, now.minus(LIMIT_WINDOW));
        boolean active = account.isPresent() && account.get().canAuthenticate();
        boolean send = active && recent < settings.passwordResetMaxPerHour();
        UUID target = send ? account.get().id() : NOBODY;
        tokens.revokeLive(target, TokenPurpose.PASSWORD_RESET, AccountTokens.SUPERSEDED, now, null);
        if (send) {
            Duration lifetime = Duration.ofMinutes(settings.passwordResetTokenMinutes());
            String token = tokens.issue(target, address, TokenPurpose.PASSWORD_RESET, now, lifetime);
            outbox.enqueue(MailKind.PASSWORD_RESET, address, Map.of("email", address,
                    "link", Links.of(settings.passwordResetUrl(), token), "expires", Links.human(lifetime)));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("email", address);
        account.ifPresent(a -> details.put("target_user_id", a.id().toString()));
        details.put("mail", send ? "queued" : active ? "limited" : "none");
        activity.record(null, Action.PASSWORD_RESET_REQUESTED, client, details);
    }
}
