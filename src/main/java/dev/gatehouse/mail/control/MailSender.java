package dev.gatehouse.mail.control;

import dev.gatehouse.platform.config.MailSettings;
import dev.gatehouse.platform.log.ApplicationLog;
import dev.gatehouse.platform.metrics.Telemetry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The background sender: every {@code MAIL_POLL_SECONDS} it delivers the due mails of the outbox,
 * one claimed row per transaction, up to {@link #BATCH} per round, on the server's managed
 * scheduled executor, and refreshes the queue-depth gauge. Every node runs one; the row claims
 * keep them apart. Without {@code SMTP_HOST} it only counts: mails wait, and one warning at boot
 * says so.
 */
@ApplicationScoped
public class MailSender {

    /** Most mails delivered in one round, so a long queue never starves the next poll. */
    static final int BATCH = 50;
    /** The warning logged once at boot when mails cannot leave. */
    public static final String NO_SMTP_WARNING = "SMTP_HOST is not set: password-reset and verification mails "
            + "wait in the outbox until it is (see docs/configuration.md)";

    @Inject
    MailSettings settings;

    @Inject
    SmtpGateway smtp;

    @Inject
    Telemetry telemetry;

    @EJB
    Outbox outbox;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final AtomicLong depth = new AtomicLong();
    private ScheduledFuture<?> rounds;

    /** Starts the rounds when the application starts; warns once when there is no SMTP server. */
    void start(@Observes Startup startup) {
        if (!smtp.configured()) {
            // One line: the application logger also reaches the server's own log.
            ApplicationLog.logger().warning(NO_SMTP_WARNING);
        }
        telemetry.mailQueueDepth(depth::get);
        if (scheduler != null) {
            rounds = scheduler.scheduleWithFixedDelay(this::round, 1, settings.mailPollSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Stops the rounds when the application stops; a round in flight finishes its current mail. */
    @PreDestroy
    void stop() {
        if (rounds != null) {
            rounds.cancel(false);
        }
    }

    /** One round: deliver what is due (if there is a server), then count what is left. Never throws. */
    void round() {
        try {
            if (smtp.configured()) {
                for (int i = 0; i < BATCH; i++) {
                    Outbox.Delivery delivery = outbox.deliverNext();
                    if (delivery == Outbox.Delivery.NONE) {
                        break;
                    }
                    if (delivery == Outbox.Delivery.SENT) {
                        telemetry.mailSent();
                    } else if (delivery == Outbox.Delivery.FAILED) {
                        telemetry.mailFailed();
                    }
                }
            }
            depth.set(outbox.pending());
        } catch (RuntimeException e) {
            ApplicationLog.logger().warning("mail round failed, retried in " + settings.mailPollSeconds() + " s: " + e);
        }
    }
}
