package dev.gatehouse.accounts.control;

import dev.gatehouse.access.Caller;
import dev.gatehouse.accounts.entity.AccountToken;
import dev.gatehouse.accounts.entity.TokenPurpose;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.platform.config.MailSettings;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Account recovery and email verification, each use case read top to bottom in one method and one
 * transaction: the token, the mail in the outbox and the activity entry commit together.
 *
 * <p>A reset request answers the same for every well-formed email, in the same time: see
 * {@link #requestReset} and {@code docs/performance.md} for the measured medians.
 */
@Stateless
public class Recovery {

    /** Detail of a verification request for an address already verified. */
    public static final String ALREADY_VERIFIED = "Email already verified";

    /** The per-address window of the verification-mail limit. */
    static final Duration LIMIT_WINDOW = Duration.ofHours(1);

    @Inject
    MailSettings settings;

    @Inject
    Passwords passwords;

    @EJB
    AccountCredentials users;

    @EJB
    AccountTokens tokens;

    @EJB
    PasswordResetRequests resetRequests;

    @EJB
    VerificationMails verificationMails;

    @EJB
    LoginThrottle throttle;

    @EJB
    ActivityLog activity;

    /**
     * Asks for a reset link for {@code email}: {@link PasswordResetRequests#record} in a transaction of
     * its own, then a pause until {@code PASSWORD_RESET_MIN_RESPONSE_MS} have passed since the call
     * began. The work is already the same shape on every path; the pause hides what remains (two
     * inserts and a sealed mail when a mail is queued), so every answer takes the same time.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void requestReset(String email, ClientInfo client) {
        long started = System.nanoTime();
        resetRequests.record(email, client);
        long remaining = TimeUnit.MILLISECONDS.toNanos(settings.passwordResetMinResponseMillis()) - (System.nanoTime() - started);
        if (remaining > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Sets a new password with a reset token: the token is used up, the account's other reset
     * tokens die, every session is revoked, the email's login throttle is reset and the address
     * counts as verified. Recorded as {@code auth.password_reset} (and {@code user.email_verified}
     * when the address was unverified).
     *
     * @throws Failure 401 {@code Invalid token} for an unknown, used, expired or superseded token,
     *         or one whose account can no longer log in
     */
    public void confirmReset(String token, String newPassword, ClientInfo client) {
        Instant now = Timestamps.now();
        AccountToken redeemed = tokens.usable(token, TokenPurpose.PASSWORD_RESET, now)
                .orElseThrow(Failure::invalidBodyToken);
        // bcrypt only for a genuine token: a flood of guesses costs a hash lookup each, not a hash.
        AccountCredentials.PasswordReset reset = users.resetPassword(redeemed.userId(), passwords.hash(newPassword), redeemed.id())
                .orElseThrow(Failure::invalidBodyToken);
        redeemed.use(now);
        throttle.reset(reset.account().email());
        UUID userId = reset.account().id();
        activity.record(userId, Action.PASSWORD_RESET, client, Map.of("target_user_id", userId.toString(),
                "sessions_revoked", reset.sessionsRevoked()));
        if (reset.emailVerified()) {
            activity.record(userId, Action.EMAIL_VERIFIED, client, Map.of("target_user_id", userId.toString(),
                    "email", reset.account().email(), "by", "password_reset"));
        }
    }

    /**
     * Queues a verification mail to the caller's current address.
     *
     * @throws Failure 409 {@code Email already verified}; 429 past
     *         {@code EMAIL_VERIFICATION_MAX_PER_HOUR} mails to the address in the last hour, with
     *         {@code Retry-After}; 401 {@code Invalid token} if the account can no longer log in
     */
    public void requestVerification(Caller caller, ClientInfo client) {
        Account account = users.credentialsOf(caller.userId()).map(Credentials::account)
                .orElseThrow(Failure::invalidToken);
        if (account.emailVerified()) {
            throw Failure.conflict(ALREADY_VERIFIED);
        }
        Instant now = Timestamps.now();
        Instant since = now.minus(LIMIT_WINDOW);
        if (tokens.mailedSince(account.email(), TokenPurpose.EMAIL_VERIFICATION, since) >= settings.emailVerificationMaxPerHour()) {
            Instant oldest = tokens.oldestMailedSince(account.email(), TokenPurpose.EMAIL_VERIFICATION, since).orElse(now);
            long seconds = Duration.between(now, oldest.plus(LIMIT_WINDOW)).toSeconds() + 1;
            throw Failure.tooManyRequests(Math.max(1, seconds));
        }
        verificationMails.send(account.id(), account.email(), caller.userId(), now, client);
    }

    /**
     * Proves an address with a verification token: the token is used up and the account's
     * {@code email_verified} becomes true. Recorded as {@code user.email_verified}.
     *
     * @throws Failure 401 {@code Invalid token} for an unknown, used or expired token, one mailed to
     *         an address the account no longer has, or one whose account can no longer log in
     */
    public void confirmVerification(String token, ClientInfo client) {
        Instant now = Timestamps.now();
        AccountToken redeemed = tokens.usable(token, TokenPurpose.EMAIL_VERIFICATION, now)
                .orElseThrow(Failure::invalidBodyToken);
        Account account = users.verifyEmail(redeemed.userId(), redeemed.email(), redeemed.id())
                .orElseThrow(Failure::invalidBodyToken);
        redeemed.use(now);
        activity.record(account.id(), Action.EMAIL_VERIFIED, client, Map.of("target_user_id", account.id().toString(),
                "email", account.email(), "by", "verification_link"));
    }
}
