package dev.gatehouse.keys.boundary;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The OpenID discovery document at {@code /.well-known/openid-configuration}: where a resource
 * server finds the issuer and the keys that verify its tokens.
 *
 * @param issuer the {@code iss} of every token, {@code JWT_ISSUER}
 * @param jwksUri the absolute URL of the key set
 * @param subjectTypesSupported always {@code ["public"]}
 * @param idTokenSigningAlgValuesSupported the one algorithm tokens are signed with
 * @param responseTypesSupported always {@code ["token"]}
 * @param claimsSupported the claims every access token carries
 */
@Schema(name = "DiscoveryDocument", description = "Where resource servers find the issuer and its keys.")
public record DiscoveryDocument(@NotNull String issuer, @NotNull @Schema(format = "uri") String jwksUri,
                                @NotNull List<String> subjectTypesSupported,
                                @NotNull List<String> idTokenSigningAlgValuesSupported,
                                @NotNull List<String> responseTypesSupported, @NotNull List<String> claimsSupported) {
}
