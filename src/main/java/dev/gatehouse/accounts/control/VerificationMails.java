package dev.gatehouse.accounts.control;

import dev.gatehouse.accounts.entity.TokenPurpose;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.mail.control.MailKind;
import dev.gatehouse.mail.control.Outbox;
import dev.gatehouse.platform.config.MailSettings;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Queues a verification mail: a new verification token, the mail carrying its link, and the
 * {@code user.email_verification_sent} entry, all in the caller's transaction (registration, or a
 * request of the account's owner). Older verification links stay valid until they expire: a user
 * who opens the first of two mails is not refused.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class VerificationMails {

    @Inject
    MailSettings settings;

    @EJB
    AccountTokens tokens;

    @EJB
    Outbox outbox;

    @EJB
    ActivityLog activity;

    /**
     * Queues a verification mail to {@code email}, the current address of account {@code userId}.
     *
     * @param actor who asked (the new user at registration, the owner later)
     */
    public void send(UUID userId, String email, UUID actor, Instant now, ClientInfo client) {
        Duration lifetime = Duration.ofHours(settings.emailVerificationTokenHours());
        String token = tokens.issue(userId, email, TokenPurpose.EMAIL_VERIFICATION, now, lifetime);
        outbox.enqueue(MailKind.EMAIL_VERIFICATION, email, Map.of("email", email,
                "link", Links.of(settings.emailVerificationUrl(), token), "expires", Links.human(lifetime)));
        activity.record(actor, Action.EMAIL_VERIFICATION_SENT, client,
                Map.of("target_user_id", userId.toString(), "email", email));
    }
}
