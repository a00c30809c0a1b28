package dev.gatehouse.mail.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One mail in the outbox. It is written in the transaction of the event that caused it, so it
 * exists exactly when the event does, and it stays {@code pending} until the sender delivers it
 * or gives up. The body (subject, text and HTML) is kept sealed ({@code SecretBox}) because it
 * holds a live link; it is deleted as soon as the mail is delivered or has failed for good.
 *
 * <p>Retries back off exponentially: the n-th failed attempt waits {@code base × 2^(n-1)}, at most
 * {@link #MAX_DELAY}; after {@code maxAttempts} attempts the mail is {@code failed}.
 */
@Entity
@Table(name = "mail_outbox")
@NamedQuery(name = OutboxMail.COUNT_PENDING,
        query = "select count(m) from OutboxMail m where m.status = '" + OutboxMail.PENDING + "'")
public class OutboxMail {

    /** Counts mails still waiting to be delivered. */
    public static final String COUNT_PENDING = "OutboxMail.countPending";
    /** Waiting for its next attempt. */
    public static final String PENDING = "pending";
    /** Delivered to the SMTP server; body deleted. */
    public static final String SENT = "sent";
    /** Given up on; body deleted. */
    public static final String FAILED = "failed";
    /** The longest wait between two attempts, however many have failed. */
    public static final Duration MAX_DELAY = Duration.ofHours(1);

    private static final int MAX_ERROR = 255;

    @Id
    private UUID id;

    @Column(nullable = false, length = 32, updatable = false)
    private String kind;

    @Column(nullable = false, length = 320, updatable = false)
    private String recipient;

    @Column(name = "sealed_body", length = 100_000)
    private String sealedBody;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "last_error", length = MAX_ERROR)
    private String lastError;

    @Column(name = "sending_since")
    private Instant sendingSince;

    @Column(name = "unconfirmed_sends", nullable = false)
    private int unconfirmedSends;

    /** For JPA. */
    protected OutboxMail() {
    }

    /**
     * A pending mail, due at once.
     *
     * @param id the row id, which the sealed body is bound to
     * @param kind which template made it ({@code password-reset}, ...)
     * @param recipient the normalised address
     * @param sealedBody the sealed subject and bodies
     * @param now creation time, truncated to microseconds
     */
    public OutboxMail(UUID id, String kind, String recipient, String sealedBody, Instant now) {
        this.id = id;
        this.kind = kind;
        this.recipient = recipient;
        this.sealedBody = sealedBody;
        this.status = PENDING;
        this.nextAttemptAt = now;
        this.createdAt = now;
    }

    /**
     * The wait after the {@code attempts}-th failed attempt: {@code base × 2^(attempts-1)}, never
     * more than {@link #MAX_DELAY}.
     */
    public static Duration retryDelay(int attempts, Duration base) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        Duration delay = base.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /** Records a successful hand-over to the SMTP server: sent, body deleted. */
    public void delivered(Instant now) {
        requirePending();
        attempts++;
        sendingSince = null;
        status = SENT;
        finishedAt = now;
        sealedBody = null;
        lastError = null;
    }

    /**
     * Records a failed attempt: the mail waits {@link #retryDelay} or, after {@code maxAttempts}
     * attempts or a {@code permanent} failure (an address the server refuses, a body that no
     * longer opens), is failed for good and loses its body.
     *
     * @param error what went wrong, without secrets (cut to 255 characters)
     * @return true when the mail is now failed for good
     */
    public boolean attemptFailed(Instant now, String error, boolean permanent, int maxAttempts, Duration base) {
        requirePending();
        attempts++;
        sendingSince = null;
        lastError = error == null ? null : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        if (permanent || attempts >= maxAttempts) {
            status = FAILED;
            finishedAt = now;
            sealedBody = null;
            return true;
        }
        nextAttemptAt = now.plus(retryDelay(attempts, base));
        return false;
    }

    /**
     * Marks a send as begun, to be committed before the SMTP conversation: no other claim takes the
     * mail for {@code lease}. A mail whose previous send began but never recorded an outcome (the
     * database went away meanwhile) counts one unconfirmed send; a mail may go out once more after
     * that, never twice more.
     *
     * @return false when this would be the second send with an unknown outcome: do not send it again
     */
    public boolean startSending(Instant now, Duration lease) {
        requirePending();
        if (sendingSince != null) {
            unconfirmedSends++;
        }
        if (unconfirmedSends > 1) {
            return false;
        }
        sendingSince = now;
        nextAttemptAt = now.plus(lease);
        return true;
    }

    /**
     * Settles a mail whose sends twice began without a recorded outcome: it is counted as sent, since
     * each of those sends may have reached the server, and its body goes.
     */
    public void outcomeUnknown(Instant now) {
        requirePending();
        status = SENT;
        finishedAt = now;
        sealedBody = null;
        sendingSince = null;
        lastError = "delivery outcome unknown twice: not sent again";
    }

    /** How many earlier sends began without a recorded outcome (0 or 1). */
    public int unconfirmedSends() { return unconfirmedSends; }

    private void requirePending() {
        if (!PENDING.equals(status)) {
            throw new IllegalStateException("mail " + id + " is " + status + ", not pending");
        }
    }

    /** The row id. */
    public UUID id() { return id; }

    /** Which template made it. */
    public String kind() { return kind; }

    /** The address it goes to. */
    public String recipient() { return recipient; }

    /** The sealed subject and bodies, or null once delivered or failed. */
    public String sealedBody() { return sealedBody; }

    /** {@link #PENDING}, {@link #SENT} or {@link #FAILED}. */
    public String status() { return status; }

    /** Attempts made so far. */
    public int attempts() { return attempts; }

    /** When the sender may try next. */
    public Instant nextAttemptAt() { return nextAttemptAt; }

    /** When it was queued. */
    public Instant createdAt() { return createdAt; }

    /** When it was sent or given up on, or null. */
    public Instant finishedAt() { return finishedAt; }

    /** The last failure, or null. */
    public String lastError() { return lastError; }
}
