package dev.gatehouse.api;

import dev.gatehouse.model.Role;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code PATCH /api/users/{id}}: absent (or null) fields are left as they are.
 *
 * @param email a new email (admins)
 * @param role a new role (admins)
 * @param isActive activate or deactivate (admins; managers for user and guest accounts)
 */
public record UserPatch(
        @Pattern(regexp = Registration.EMAIL, message = "must be a valid email address") String email,
        Role role,
        Boolean isActive) {
}
