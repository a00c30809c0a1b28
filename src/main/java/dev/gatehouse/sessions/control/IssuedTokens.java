package dev.gatehouse.sessions.control;

import dev.gatehouse.accounts.control.Account;
import java.time.Duration;

/**
 * A new access token and refresh token, the result of a login or a refresh.
 *
 * @param accessToken the signed JWT
 * @param refreshToken the opaque refresh token, good for one use
 * @param accessLifetime how long the access token lives
 * @param refreshLifetime how long the refresh token lives
 * @param account whom they are for
 */
public record IssuedTokens(String accessToken, String refreshToken, Duration accessLifetime, Duration refreshLifetime,
                           Account account) implements LoginStep {
}
