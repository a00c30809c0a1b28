package dev.gatehouse.sessions.boundary;

import jakarta.validation.constraints.NotNull;
import dev.gatehouse.sessions.control.SecondFactorRequired;

/**
 * The answer to a login with the right password when TOTP guards the account: no tokens yet, only
 * what {@code POST /api/auth/login/mfa} needs.
 *
 * @param mfaRequired always true: tells this answer from a token pair
 * @param mfaToken the opaque single-use token to send with a code
 * @param expiresIn seconds the token lives (300)
 */
public record MfaChallenge(@NotNull boolean mfaRequired, @NotNull String mfaToken, @NotNull long expiresIn) {

    /** The wire form of a challenge. */
    static MfaChallenge of(SecondFactorRequired required) {
        return new MfaChallenge(true, required.mfaToken(), required.lifetime().toSeconds());
    }
}
