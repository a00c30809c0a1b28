package dev.gatehouse.keys.boundary;

import com.nimbusds.jose.jwk.JWK;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The key set at {@code /.well-known/jwks.json}: the public keys that verify access tokens (empty
 * with HMAC).
 *
 * @param keys one public JWK per published key
 */
@Schema(name = "JwkSet", description = "The public keys that verify access tokens (empty with HMAC).")
public record JwkSet(@NotNull List<Key> keys) {

    /**
     * A public JWK (RFC 7517, 7518, 8037): never a private part.
     *
     * @param kid the key id every token header names
     * @param kty RSA, EC or OKP
     * @param alg the one algorithm the key signs with
     * @param use always {@code sig}
     * @param n RSA modulus
     * @param e RSA exponent
     * @param crv EC or OKP curve
     * @param x EC or OKP public point
     * @param y EC public point
     */
    @Schema(name = "Jwk", description = "A public JWK: kid, kty, alg, use \"sig\" and the public parameters of its type "
            + "(RSA: n, e; EC: crv, x, y; OKP: crv, x); never a private part.")
    public record Key(@NotNull String kid, @NotNull @Schema(enumeration = {"RSA", "EC", "OKP"}) String kty,
                      @NotNull @Schema(enumeration = {"RS256", "ES256", "EdDSA"}) String alg,
                      @NotNull @Schema(enumeration = "sig") String use,
                      @JsonbNillable(false) String n, @JsonbNillable(false) String e, @JsonbNillable(false) String crv,
                      @JsonbNillable(false) String x, @JsonbNillable(false) String y) {

        /** The public half of {@code jwk}, as this record. */
        static Key of(JWK jwk) {
            Map<String, Object> json = jwk.toPublicJWK().toJSONObject();
            return new Key(text(json, "kid"), text(json, "kty"), text(json, "alg"), "sig", text(json, "n"),
                    text(json, "e"), text(json, "crv"), text(json, "x"), text(json, "y"));
        }

        private static String text(Map<String, Object> json, String name) {
            Object value = json.get(name);
            return value == null ? null : value.toString();
        }
    }

    /** The set of {@code keys}' public halves. */
    static JwkSet of(List<? extends JWK> keys) {
        return new JwkSet(keys.stream().map(Key::of).toList());
    }
}
