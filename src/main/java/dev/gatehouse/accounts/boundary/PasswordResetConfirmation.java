package dev.gatehouse.accounts.boundary;

import dev.gatehouse.platform.validation.Password;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/password-reset/confirm}.
 *
 * @param token the token of the reset link
 * @param newPassword the new password, 8 to 72 UTF-8 bytes
 */
public record PasswordResetConfirmation(@NotNull String token, @NotNull @Password String newPassword) {
}
