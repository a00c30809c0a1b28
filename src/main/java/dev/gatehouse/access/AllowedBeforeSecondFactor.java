package dev.gatehouse.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a protected operation that a caller who still owes a second factor may use: a user whose
 * role is in {@code MFA_REQUIRED_ROLES} and who has no TOTP yet (see {@link Caller#secondFactorPending()}).
 * Every other protected operation refuses such a caller with {@code 403 Two-factor authentication
 * required}, so the rule sits next to the routes it allows: setting TOTP up, reading oneself,
 * logging out. Public operations need no mark.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AllowedBeforeSecondFactor {
}
