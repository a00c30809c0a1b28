package dev.gatehouse.mfa.boundary;

import jakarta.validation.constraints.NotNull;
import dev.gatehouse.mfa.control.Enrolment;

/**
 * The answer to {@code POST /api/auth/mfa/totp}: the pending secret, the one response that ever
 * carries it. Show the URI as a QR code; the secret is for typing in by hand.
 *
 * @param secret base32, 160 bits
 * @param otpauthUri {@code otpauth://totp/<issuer>:<email>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30}
 */
public record TotpEnrolmentView(@NotNull String secret, @NotNull String otpauthUri) {

    /** The wire form of an enrolment. */
    static TotpEnrolmentView of(Enrolment enrolment) {
        return new TotpEnrolmentView(enrolment.secret(), enrolment.otpauthUri());
    }
}
