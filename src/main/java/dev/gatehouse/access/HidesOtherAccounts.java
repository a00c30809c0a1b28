package dev.gatehouse.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an operation on one account, named by the path parameter {@code {id}}, whose callers below
 * its {@code @RolesAllowed} role learn nothing about other accounts: the refusal is {@code 404
 * User not found} for another account's id and {@code 403 Forbidden} only for the caller's own,
 * decided before the body is read (API.md: a user patching another user's id gets 404).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HidesOtherAccounts {
}
