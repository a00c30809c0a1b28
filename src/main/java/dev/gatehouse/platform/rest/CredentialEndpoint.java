package dev.gatehouse.platform.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an operation that takes or hands out credentials (register, login and its second step,
 * refresh, password change and reset, email verification, TOTP enrolment): besides the general
 * budget it draws on the stricter {@code AUTH_RATE_LIMIT_PER_MINUTE} of its client address.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CredentialEndpoint {
}
