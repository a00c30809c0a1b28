package dev.gatehouse.mfa.control;

/**
 * A TOTP secret handed out to be confirmed: the only time it leaves the server in clear.
 *
 * @param secret base32, 160 bits, for typing into an app by hand
 * @param otpauthUri the same secret as the {@code otpauth://totp/...} URI apps scan (as a QR code)
 */
public record Enrolment(String secret, String otpauthUri) {
}
