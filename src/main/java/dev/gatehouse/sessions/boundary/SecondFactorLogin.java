package dev.gatehouse.sessions.boundary;

import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/auth/login/mfa}. Only checks that both are strings: any other bad value
 * is a wrong code ({@code Invalid credentials}) or a bad token ({@code Invalid token}).
 *
 * @param mfaToken the token the first login step answered
 * @param code a current six-digit TOTP code, or an unused recovery code
 */
public record SecondFactorLogin(@NotNull String mfaToken, @NotNull String code) {
}
