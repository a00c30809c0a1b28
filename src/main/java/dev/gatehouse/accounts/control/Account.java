package dev.gatehouse.accounts.control;

import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.entity.User;
import java.time.Instant;
import java.util.UUID;

/**
 * An account as the services hand it out: an immutable snapshot of a user row, never the
 * password hash.
 *
 * @param id the user id
 * @param email the normalised email
 * @param role the role
 * @param active whether the account is active
 * @param createdAt creation time
 * @param updatedAt last change
 * @param deletedAt deletion time, or null
 * @param emailVerified whether the owner proved the address by a mailed link
 * @param mfaEnabled whether a second factor (TOTP) guards the account: logins owe a code
 */
public record Account(UUID id, String email, Role role, boolean active, Instant createdAt, Instant updatedAt,
                      Instant deletedAt, boolean emailVerified, boolean mfaEnabled) {

    /** Detail of a login refused because {@code EMAIL_VERIFICATION_REQUIRED} is on and the address is unproven. */
    public static final String EMAIL_NOT_VERIFIED = "Email not verified";

    /** The snapshot of {@code user} as it is now. */
    public static Account of(User user) {
        return new Account(user.id(), user.email(), user.role(), user.active(), user.createdAt(), user.updatedAt(),
                user.deletedAt(), user.emailVerified(), user.mfaEnabled());
    }

    /** True when the account may authenticate: active and not deleted. */
    public boolean canAuthenticate() {
        return active && deletedAt == null;
    }
}
