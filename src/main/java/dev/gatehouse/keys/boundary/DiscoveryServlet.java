package dev.gatehouse.keys.boundary;

import dev.gatehouse.keys.control.KeyRing;
import dev.gatehouse.platform.config.Settings;
import dev.gatehouse.platform.rest.JsonConfig;
import jakarta.inject.Inject;
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
    static final List<String> CLAIMS = List.of("iss", "aud", "sub", "email", "upn", "role", "groups", "sid", "jti", "iat", "exp",
            "amr");

    private static final long serialVersionUID = 1L;

    @Inject
    transient KeyRing ring;

    @Inject
    transient Settings settings;

    /** The key set or the discovery document, as JSON. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object document = JWKS.equals(request.getServletPath()) ? JwkSet.of(ring.published(Instant.now())) : configuration(request);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "public, max-age=" + settings.tokens().jwtKeyActivationDelaySeconds());
        response.setHeader("Access-Control-Allow-Origin", "*");
        byte[] bytes = JsonConfig.JSONB.toJson(document).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * The discovery document; its {@code jwks_uri} under {@code PUBLIC_BASE_URL}, or, unset, under
     * the scheme, host and port the request came to, so a client that followed discovery finds the
     * keys of the very server it asked.
     */
    private DiscoveryDocument configuration(HttpServletRequest request) {
        String base = settings.server().publicBaseUrl().orElseGet(() -> origin(request));
        return new DiscoveryDocument(settings.tokens().jwtIssuer(), base + JWKS, List.of("public"),
                List.of(settings.tokens().jwtAlgorithm()), List.of("token"), CLAIMS);
    }

    private static String origin(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean standard = port < 0 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
        String host = request.getServerName();
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + (standard ? "" : ":" + port);
    }
}
