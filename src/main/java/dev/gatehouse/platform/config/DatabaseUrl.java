package dev.gatehouse.platform.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A parsed {@code DATABASE_URL}: the JDBC URL plus credentials taken out of it, so that one
 * variable is enough. Accepts {@code postgresql://user:pass@host:port/db} (also
 * {@code postgres://}), {@code jdbc:postgresql://...} and {@code jdbc:h2:...}; unset means the
 * embedded H2 file database under {@code data/}.
 *
 * @param jdbcUrl the URL handed to the driver, never containing the password
 * @param user the user name, or {@code null} to let the driver decide
 * @param password the password, or {@code null}
 * @param kind which database family, which selects driver and migrations
 */
public record DatabaseUrl(String jdbcUrl, String user, String password, Kind kind) {

    /** Database families Gatehouse runs on. */
    public enum Kind {
        /** The system of record in production. */
        POSTGRESQL,
        /** The embedded default for development and trials. */
        H2
    }

    /** H2 options that make it accept the PostgreSQL dialect of our migrations. */
    public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE";

    /** The embedded default: an H2 file database in {@code data/} under the working directory. */
    public static DatabaseUrl embeddedDefault() {
        String file = Path.of("data", "gatehouse").toAbsolutePath().toString();
        return new DatabaseUrl("jdbc:h2:file:" + file + H2_OPTIONS, "sa", "", Kind.H2);
    }

    /**
     * Parses a configured URL; {@code null} or blank gives {@link #embeddedDefault()}.
     *
     * @throws SettingsException naming {@code DATABASE_URL} and the accepted forms; the message
     *         never repeats the URL, which may hold a password
     */
    public static DatabaseUrl parse(String value) {
        if (value == null || value.isBlank()) {
            return embeddedDefault();
        }
        String url = value.trim();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            return new DatabaseUrl(url, "sa", "", Kind.H2);
        }
        if (lower.startsWith("jdbc:postgresql://")) {
            return fromUri(url.substring("jdbc:".length()));
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return fromUri(url);
        }
        throw invalid();
    }

    private static DatabaseUrl fromUri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid();
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw invalid();
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath());
        String query = uri.getRawQuery();
        if (query != null) {
            StringBuilder kept = new StringBuilder();
            for (String pair : query.split("&")) {
                String key = pair.split("=", 2)[0];
                if (key.equals("user") && user == null) {
                    user = decode(pair.substring(pair.indexOf('=') + 1));
                } else if (key.equals("password") && password == null) {
                    password = decode(pair.substring(pair.indexOf('=') + 1));
                } else if (!key.isEmpty()) {
                    kept.append(kept.length() == 0 ? '?' : '&').append(pair);
                }
            }
            jdbc.append(kept);
        }
        return new DatabaseUrl(jdbc.toString(), user, password, Kind.POSTGRESQL);
    }

    private static String decode(String part) {
        // Percent-decoding only: a '+' in a URL's user info is a plus, not a space.
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static SettingsException invalid() {
        return new SettingsException("DATABASE_URL is not a usable database URL: expected "
                + "postgresql://user:pass@host:port/db, jdbc:postgresql://host:port/db or jdbc:h2:..., "
                + "or leave it unset for the embedded H2 database under data/");
    }

    /** The URL for logs and problem reports: never carries credentials. */
    @Override
    public String toString() {
        return jdbcUrl.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }
}
