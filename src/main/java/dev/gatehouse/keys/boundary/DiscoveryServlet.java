package dev.gatehouse.keys.boundary;

import static dev.gatehouse.platform.json.JsonSupport.JSON;

import com.nimbusds.jose.jwk.JWKSet;
import dev.gatehouse.keys.control.KeyRing;
import dev.gatehouse.platform.config.Settings;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * {@code /.well-known/jwks.json} and {@code /.well-known/openid-configuration}: the public keys
 * that verify Gatehouse's tokens and the discovery document that points at them, for resource
 * servers that verify tokens themselves. Public, outside {@code /api} (no authentication, no rate
 * limit), cacheable for as long as a new key is published before it signs, so a cache never
 * misses the key of a token it is shown; readable from any origin (public documents, no credentials).
 */
@WebServlet(urlPatterns = {DiscoveryServlet.JWKS, DiscoveryServlet.CONFIGURATION})
public class DiscoveryServlet extends HttpServlet {

    /** The key set's path. */
    public static final String JWKS = "/.well-known/jwks.json";
    /** The discovery document's path. */
    public static final String CONFIGURATION = "/.well-known/openid-configuration";
    /** The claims every access token carries. */
    static final List<String> CLAIMS = List.of("iss", "sub", "email", "upn", "role", "groups", "sid", "jti", "iat", "exp", "amr");

    private static final long serialVersionUID = 1L;

    @Inject
    transient KeyRing ring;

    @Inject
    transient Settings settings;

    /** The key set or the discovery document, as JSON. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = JWKS.equals(request.getServletPath()) ? jwks() : configuration();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "public, max-age=" + settings.jwtKeyActivationDelaySeconds());
        response.setHeader("Access-Control-Allow-Origin", "*");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private String jwks() {
        return new JWKSet(ring.published(Instant.now())).toString(true);
    }

    private String configuration() {
        JsonArrayBuilder claims = JSON.createArrayBuilder();
        CLAIMS.forEach(claims::add);
        return JSON.createObjectBuilder()
                .add("issuer", settings.jwtIssuer())
                .add("jwks_uri", settings.publicBaseUrl() + JWKS)
                .add("subject_types_supported", JSON.createArrayBuilder().add("public"))
                .add("id_token_signing_alg_values_supported", JSON.createArrayBuilder().add(settings.jwtAlgorithm()))
                .add("response_types_supported", JSON.createArrayBuilder().add("token"))
                .add("claims_supported", claims)
                .build().toString();
    }
}
