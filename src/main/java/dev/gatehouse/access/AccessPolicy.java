package dev.gatehouse.access;

import java.util.UUID;

/**
 * Who may do what to whom: the fine-grained rules behind the coarse {@code @RolesAllowed} on the
 * resources, in one place (the table in {@code docs/security.md} mirrors this class). Each method
 * answers for a caller and a target; callers turn a "no" into 403 or, where the contract hides
 * existence, 404.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /** Managers and admins list users. */
    public static boolean mayListUsers(Role caller) {
        return caller.atLeast(Role.MANAGER);
    }

    /** Only admins see deleted users, in lists and by id. */
    public static boolean maySeeDeleted(Role caller) {
        return caller == Role.ADMIN;
    }

    /** Managers and admins read any user; everyone reads themself. */
    public static boolean mayRead(Role caller, UUID callerId, UUID target) {
        return caller.atLeast(Role.MANAGER) || callerId.equals(target);
    }

    /** Admins create, delete and restore users and change roles and emails. */
    public static boolean mayAdminister(Role caller) {
        return caller == Role.ADMIN;
    }

    /**
     * Who may set {@code is_active}: admins on anyone, managers only on {@code user} and
     * {@code guest} accounts.
     */
    public static boolean maySetActive(Role caller, Role target) {
        return caller == Role.ADMIN || caller == Role.MANAGER && !target.atLeast(Role.MANAGER);
    }

    /** A session is revoked by its owner or an admin. */
    public static boolean mayRevokeSession(Role caller, UUID callerId, UUID owner) {
        return caller == Role.ADMIN || callerId.equals(owner);
    }

    /** Admins list any user's sessions. */
    public static boolean mayListSessionsOf(Role caller) {
        return caller == Role.ADMIN;
    }

    /** Managers and admins read everyone's activity; others only their own. */
    public static boolean mayReadActivityOf(Role caller, UUID callerId, UUID subject) {
        return caller.atLeast(Role.MANAGER) || callerId.equals(subject);
    }

    /** Whether {@code caller} reads everyone's activity when it names no user. */
    public static boolean mayReadAllActivity(Role caller) {
        return caller.atLeast(Role.MANAGER);
    }
}
