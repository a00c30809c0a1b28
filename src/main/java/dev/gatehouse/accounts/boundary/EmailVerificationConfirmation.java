package dev.gatehouse.accounts.boundary;

import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/email-verification/confirm}.
 *
 * @param token the token of the verification link
 */
public record EmailVerificationConfirmation(@NotNull String token) {
}
