package dev.gatehouse.api;

import jakarta.validation.constraints.NotNull;

/**
 * Body of register and login. Login only checks that both are strings: any other bad value is
 * {@code Invalid credentials}; register validates both fully in the service.
 *
 * @param email the email as typed
 * @param password the password
 */
public record Credentials(@NotNull String email, @NotNull String password) {
}
