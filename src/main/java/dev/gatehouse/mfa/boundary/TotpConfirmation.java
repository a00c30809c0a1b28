package dev.gatehouse.mfa.boundary;

import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/mfa/totp/confirm}: the first code the app shows for the pending
 * secret. Any string is a code; a wrong one is {@code Invalid credentials}.
 *
 * @param code six digits
 */
public record TotpConfirmation(@NotNull String code) {
}
