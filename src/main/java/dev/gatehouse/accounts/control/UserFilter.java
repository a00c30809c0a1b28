package dev.gatehouse.accounts.control;

import dev.gatehouse.access.Role;


/**
 * Filters of the user list.
 *
 * @param role only users of this role, or null
 * @param active only active (true) or inactive (false) users, or null
 * @param emailContains a case-insensitive literal substring of the email, or null
 * @param includeDeleted include soft-deleted users (admins only)
 */
public record UserFilter(Role role, Boolean active, String emailContains, boolean includeDeleted) {
}
