package dev.gatehouse.sessions.boundary;

import jakarta.validation.constraints.NotNull;
import dev.gatehouse.sessions.control.IssuedTokens;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a login or refresh: a new access token, a new refresh token and who they are for.
 *
 * @param accessToken the JWT to send as {@code Authorization: Bearer}
 * @param refreshToken the opaque token for {@code POST /api/auth/refresh}, good for one use
 * @param tokenType always {@code bearer}
 * @param expiresIn seconds until the access token expires
 * @param refreshExpiresIn seconds until the refresh token expires
 * @param user the account
 */
public record TokenPair(@NotNull String accessToken, @NotNull String refreshToken, @NotNull @Schema(enumeration = "bearer") String tokenType, @NotNull long expiresIn,
                        @NotNull long refreshExpiresIn, @NotNull UserSummary user) {

    /**
     * The account a token pair belongs to.
     *
     * @param id the user id
     * @param email the normalised email
     * @param role the wire name of the role
     */
    public record UserSummary(@NotNull @Schema(format = "uuid") String id, @NotNull @Schema(format = "email") String email,
                              @NotNull @Schema(enumeration = {"admin", "manager", "user", "guest"}) String role) {
    }

    /** The wire form of issued tokens. */
    static TokenPair of(IssuedTokens tokens) {
        return new TokenPair(tokens.accessToken(), tokens.refreshToken(), "bearer", tokens.accessLifetime().toSeconds(),
                tokens.refreshLifetime().toSeconds(), new UserSummary(tokens.account().id().toString(),
                tokens.account().email(), tokens.account().role().wireName()));
    }
}
