package dev.gatehouse.accounts.boundary;

import dev.gatehouse.access.Role;
import dev.gatehouse.platform.validation.Email;
import dev.gatehouse.platform.validation.Password;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/users} (admins).
 *
 * @param email an email address
 * @param password 8 to 72 UTF-8 bytes
 * @param role one of admin, manager, user, guest
 */
public record NewUser(@NotNull @Email String email, @NotNull @Password String password, @NotNull Role role) {
}
