package dev.gatehouse.mfa.boundary;

import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/mfa/totp}: the password again, so a stolen access token alone
 * cannot put the attacker's device on the account.
 *
 * @param currentPassword the caller's password
 */
public record TotpEnrolmentRequest(@NotNull String currentPassword) {
}
