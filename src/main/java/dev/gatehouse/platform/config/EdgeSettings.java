package dev.gatehouse.platform.config;

import dev.gatehouse.platform.web.ClientAddress;
import java.util.List;

/**
 * What the edge of every request enforces.
 *
 * @param corsOrigins {@code CORS_ORIGINS}: exact origins allowed to call the API from a browser
 * @param rateLimitPerMinute {@code RATE_LIMIT_PER_MINUTE}: requests per client address per minute over {@code /api}
 * @param authRateLimitPerMinute {@code AUTH_RATE_LIMIT_PER_MINUTE}: the stricter budget of the credential endpoints
 * @param trustedProxies {@code TRUSTED_PROXIES}: peers whose {@code X-Forwarded-For} is believed; empty by default
 * @param rateLimitStore {@code RATE_LIMIT_STORE}: {@code memory} (this process) or {@code database} (shared by all nodes)
 * @param edgeFiltersEnabled {@code EDGE_FILTERS_ENABLED}: false switches CORS and rate limiting off, for benchmarks only
 * @param maxBodyBytes {@code MAX_BODY_BYTES}: the largest request body accepted, inclusive
 */
public record EdgeSettings(List<String> corsOrigins, int rateLimitPerMinute, int authRateLimitPerMinute,
                           List<String> trustedProxies, String rateLimitStore, boolean edgeFiltersEnabled, int maxBodyBytes) {

    /** Reads and checks these settings; a shared rate-limit store needs PostgreSQL. */
    static EdgeSettings read(SettingsReader in, DatabaseSettings database) {
        List<String> origins = in.list("CORS_ORIGINS", "http://localhost:3000");
        if (origins.stream().anyMatch(origin -> origin.equals("*") || !origin.matches("https?://[^/\\s]+"))) {
            throw new SettingsException("CORS_ORIGINS must be a comma-separated list of origins such as "
                    + "https://app.example.com (scheme and host, no path, no wildcard)");
        }
        List<String> proxies = in.list("TRUSTED_PROXIES", "");
        try {
            new ClientAddress(proxies);
        } catch (RuntimeException e) {
            throw new SettingsException("TRUSTED_PROXIES must be a comma-separated list of IP addresses "
                    + "or CIDR ranges such as 10.0.0.0/8");
        }
        String store = in.oneOf("RATE_LIMIT_STORE", "memory", List.of("memory", "database"));
        if (store.equals("database") && !database.shared()) {
            throw new SettingsException("RATE_LIMIT_STORE=database needs DATABASE_URL to name a PostgreSQL database; "
                    + "use RATE_LIMIT_STORE=memory with the embedded H2 database");
        }
        return new EdgeSettings(origins, in.integer("RATE_LIMIT_PER_MINUTE", 100, 1, 10_000_000),
                in.integer("AUTH_RATE_LIMIT_PER_MINUTE", 20, 1, 10_000_000), proxies, store,
                in.bool("EDGE_FILTERS_ENABLED", true), in.integer("MAX_BODY_BYTES", 65_536, 1024, 16 * 1024 * 1024));
    }
}
