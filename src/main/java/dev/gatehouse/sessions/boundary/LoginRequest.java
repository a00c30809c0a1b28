package dev.gatehouse.sessions.boundary;

import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/login}. Only checks that both are strings: any other bad value is
 * {@code Invalid credentials} and counts as a failure for that email.
 *
 * @param email the email as typed
 * @param password the password
 */
public record LoginRequest(@NotNull String email, @NotNull String password) {
}
