package dev.gatehouse.api;

import dev.gatehouse.model.User;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/**
 * A user as the API shows it; never the hash.
 *
 * @param id the user id
 * @param email the normalised email
 * @param role the wire name of the role
 * @param isActive whether the account may authenticate
 * @param createdAt creation time
 * @param updatedAt last change
 * @param deletedAt deletion time; present only on deleted users (which only admins see)
 */
public record UserView(String id, String email, String role, boolean isActive, Instant createdAt,
                       Instant updatedAt, @JsonbNillable(false) Instant deletedAt) {

    /** The view of {@code user}. */
    public static UserView of(User user) {
        return new UserView(user.id().toString(), user.email(), user.role().wireName(), user.active(),
                user.createdAt(), user.updatedAt(), user.deletedAt());
    }
}
