package dev.gatehouse.sessions.boundary;

import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/refresh}.
 *
 * @param refreshToken the refresh token of the last token pair
 */
public record RefreshRequest(@NotNull String refreshToken) {
}
