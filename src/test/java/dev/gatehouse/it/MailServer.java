package dev.gatehouse.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests' real SMTP server: GreenMail in the test JVM, on the fixed loopback port that Failsafe
 * also hands the server as {@code SMTP_PORT} (with {@code SMTP_HOST=127.0.0.1}, {@code SMTP_TLS=none}).
 * Started before the suite deploys and kept for the whole run. A test may {@link #stop} it to play
 * an SMTP outage and {@link #start} it again (a fresh, empty server on the same port).
 */
public final class MailServer {

    /** The reset link of the suite server's {@code PASSWORD_RESET_URL}, up to the token. */
    public static final String RESET_LINK = "https://app.gatehouse.test/reset?token=";
    /** The verification link of the suite server's {@code EMAIL_VERIFICATION_URL}, up to the token. */
    public static final String VERIFY_LINK = "https://app.gatehouse.test/verify?token=";

    private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");
    private static GreenMail server;

    private MailServer() {
    }

    /** The port the server under test sends to. */
    public static int port() {
        return Integer.getInteger("gatehouse.it.smtp.port", 18485);
    }

    /** Starts the SMTP server if it is not running. */
    public static synchronized void start() {
        if (server == null) {
            GreenMail mail = new GreenMail(new ServerSetup(port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            server = mail;
        }
    }

    /** Stops the SMTP server: connections to the port are refused until {@link #start}. */
    public static synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Every message received since the server (re)started that is addressed to {@code address}. */
    public static synchronized List<MimeMessage> to(String address) {
        if (server == null) {
            return List.of();
        }
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                if (Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                    found.add(message);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    /** Every message received since the server (re)started. */
    public static synchronized List<MimeMessage> all() {
        return server == null ? List.of() : List.of(server.getReceivedMessages());
    }

    /** Waits up to {@code timeout} until {@code address} has at least {@code count} messages; returns them all. */
    public static List<MimeMessage> await(String address, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<MimeMessage> messages = to(address);
        while (messages.size() < count && System.nanoTime() < deadline) {
            pause(100);
            messages = to(address);
        }
        if (messages.size() < count) {
            throw new AssertionError(count + " mail(s) expected for " + address + " within " + timeout + ", got " + messages.size());
        }
        return messages;
    }

    /** The one message {@code address} gets within 20 s (the suite server polls its outbox every second). */
    public static MimeMessage awaitOne(String address) {
        return await(address, 1, Duration.ofSeconds(20)).get(0);
    }

    /** The subject of {@code message}. */
    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain-text part of a multipart/alternative mail. */
    public static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    /** The HTML part of a multipart/alternative mail. */
    public static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    /** The token of the link in the mail's text part, which must start with {@code link}. */
    public static String token(MimeMessage message, String link) {
        String text = text(message);
        int at = text.indexOf(link);
        if (at < 0) {
            throw new AssertionError("no link " + link + " in:\n" + text);
        }
        Matcher m = TOKEN.matcher(text.substring(at));
        if (!m.find()) {
            throw new AssertionError("no token in the link:\n" + text);
        }
        return m.group(1);
    }

    private static String part(MimeMessage message, String type) {
        try {
            Multipart parts = (Multipart) message.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return part.getContent().toString();
                }
            }
            throw new AssertionError("no " + type + " part");
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sleeps {@code millis}; an interrupt ends the test. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
