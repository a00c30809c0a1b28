package dev.gatehouse.accounts.boundary;

import dev.gatehouse.platform.validation.EmailAddress;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.gatehouse.platform.validation.Email;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/password-reset}.
 *
 * @param email the address of the account to recover; any well-formed email is accepted
 */
public record PasswordResetRequest(@NotNull @Schema(format = "email", maxLength = EmailAddress.MAX_LENGTH) @Email String email) {
}
