package dev.gatehouse.accounts.boundary;

import dev.gatehouse.platform.validation.PasswordRule;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.gatehouse.platform.validation.Password;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/password-reset/confirm}.
 *
 * @param token the token of the reset link
 * @param newPassword the new password, 8 to 72 UTF-8 bytes
 */
public record PasswordResetConfirmation(@NotNull String token, @NotNull @Schema(format = "password", minLength = PasswordRule.MIN_CHARACTERS, maxLength = PasswordRule.MAX_CHARACTERS, description = "8 to 72 bytes in UTF-8") @Password String newPassword) {
}
