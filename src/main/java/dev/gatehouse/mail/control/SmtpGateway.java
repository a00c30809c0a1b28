package dev.gatehouse.mail.control;

import dev.gatehouse.platform.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;

/**
 * Hands a letter to the SMTP server of the settings through Jakarta Mail (the implementation the
 * server ships: Eclipse Angus Mail on Payara and WildFly). {@code SMTP_TLS=starttls} requires the
 * upgrade (no silent fallback to clear text), {@code tls} speaks TLS from the first byte; both check
 * the server's certificate and host name. The password goes to the session only, never to a log.
 */
@ApplicationScoped
public class SmtpGateway {

    /** Milliseconds to wait for the SMTP server to accept the connection. */
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Milliseconds to wait for any read or write on the connection. */
    static final int IO_TIMEOUT_MS = 30_000;

    private Settings settings;
    private Session session;

    /** For CDI proxies. */
    protected SmtpGateway() {
    }

    /** A gateway for the SMTP server of {@code settings}. */
    @Inject
    public SmtpGateway(Settings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
    }

    /** False without {@code SMTP_HOST}: mails then wait in the outbox. */
    public boolean configured() {
        return settings.mail().smtpHost().isPresent();
    }

    /**
     * The Jakarta Mail session properties for the settings: host, port, timeouts, TLS mode, login
     * and envelope sender.
     */
    static Properties properties(Settings settings) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", settings.mail().smtpHost().orElse("localhost"));
        p.setProperty("mail.smtp.port", Integer.toString(settings.mail().smtpPort()));
        p.setProperty("mail.smtp.connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MS));
        p.setProperty("mail.smtp.timeout", Integer.toString(IO_TIMEOUT_MS));
        p.setProperty("mail.smtp.writetimeout", Integer.toString(IO_TIMEOUT_MS));
        p.setProperty("mail.smtp.from", settings.mail().mailFrom());
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.mail().smtpUsername().isPresent()));
        switch (settings.mail().smtpTls()) {
            case "starttls" -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case "tls" -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            default -> p.setProperty("mail.smtp.starttls.enable", "false");
        }
        return p;
    }

    /**
     * Sends {@code letter} to {@code recipient} as a multipart/alternative (text, then HTML) with
     * a Message-ID derived from the outbox row, so a mail resent after a crash is recognisably the
     * same mail.
     *
     * @throws MessagingException when the server cannot be reached or refuses the mail
     */
    public void send(UUID mailId, String recipient, Letter letter, Instant now) throws MessagingException {
        MimeMessage message = new StableIdMessage(session, "<" + mailId + "@" + domainOf(settings.mail().mailFrom()) + ">");
        try {
            message.setFrom(new InternetAddress(settings.mail().mailFrom(), settings.server().appName(), StandardCharsets.UTF_8.name()));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(recipient, true));
        message.setSubject(letter.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(now));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(letter.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(letter.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        if (settings.mail().smtpUsername().isPresent()) {
            Transport.send(message, settings.mail().smtpUsername().get(), settings.mail().smtpPassword().orElse(""));
        } else {
            Transport.send(message);
        }
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** A message whose Message-ID is fixed by the caller instead of made up at each save. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
