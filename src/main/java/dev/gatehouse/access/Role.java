package dev.gatehouse.access;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The four roles, highest first. Each role includes the rights of those below it; the wire and
 * database name is the lower-case constant name.
 */
@Schema(description = "Highest first: each role includes the rights of those below it.",
        enumeration = {"admin", "manager", "user", "guest"})
public enum Role {
    /** Everything, including other admins. */
    ADMIN,
    /** Reads users and the whole activity log; may (de)activate users and guests. */
    MANAGER,
    /** A regular account: itself, its sessions, its own activity. */
    USER,
    /** The least privileged account. */
    GUEST;

    /** The name used on the wire, in tokens and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code name} exactly as on the wire (lower case), if any. */
    public static Optional<Role> fromWire(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /**
     * The groups a caller of this role belongs to: its own wire name and those of every role below
     * it, so {@code @RolesAllowed("user")} admits users, managers and admins. Also the
     * {@code groups} claim of access tokens, for resource servers that check roles the same way.
     */
    public List<String> groups() {
        return Arrays.stream(values()).filter(this::atLeast).map(Role::wireName).toList();
    }

    /** True when this role is {@code other} or above it. */
    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }
}
