package dev.gatehouse.accounts.control;

import dev.gatehouse.access.Role;

/**
 * What a caller asks to change on an account; {@code null} leaves a field as it is.
 *
 * @param email a new email (admins)
 * @param role a new role (admins)
 * @param active activate or deactivate (admins; managers for user and guest accounts)
 */
public record UserChanges(String email, Role role, Boolean active) {
}
