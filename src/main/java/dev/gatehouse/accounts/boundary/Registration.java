package dev.gatehouse.accounts.boundary;

import dev.gatehouse.platform.validation.PasswordRule;
import dev.gatehouse.platform.validation.EmailAddress;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.gatehouse.platform.validation.Email;
import dev.gatehouse.platform.validation.Password;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/register}; unknown fields (a {@code role}, say) are ignored.
 *
 * @param email an email address
 * @param password 8 to 72 UTF-8 bytes
 */
public record Registration(@NotNull @Schema(format = "email", maxLength = EmailAddress.MAX_LENGTH) @Email String email, @NotNull @Schema(format = "password", minLength = PasswordRule.MIN_CHARACTERS, maxLength = PasswordRule.MAX_CHARACTERS, description = "8 to 72 bytes in UTF-8") @Password String password) {
}
