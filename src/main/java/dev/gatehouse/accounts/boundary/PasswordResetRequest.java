package dev.gatehouse.accounts.boundary;

import dev.gatehouse.platform.validation.Email;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/password-reset}.
 *
 * @param email the address of the account to recover; any well-formed email is accepted
 */
public record PasswordResetRequest(@NotNull @Email String email) {
}
