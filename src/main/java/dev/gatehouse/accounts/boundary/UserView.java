package dev.gatehouse.accounts.boundary;

import jakarta.validation.constraints.NotNull;
import dev.gatehouse.accounts.control.Account;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A user on the wire; never the hash.
 *
 * @param id the user id
 * @param email the normalised email
 * @param role the wire name of the role
 * @param isActive whether the account may authenticate
 * @param emailVerified whether the owner proved the address by a mailed link
 * @param mfaEnabled whether a second factor (TOTP) guards the account
 * @param createdAt creation time
 * @param updatedAt last change
 * @param deletedAt deletion time; present only on deleted users (which only admins see)
 */
public record UserView(@NotNull @Schema(format = "uuid") String id, @NotNull @Schema(format = "email") String email,
                       @NotNull @Schema(enumeration = {"admin", "manager", "user", "guest"}) String role, @NotNull boolean isActive,
                       @NotNull boolean emailVerified, @NotNull boolean mfaEnabled, @NotNull Instant createdAt, @NotNull Instant updatedAt,
                       @JsonbNillable(false) Instant deletedAt) {

    /** The wire form of {@code account}. */
    public static UserView of(Account account) {
        return new UserView(account.id().toString(), account.email(), account.role().wireName(), account.active(),
                account.emailVerified(), account.mfaEnabled(), account.createdAt(), account.updatedAt(),
                account.deletedAt());
    }
}
