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
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The transactional outbox; the only writer of {@code mail_outbox}. {@link #enqueue} joins the
 * caller's transaction, so a mail exists exactly when the event that caused it commits.
 * {@link #claim} takes one due mail with {@code FOR UPDATE SKIP LOCKED} (nodes sharing the database
 * never claim the same row; PostgreSQL and H2 2.x both accept the clause) and commits that its send
 * began; the caller hands it to the SMTP server outside any transaction and {@link #record}s the
 * outcome. Delivery is at least once: a send whose outcome was lost (the database or the process
 * went away between the server's acceptance and the record) is made once more after the lease,
 * with the same Message-ID, and never again after that.
 *
 * <p>Bodies are sealed with {@link SecretBox} under the {@code mail} key derived from
 * {@code SECRET_KEY}, bound to the row id, and deleted once the mail is delivered or failed.
 */
@Stateless
public class Outbox {

    /** Purpose of the derived key that seals mail bodies. */
    static final String SEAL_PURPOSE = "mail";

    /** How long a claimed mail stays with its claimer: longer than any SMTP conversation (timeouts: SmtpGateway). */
    public static final Duration SEND_LEASE = Duration.ofSeconds(90);

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
     * A mail claimed for delivery.
     *
     * @param id the outbox row, also the mail's Message-ID
     * @param recipient where it goes
     * @param letter what it says, opened
     * @param settled the outcome when there is nothing to send (a body that no longer opens, or a
     *        mail whose outcome was lost twice); null when the caller sends it now
     */
    public record Claim(UUID id, String recipient, Letter letter, Delivery settled) {
    }

    /**
     * Claims the oldest due mail, if any, with {@code FOR UPDATE SKIP LOCKED}, and marks its send
     * begun, in a transaction of its own that commits before the caller talks to the SMTP server:
     * no node claims the mail again for {@link #SEND_LEASE}, and a send whose outcome is lost (the
     * database goes away before {@link #record}) is made once more after the lease, never twice
     * more, with the same Message-ID.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Claim> claim() {
        Instant now = Timestamps.now();
        List<?> due = em.createNativeQuery(CLAIM).setParameter(1, now).getResultList();
        if (due.isEmpty()) {
            return Optional.empty();
        }
        OutboxMail mail = em.find(OutboxMail.class, UUID.fromString(due.get(0).toString()));
        Letter letter;
        try {
            letter = Letter.fromJson(box.openText(mail.sealedBody(), mail.id().toString()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.of(new Claim(mail.id(), mail.recipient(), null,
                    failed(mail, now, "body cannot be opened (was SECRET_KEY changed?)", true)));
        }
        if (!mail.startSending(now, SEND_LEASE)) {
            mail.outcomeUnknown(now);
            ApplicationLog.logger().warning(() -> "mail " + mail.id() + " (" + mail.kind() + ") not sent a third time: "
                    + "the outcome of two sends was lost with the database");
            return Optional.of(new Claim(mail.id(), mail.recipient(), null, Delivery.SENT));
        }
        return Optional.of(new Claim(mail.id(), mail.recipient(), letter, null));
    }

    /**
     * Records the outcome of the send of claimed mail {@code id}, in a transaction of its own:
     * delivered, or (for {@code failure}) a retry after {@code MAIL_RETRY_SECONDS × 2^(n-1)} (at most
     * an hour), failed for good after {@code MAIL_MAX_ATTEMPTS} or at once for an address the server
     * refuses.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Delivery record(UUID id, Exception failure) {
        Instant now = Timestamps.now();
        OutboxMail mail = em.find(OutboxMail.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (failure != null) {
            return failed(mail, now, describe(failure), permanent(failure));
        }
        mail.delivered(now);
        ApplicationLog.logger().info(() -> "mail " + mail.id() + " (" + mail.kind() + ") sent after "
                + mail.attempts() + " attempt(s)" + (mail.unconfirmedSends() > 0 ? ", once more after a lost outcome" : ""));
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
