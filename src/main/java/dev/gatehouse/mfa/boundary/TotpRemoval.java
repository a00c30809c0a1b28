package dev.gatehouse.mfa.boundary;

import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code DELETE /api/auth/mfa/totp}: both factors once more, so neither a stolen token nor
 * a stolen password alone turns the second factor off.
 *
 * @param currentPassword the caller's password
 * @param code a current TOTP code or an unused recovery code
 */
public record TotpRemoval(@NotNull String currentPassword, @NotNull String code) {
}
