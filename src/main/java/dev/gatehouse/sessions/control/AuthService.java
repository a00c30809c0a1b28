package dev.gatehouse.sessions.control;

import dev.gatehouse.access.Caller;
import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.accounts.control.Credentials;
import dev.gatehouse.accounts.control.LoginThrottle;
import dev.gatehouse.accounts.control.Passwords;
import dev.gatehouse.accounts.control.AccountCredentials;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.keys.control.TokenException;
import dev.gatehouse.mfa.control.Redemption;
import dev.gatehouse.mfa.control.SecondFactorChallenges;
import dev.gatehouse.platform.config.AccountSettings;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.metrics.Telemetry;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.validation.PasswordRule;
import dev.gatehouse.platform.web.ClientInfo;
import dev.gatehouse.sessions.entity.Session;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The authentication use cases, each read top to bottom in one method: login (and its second step
 * when TOTP guards the account), refresh and password change. Login and refresh run outside any container transaction: a login's bcrypt
 * work never holds a database connection, and a refresh is one statement. Their steps that write
 * are short transactions of their own, named where they happen. Evidence of an attack (a failed
 * login, a detected reuse) is committed by the step that decides it, before the refusal is thrown.
 */
@Stateless
public class AuthService {

    @Inject
    Passwords passwords;

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    RefreshRotation rotation;

    @Inject
    TokenIssuer issuer;

    @EJB
    AccountCredentials users;

    @EJB
    LoginThrottle throttle;

    @EJB
    SessionService sessions;

    @EJB
    ActivityLog activity;

    @EJB
    SecondFactorChallenges totp;

    @Inject
    Telemetry telemetry;

    @Inject
    AccountSettings settings;

    /**
     * Exchanges credentials for a token pair, or for an {@code mfa_token} when TOTP guards the
     * account (no session opens, and the email's failures are not forgotten, until the second step
     * succeeds: a stolen password must not reset the count of wrong codes). Every bad input (unknown
     * email, wrong password, inactive or deleted account, a malformed email or password) is the same
     * 401 and counts as a failure for that email; an unknown email costs one bcrypt verification
     * like a known one.
     *
     * @throws Failure 429 while the email is throttled, even with the right password; 403
     *         {@code Email not verified} for the right password of an unverified account when
     *         {@code EMAIL_VERIFICATION_REQUIRED} is on; 401 otherwise
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public LoginStep login(String email, String password, ClientInfo client) {
        long lockedFor = throttle.lockedFor(email, client);
        if (lockedFor > 0) {
            telemetry.login("throttled");
            throw Failure.tooManyRequests(lockedFor);
        }
        Optional<Credentials> found = plausible(email, password) ? users.credentialsFor(email) : Optional.empty();
        if (found.isEmpty()) {
            // Same bcrypt work as a real check, so response time does not reveal which emails exist.
            passwords.matchesNothing(password);
            throw refused(email, null, "unknown_email", client);
        }
        Credentials credentials = found.get();
        UUID userId = credentials.account().id();
        if (!passwords.matches(password, credentials.passwordHash())) {
            throw refused(email, userId, "bad_password", client);
        }
        if (!credentials.account().canAuthenticate()) {
            throw refused(email, userId, "inactive", client);
        }
        if (settings.emailVerificationRequired() && !credentials.account().emailVerified()) {
            // The right password: not a failure for the throttle, and the owner learns what to do.
            telemetry.login("unverified");
            throw Failure.forbidden(Account.EMAIL_NOT_VERIFIED);
        }
        boolean upgraded = passwords.needsUpgrade(credentials.passwordHash())
                && users.upgradePasswordHash(userId, credentials.passwordHash(), passwords.hash(password));
        if (credentials.account().mfaEnabled()) {
            String mfaToken = totp.challenge(userId);
            telemetry.login("mfa_required");
            return new SecondFactorRequired(mfaToken, SecondFactorChallenges.MFA_TOKEN_LIFETIME);
        }
        IssuedTokens tokens = sessions.open(credentials.account(), email, upgraded, client, TokenIssuer.PASSWORD);
        telemetry.login("success");
        return tokens;
    }

    /**
     * The second step of a login: the {@code mfa_token} of the first and a code (a current TOTP
     * code or an unused recovery code) open the session, whose tokens carry {@code amr
     * ["pwd","otp"]}. A wrong code counts on the token (the fifth kills it) and, committed before
     * the refusal, as a failed login of the account's email.
     *
     * @throws Failure 401 {@code Invalid token} (plain challenge: it came in the body) for an
     *         unknown, used, expired or dead token; 429 while the email is throttled; 401
     *         {@code Invalid credentials} for a wrong code, or an account that may no longer log in
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public IssuedTokens loginWithSecondFactor(String mfaToken, String code, ClientInfo client) {
        UUID userId = totp.pendingLogin(mfaToken).orElseThrow(Failure::invalidBodyToken);
        Account account = users.credentialsOf(userId).map(Credentials::account).orElseThrow(Failure::invalidCredentials);
        long lockedFor = throttle.lockedFor(account.email(), client);
        if (lockedFor > 0) {
            telemetry.login("throttled");
            throw Failure.tooManyRequests(lockedFor);
        }
        Redemption redemption = totp.redeem(mfaToken, code, client);
        if (redemption.outcome() == Redemption.Outcome.INVALID_TOKEN) {
            // spent or killed by a concurrent request since it was looked up
            throw Failure.invalidBodyToken();
        }
        if (redemption.outcome() == Redemption.Outcome.WRONG_CODE) {
            throttle.recordWrongCode(account.email(), userId, "login", client);
            telemetry.login("failure");
            throw Failure.invalidCredentials();
        }
        IssuedTokens tokens = sessions.open(account, account.email(), false, client, TokenIssuer.PASSWORD_AND_OTP);
        telemetry.login("success");
        return tokens;
    }

    /** Counts the failure (committed in its own transaction) and gives the one answer for every bad login. */
    private Failure refused(String email, UUID userId, String reason, ClientInfo client) {
        throttle.recordFailure(email, userId, reason, client);
        telemetry.login("failure");
        return Failure.invalidCredentials();
    }

