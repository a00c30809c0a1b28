package dev.gatehouse.api;

import dev.gatehouse.model.Role;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PATCH /api/users/{id}}: absent (or null) fields are left as they are.
 *
 * @param email a new email (admins)
 * @param role a new role (admins)
 * @param isActive activate or deactivate (admins; managers for user and guest accounts)
 */
public record UserPatch(
        @Size(max = 320) @Pattern(regexp = Registration.EMAIL, message = "must be a valid email address") String email,
        Role role,
        Boolean isActive) {
}
