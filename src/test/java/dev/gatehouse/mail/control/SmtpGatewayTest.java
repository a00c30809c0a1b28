package dev.gatehouse.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.gatehouse.platform.config.Settings;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SMTP session follows the settings (TLS never optional when asked for) and a letter arrives as text plus HTML. */
class SmtpGatewayTest {

    private static Settings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Settings.from(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void starttlsIsRequiredNotMerelyTried() {
        Properties p = SmtpGateway.properties(settings("SMTP_HOST", "smtp.example.com"));

        assertEquals("smtp.example.com", p.getProperty("mail.smtp.host"));
        assertEquals("587", p.getProperty("mail.smtp.port"));
        assertEquals("true", p.getProperty("mail.smtp.starttls.enable"));
        assertEquals("true", p.getProperty("mail.smtp.starttls.required"));
        assertEquals("true", p.getProperty("mail.smtp.ssl.checkserveridentity"));
        assertEquals("false", p.getProperty("mail.smtp.auth"));
        assertEquals("gatehouse@localhost", p.getProperty("mail.smtp.from"));
    }

    @Test
    void tlsSpeaksTlsFromTheFirstByteAndLogsIn() {
        Properties p = SmtpGateway.properties(settings("SMTP_HOST", "smtp.example.com", "SMTP_PORT", "465", "SMTP_TLS", "tls",
                "SMTP_USERNAME", "mailer", "SMTP_PASSWORD", "secret-pw"));

        assertEquals("true", p.getProperty("mail.smtp.ssl.enable"));
        assertEquals("465", p.getProperty("mail.smtp.port"));
        assertEquals("true", p.getProperty("mail.smtp.auth"));
        assertFalse(p.containsValue("secret-pw"), "the password is given at send time, not kept in the properties");
    }

    @Test
    void noneSpeaksPlainSmtp() {
        Properties p = SmtpGateway.properties(settings("SMTP_HOST", "127.0.0.1", "SMTP_TLS", "none"));

        assertEquals("false", p.getProperty("mail.smtp.starttls.enable"));
        assertNull(p.getProperty("mail.smtp.ssl.enable"));
    }

    @Test
    void withoutAHostNothingIsConfigured() {
        assertFalse(new SmtpGateway(settings()).configured());
        assertTrue(new SmtpGateway(settings("SMTP_HOST", "127.0.0.1")).configured());
    }

    @Test
    void aLetterArrivesAsTextAndHtmlFromTheProductWithAStableMessageId() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try {
            SmtpGateway gateway = new SmtpGateway(settings("SMTP_HOST", "127.0.0.1", "SMTP_TLS", "none",
                    "SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()), "APP_NAME", "Acme", "MAIL_FROM", "no-reply@acme.test"));
            UUID id = UUID.randomUUID();

            gateway.send(id, "ann@example.com", new Letter("Subject ✓", "plain link", "<p>html link</p>"), Instant.now());

            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals(1, received.length);
            MimeMessage message = received[0];
            assertEquals("Subject ✓", message.getSubject());
            assertEquals("<" + id + "@acme.test>", message.getMessageID());
            InternetAddress from = (InternetAddress) message.getFrom()[0];
            assertEquals("no-reply@acme.test", from.getAddress());
            assertEquals("Acme", from.getPersonal());
            Multipart parts = (Multipart) message.getContent();
            assertTrue(parts.getContentType().startsWith("multipart/alternative"));
            assertEquals("plain link", parts.getBodyPart(0).getContent().toString().strip());
            assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
        } finally {
            smtp.stop();
        }
    }

    @Test
    void anUnreachableServerIsAMessagingException() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SmtpGateway gateway = new SmtpGateway(settings("SMTP_HOST", "127.0.0.1", "SMTP_TLS", "none",
                "SMTP_PORT", Integer.toString(closed)));

        assertThrows(MessagingException.class, () -> gateway.send(UUID.randomUUID(), "ann@example.com",
                new Letter("s", "t", "h"), Instant.now()));
    }
}