    /**
     * Worth a lookup: accounts made before the WHATWG rule may hold addresses it refuses, so a
     * login only bounds the text (the lookup is an exact match on the normalised email).
     */
    private static boolean plausible(String email, String password) {
        return !email.isBlank() && email.length() <= 320 && email.indexOf('\0') < 0 && PasswordRule.acceptable(password);
    }

    /**
     * Exchanges a refresh token for a new pair; the presented token is dead afterwards. Anything
     * but the current token of a live session of an active user is 401; a genuine superseded
     * token also revokes its session (see {@link RefreshRotation}).
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public IssuedTokens refresh(String presentedToken, ClientInfo client) {
        UUID sessionId;
        try {
            sessionId = refreshTokens.sessionOf(presentedToken);
        } catch (TokenException e) {
            throw Failure.invalidBodyToken();
        }
        String nextToken = refreshTokens.issue(sessionId);
        Instant now = Timestamps.now();
        Rotation rotated = rotation.rotate(sessionId, RefreshTokens.hash(presentedToken), RefreshTokens.hash(nextToken),
                now, now.plus(issuer.refreshLifetime()), client);
        if (!rotated.succeeded()) {
            if (rotated.reuse()) {
                telemetry.refreshReuse();
            }
            throw Failure.invalidBodyToken();
        }
        telemetry.refresh();
        return issuer.issue(rotated.account(), sessionId, nextToken, now, rotated.amr());
    }

    /**
     * Replaces the caller's password after checking the current one, revokes every other session
     * and records {@code auth.password_changed}. A wrong current password is a failed login for
     * the account's email (throttled alike), so a stolen access token cannot brute-force it.
     */
    public void changePassword(Caller caller, String currentPassword, String newPassword, ClientInfo client) {
        Credentials credentials = users.credentialsOf(caller.userId()).orElseThrow(Failure::invalidToken);
        String email = credentials.account().email();
        long lockedFor = throttle.lockedFor(email, client);
        if (lockedFor > 0) {
            throw Failure.tooManyRequests(lockedFor);
        }
        if (!passwords.matches(currentPassword, credentials.passwordHash())) {
            throttle.recordFailure(email, caller.userId(), "password_change", client);
            throw Failure.invalidCredentials();
        }
        if (!users.replacePasswordHash(caller.userId(), credentials.passwordHash(), passwords.hash(newPassword))) {
            // changed by a concurrent request since it was checked: the current password is no longer this one
            throw Failure.invalidCredentials();
        }
        int revoked = sessions.revokeAll(caller.userId(), caller.sessionId(), Session.PASSWORD_CHANGED);
        activity.record(caller.userId(), Action.PASSWORD_CHANGED, client, Map.of("sessions_revoked", revoked));
    }
}
