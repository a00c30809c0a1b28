package dev.gatehouse.sessions.control;

import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.keys.control.AccessTokens;
import dev.gatehouse.platform.config.TokenSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Puts a login's or a refresh's tokens together: a new access token beside the refresh token already made. */
@ApplicationScoped
public class TokenIssuer {

    /** The {@code amr} of a session opened with a password alone (RFC 8176). */
    public static final List<String> PASSWORD = List.of("pwd");
    /** The {@code amr} of a session opened with a password and a one-time code (TOTP or a recovery code). */
    public static final List<String> PASSWORD_AND_OTP = List.of("pwd", "otp");

    @Inject
    TokenSettings settings;

    @Inject
    AccessTokens accessTokens;

    /** How long a refresh token lives; each refresh starts a new period. */
    public Duration refreshLifetime() {
        return Duration.ofDays(settings.refreshTokenDays());
    }

    /**
     * A token pair for {@code account} in session {@code sessionId}, the access token valid from
     * {@code now} and carrying the session's {@code amr}.
     */
    public IssuedTokens issue(Account account, UUID sessionId, String refreshToken, Instant now, List<String> amr) {
        String access = accessTokens.issue(account.id(), account.email(), account.role(), sessionId, amr, now);
        return new IssuedTokens(access, refreshToken, accessTokens.lifetime(), refreshLifetime(), account);
    }
}
