package dev.gatehouse.accounts.boundary;

import dev.gatehouse.platform.validation.EmailAddress;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.control.UserChanges;
import dev.gatehouse.platform.validation.Email;

/**
 * Body of {@code PATCH /api/users/{id}}: absent (or null) fields are left as they are.
 *
 * @param email a new email (admins)
 * @param role a new role (admins)
 * @param isActive activate or deactivate (admins; managers for user and guest accounts)
 */
public record UserPatch(@Schema(format = "email", maxLength = EmailAddress.MAX_LENGTH) @Email String email, Role role, Boolean isActive) {

    /** The changes this body asks for. */
    UserChanges changes() {
        return new UserChanges(email, role, isActive);
    }
}
