package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.platform.crypto.Digests;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;

/**
 * The recovery and verification calls as a client makes them, and the mail round trips the tests
 * repeat: ask, wait for the n-th mail, take the token from its link.
 */
final class RecoveryFlows {

    private RecoveryFlows() {
    }

    /** {@code POST /api/auth/password-reset}. */
    static Api.Reply requestReset(String email) {
        return Api.postJson("/api/auth/password-reset", Api.json("email", email));
    }

    /** {@code POST /api/auth/password-reset/confirm}. */
    static Api.Reply confirmReset(String token, String newPassword) {
        return Api.postJson("/api/auth/password-reset/confirm", Api.json("token", token, "new_password", newPassword));
    }

    /** {@code POST /api/auth/email-verification} as {@code accessToken}. */
    static Api.Reply requestVerification(String accessToken) {
        return Api.jsonAs(accessToken, "POST", "/api/auth/email-verification", null);
    }

    /** {@code POST /api/auth/email-verification/confirm}. */
    static Api.Reply confirmVerification(String token) {
        return Api.postJson("/api/auth/email-verification/confirm", Api.json("token", token));
    }

    /** The mails with {@code subjectPart} in their subject that {@code email} has received so far. */
    static List<MimeMessage> mails(String email, String subjectPart) {
        return MailServer.to(email).stream().filter(m -> MailServer.subject(m).contains(subjectPart)).toList();
    }

    /** Waits for the {@code n}-th mail (1-based) with {@code subjectPart} to {@code email} and returns it. */
    static MimeMessage nthMail(String email, String subjectPart, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<MimeMessage> found = mails(email, subjectPart);
        while (found.size() < n && System.nanoTime() < deadline) {
            MailServer.pause(100);
            found = mails(email, subjectPart);
        }
        if (found.size() < n) {
            throw new AssertionError("mail " + n + " '" + subjectPart + "' to " + email + " did not arrive; got " + found.size());
        }
        return found.get(n - 1);
    }

    /** Asks for a reset of {@code email} (asserting 202) and returns the token of the {@code n}-th reset mail. */
    static String resetToken(String email, int n) {
        assertEquals(202, requestReset(email).status());
        return MailServer.token(nthMail(email, "Reset your", n), MailServer.RESET_LINK);
    }

    /** The token of the {@code n}-th verification mail of {@code email} (registration sends the first). */
    static String verificationToken(String email, int n) {
        return MailServer.token(nthMail(email, "Confirm your email", n), MailServer.VERIFY_LINK);
    }

    /** The stored hash of {@code token}, to reach its row behind the API. */
    static String hash(String token) {
        return Digests.sha256Hex(token);
    }

    /** Outbox rows addressed to {@code email}. */
    static long outboxRows(String email) {
        return (Long) TestDatabase.scalar("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?", email);
    }
}
