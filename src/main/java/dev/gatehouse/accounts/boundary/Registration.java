package dev.gatehouse.accounts.boundary;

import dev.gatehouse.platform.validation.Email;
import dev.gatehouse.platform.validation.Password;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/register}; unknown fields (a {@code role}, say) are ignored.
 *
 * @param email an email address
 * @param password 8 to 72 UTF-8 bytes
 */
public record Registration(@NotNull @Email String email, @NotNull @Password String password) {
}
