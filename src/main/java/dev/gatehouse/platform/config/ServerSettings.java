package dev.gatehouse.platform.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * Who this deployment is and where it is reached.
 *
 * @param production {@code ENVIRONMENT=production}: stricter checks, no generated key
 * @param appName {@code APP_NAME}, shown by health, in mails and as the TOTP issuer
 * @param appVersion {@code APP_VERSION}, shown by health
 * @param debug {@code DEBUG}: more detail in the application log, never in responses
 * @param logDir {@code LOG_DIR}: where {@code info.log} is written
 * @param publicBaseUrl {@code PUBLIC_BASE_URL}: the absolute URL clients reach Gatehouse at, without a
 *        trailing slash; empty when unset (then documents that name Gatehouse's own URL take it from the request)
 */
public record ServerSettings(boolean production, String appName, String appVersion, boolean debug, String logDir,
                             Optional<String> publicBaseUrl) {

    /** The base URL links in mails use when {@code PUBLIC_BASE_URL} is unset: a development server. */
    public static final String DEVELOPMENT_BASE_URL = "http://localhost:8080";

    /** Reads and checks these settings. */
    static ServerSettings read(SettingsReader in) {
        boolean production = in.oneOf("ENVIRONMENT", "development", List.of("development", "production")).equals("production");
        boolean debug = in.bool("DEBUG", false);
        if (production && debug) {
            throw new SettingsException("DEBUG=true is refused when ENVIRONMENT=production: unset DEBUG or set it to false");
        }
        return new ServerSettings(production, in.text("APP_NAME", "Gatehouse"), in.text("APP_VERSION", "1.0.0"), debug,
                in.text("LOG_DIR", "logs"), in.optional("PUBLIC_BASE_URL").map(ServerSettings::baseUrl));
    }

    /** {@code PUBLIC_BASE_URL}, or the development server's URL when unset. */
    public String baseUrlOrDevelopment() {
        return publicBaseUrl.orElse(DEVELOPMENT_BASE_URL);
    }

    private static String baseUrl(String value) {
        String url = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            URI uri = new URI(url);
            if (SettingsReader.httpUrl(url) && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new SettingsException("PUBLIC_BASE_URL must be the absolute http(s) URL clients reach Gatehouse at, such as "
                + "https://auth.example.com (no query, no credentials)");
    }
}
