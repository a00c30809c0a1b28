package dev.gatehouse.api;

import dev.gatehouse.model.Role;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /api/users} (admins).
 *
 * @param email an email address
 * @param password 8 to 72 UTF-8 bytes
 * @param role one of admin, manager, user, guest
 */
public record NewUser(
        @NotNull @Pattern(regexp = Registration.EMAIL, message = "must be a valid email address") String email,
        @NotNull @Password String password,
        @NotNull Role role) {
}
