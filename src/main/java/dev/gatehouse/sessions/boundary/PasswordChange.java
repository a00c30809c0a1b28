package dev.gatehouse.sessions.boundary;

import dev.gatehouse.platform.validation.PasswordRule;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.gatehouse.platform.validation.Password;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code PUT /api/auth/password}.
 *
 * @param currentPassword the password in use now
 * @param newPassword the replacement, 8 to 72 UTF-8 bytes
 */
public record PasswordChange(@NotNull String currentPassword, @NotNull @Schema(format = "password", minLength = PasswordRule.MIN_CHARACTERS, maxLength = PasswordRule.MAX_CHARACTERS, description = "8 to 72 bytes in UTF-8") @Password String newPassword) {
}
