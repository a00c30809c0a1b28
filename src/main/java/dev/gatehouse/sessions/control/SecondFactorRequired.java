package dev.gatehouse.sessions.control;

import java.time.Duration;

/**
 * The password was right and TOTP is on: no session yet, only a single-use token to present with
 * a code to {@code POST /api/auth/login/mfa}.
 *
 * @param mfaToken the opaque token, of which the server keeps only a hash
 * @param lifetime how long it can be used
 */
public record SecondFactorRequired(String mfaToken, Duration lifetime) implements LoginStep {
}
