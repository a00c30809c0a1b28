package dev.gatehouse.sessions.boundary;

import dev.gatehouse.platform.validation.Password;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code PUT /api/auth/password}.
 *
 * @param currentPassword the password in use now
 * @param newPassword the replacement, 8 to 72 UTF-8 bytes
 */
public record PasswordChange(@NotNull String currentPassword, @NotNull @Password String newPassword) {
}
