package dev.gatehouse.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/auth/register}; unknown fields (a {@code role}, say) are ignored.
 *
 * @param email an email address, at most 320 characters
 * @param password 8 to 72 UTF-8 bytes
 */
public record Registration(
        @NotNull @Size(max = 320) @Pattern(regexp = Registration.EMAIL, message = "must be a valid email address") String email,
        @NotNull @Password String password) {

    /** A pragmatic address shape: something, one @, a dotted domain, no spaces. */
    public static final String EMAIL = "^\\s*[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\s*$";
}
