package dev.gatehouse.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /api/auth/register}; unknown fields (a {@code role}, say) are ignored.
 *
 * @param email an email address, at most 320 characters
 * @param password 8 to 72 UTF-8 bytes
 */
public record Registration(
        @NotNull @Pattern(regexp = Registration.EMAIL, message = "must be a valid email address") String email,
        @NotNull @Password String password) {

    /**
     * A pragmatic address shape: at most 320 characters, something, one @, a dotted domain, no
     * spaces. (The length is in the pattern because Payara's OpenAPI generator fails on
     * {@code @Size} on record components.)
     */
    public static final String EMAIL = "^(?=.{3,320}$)\\s*[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\s*$";
}
