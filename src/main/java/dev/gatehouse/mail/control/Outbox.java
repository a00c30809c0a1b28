package dev.gatehouse.mail.control;

import dev.gatehouse.mail.entity.OutboxMail;
import dev.gatehouse.platform.config.Settings;
import dev.gatehouse.platform.crypto.SecretBox;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.log.ApplicationLog;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The transactional outbox; the only writer of {@code mail_outbox}. {@link #enqueue} joins the
 * caller's transaction, so a mail exists exactly when the event that caused it commits.
 * {@link #deliverNext} claims one due mail with {@code FOR UPDATE SKIP LOCKED} (nodes sharing the
 * database never claim the same row; PostgreSQL and H2 2.x both accept the clause), hands it to the
 * SMTP server while the row stays locked, and records the outcome in the same transaction. A
 * crash mid-send rolls the claim back and the mail is tried again: delivery is at least once, and
 * exactly once unless the process dies between the server's acceptance and the commit.
 *
 * <p>Bodies are sealed with {@link SecretBox} under the {@code mail} key derived from
 * {@code SECRET_KEY}, bound to the row id, and deleted once the mail is delivered or failed.
 */
@Stateless
public class Outbox {

    /** Purpose of the derived key that seals mail bodies. */
    static final String SEAL_PURPOSE = "mail";

    /** The id as text: H2 hands a native UUID column back as bytes, PostgreSQL as a UUID. */
    private static final String CLAIM = "SELECT CAST(id AS VARCHAR(36)) FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= ?1"
            + " ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED";

    /** What one delivery attempt came to. */
    public enum Delivery {
        /** No mail was due. */
        NONE,
        /** Handed to the SMTP server. */
        SENT,
        /** Failed; the mail waits for its next attempt. */
        RETRY,
        /** Failed for good. */
        FAILED
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    Templates templates;

    @Inject
    SmtpGateway smtp;

    private SecretBox box;

    @PostConstruct
    void init() {
        box = new SecretBox(settings.tokens().secretKey(), SEAL_PURPOSE);
    }

    /**
     * Renders {@code kind} with {@code values} and queues it for {@code recipient}, sealed, in the
     * caller's transaction (there must be one: a mail without its event is what this prevents).
     *
     * @return the outbox row id
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public UUID enqueue(MailKind kind, String recipient, Map<String, String> values) {
        Letter letter = templates.render(kind, values);
        UUID id = UUID.randomUUID();
        em.persist(new OutboxMail(id, kind.template(), recipient, box.sealText(letter.toJson(), id.toString()),
                Timestamps.now()));
        return id;
    }

    /**
     * Claims the oldest due mail, if any, and tries to deliver it, in a transaction of its own.
     * Failures are recorded, never thrown: a retry waits {@code MAIL_RETRY_SECONDS × 2^(n-1)} (at most
     * an hour); after {@code MAIL_MAX_ATTEMPTS}, or at once for an address the server refuses or a
     * body that no longer opens (another {@code SECRET_KEY}), the mail is failed and logged.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Delivery deliverNext() {
        Instant now = Timestamps.now();
        List<?> due = em.createNativeQuery(CLAIM).setParameter(1, now).getResultList();
        if (due.isEmpty()) {
            return Delivery.NONE;
        }
        OutboxMail mail = em.find(OutboxMail.class, UUID.fromString(due.get(0).toString()));
        Letter letter;
        try {
            letter = Letter.fromJson(box.openText(mail.sealedBody(), mail.id().toString()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return failed(mail, now, "body cannot be opened (was SECRET_KEY changed?)", true);
        }
        try {
            smtp.send(mail.id(), mail.recipient(), letter, now);
        } catch (MessagingException | RuntimeException e) {
            return failed(mail, now, describe(e), permanent(e));
        }
        mail.delivered(now);
        ApplicationLog.logger().info(() -> "mail " + mail.id() + " (" + mail.kind() + ") sent after "
                + mail.attempts() + " attempt(s)");
        return Delivery.SENT;
    }

    private Delivery failed(OutboxMail mail, Instant now, String error, boolean permanent) {
        boolean gaveUp = mail.attemptFailed(now, error, permanent, settings.mail().mailMaxAttempts(),
                Duration.ofSeconds(settings.mail().mailRetrySeconds()));
        if (gaveUp) {
            ApplicationLog.logger().warning(() -> "mail " + mail.id() + " (" + mail.kind() + ") failed for good after "
                    + mail.attempts() + " attempt(s): " + error);
            return Delivery.FAILED;
        }
        ApplicationLog.logger().warning(() -> "mail " + mail.id() + " (" + mail.kind() + ") attempt " + mail.attempts()
                + " failed, next at " + mail.nextAttemptAt() + ": " + error);
        return Delivery.RETRY;
    }

    /** Mails still waiting to be delivered (the queue-depth gauge). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long pending() {
        return em.createNamedQuery(OutboxMail.COUNT_PENDING, Long.class).getSingleResult();
    }

    /** An address refused by the server, or one that cannot be an address, will not work next time either. */
    static boolean permanent(Exception e) {
        if (e instanceof AddressException) {
            return true;
        }
        return e instanceof SendFailedException refused && refused.getInvalidAddresses() != null
                && refused.getInvalidAddresses().length > 0;
    }

    /** The failure for the log and the row: its type and the server's words, which hold no link. */
    static String describe(Exception e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            text.append(": ").append(e.getMessage().replaceAll("\\s+", " ").strip());
        }
        if (e.getCause() != null && e.getCause() != e) {
            text.append(" (").append(e.getCause().getClass().getSimpleName()).append(')');
        }
        return text.toString();
    }

}
