package dev.gatehouse.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Which delivery failures are worth a retry, and how a failure is described (its type and the server's words). */
class OutboxTest {

    @Test
    void aRefusedRecipientOrABadAddressIsPermanent() throws AddressException {
        SendFailedException refused = new SendFailedException("550 no such user", null, new InternetAddress[0],
                new InternetAddress[0], new InternetAddress[] {new InternetAddress("x@example.com")});

        assertTrue(Outbox.permanent(refused));
        assertTrue(Outbox.permanent(new AddressException("Illegal address")));
    }

    @Test
    void anUnreachableServerIsWorthARetry() {
        assertFalse(Outbox.permanent(new MessagingException("Couldn't connect to host", new ConnectException("refused"))));
        assertFalse(Outbox.permanent(new SendFailedException("451 try later")));
        assertFalse(Outbox.permanent(new IllegalStateException("anything else")));
    }

    @Test
    void aFailureIsDescribedOnOneLineWithItsCause() {
        String text = Outbox.describe(new MessagingException("Couldn't connect\n to host", new ConnectException("refused")));

        assertEquals("MessagingException: Couldn't connect to host (ConnectException)", text);
    }
}
