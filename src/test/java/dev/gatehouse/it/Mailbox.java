package dev.gatehouse.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * An SMTP server of one test's own: GreenMail on a free loopback port, for nodes that boot in the
 * background and must not share {@link MailServer}, which another test may stop and start anew
 * (dropping what it received) while their mails arrive. Read messages with {@link MailServer}'s
 * helpers ({@code subject}, {@code text}, {@code token}).
 */
final class Mailbox implements AutoCloseable {

    private final GreenMail server;
    private final int port;

    private Mailbox(GreenMail server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a new, empty SMTP server on a free loopback port. */
    static Mailbox open() {
        int port = PayaraProcess.freePort();
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return new Mailbox(server, port);
    }

    /** The port a node's {@code SMTP_PORT} names. */
    int port() {
        return port;
    }

    /** Every message received that is addressed to {@code address}. */
    List<MimeMessage> to(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Waits up to {@code timeout} until {@code address} has at least {@code count} messages; returns them all. */
    List<MimeMessage> await(String address, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<MimeMessage> messages = to(address);
        while (messages.size() < count && System.nanoTime() < deadline) {
            MailServer.pause(100);
            messages = to(address);
        }
        if (messages.size() < count) {
            throw new AssertionError(count + " mail(s) expected for " + address + " within " + timeout + ", got " + messages.size());
        }
        return messages;
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.stop();
    }
}
