package dev.gatehouse.platform.config;

import dev.gatehouse.platform.validation.EmailAddress;
import dev.gatehouse.platform.validation.PasswordRule;
import dev.gatehouse.platform.web.ClientAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every setting Gatehouse reads, typed and validated once at boot. A bad value stops the boot with
 * one line that names the variable and what it accepts; nothing else in the code reads the
 * environment. The meaning and default of each setting is in {@code docs/configuration.md}.
 */
public final class Settings {

    /** Smallest HMAC key accepted: 256 bits, the HS256 minimum of RFC 7518. */
    public static final int MIN_SECRET_BYTES = 32;

    /** JWS algorithms access tokens can be signed with: HMAC under {@code SECRET_KEY}, or a key pair. */
    public static final List<String> ALGORITHMS = List.of("HS256", "HS384", "HS512", "RS256", "ES256", "EdDSA");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile Settings current;

    private final boolean production;
    private final String appName;
    private final String appVersion;
    private final boolean debug;
    private final DatabaseUrl database;
    private final int dbPoolSize;
    private final int dbMaxOverflow;
    private final byte[] secretKey;
    private final boolean ephemeralSecret;
    private final String jwtAlgorithm;
    private final Optional<String> jwtPrivateKeyPem;
    private final int jwtKeyRotationDays;
    private final int jwtKeyActivationDelaySeconds;
    private final int jwtKeyCheckSeconds;
    private final String publicBaseUrl;
    private final String jwtIssuer;
    private final int accessTokenMinutes;
    private final int refreshTokenDays;
    private final List<String> corsOrigins;
    private final int rateLimitPerMinute;
    private final int authRateLimitPerMinute;
    private final List<String> trustedProxies;
    private final String rateLimitStore;
    private final boolean edgeFiltersEnabled;
    private final int bcryptCost;
    private final int loginMaxFailures;
    private final int loginLockoutMinutes;
    private final int maxBodyBytes;
    private final boolean registrationEnabled;
    private final Optional<String> bootstrapAdminEmail;
    private final Optional<String> bootstrapAdminPassword;
    private final String logDir;

    // mail and account recovery (issue 15)
    private final Optional<String> smtpHost;
    private final int smtpPort;
    private final Optional<String> smtpUsername;
    private final Optional<String> smtpPassword;
    private final String smtpTls;
    private final String mailFrom;
    private final String passwordResetUrl;
    private final String emailVerificationUrl;
    private final int passwordResetTokenMinutes;
    private final int emailVerificationTokenHours;
    private final int passwordResetMaxPerHour;
    private final int passwordResetMinResponseMillis;
    private final int emailVerificationMaxPerHour;
    private final boolean emailVerificationRequired;
    private final int mailPollSeconds;
    private final int mailRetrySeconds;
    private final int mailMaxAttempts;

    // two-factor authentication (issue 16)
    private final Set<String> mfaRequiredRoles;

    private Settings(Function<String, Optional<String>> source) {
        Reader in = new Reader(source);
        String env = in.oneOf("ENVIRONMENT", "development", List.of("development", "production"));
        production = env.equals("production");
        appName = in.text("APP_NAME", "Gatehouse");
        appVersion = in.text("APP_VERSION", "1.0.0");
        debug = in.bool("DEBUG", false);
        if (production && debug) {
            throw new SettingsException("DEBUG=true is refused when ENVIRONMENT=production: unset DEBUG or set it to false");
        }
        database = DatabaseUrl.parse(source.apply("DATABASE_URL").orElse(null));
        dbPoolSize = in.integer("DB_POOL_SIZE", 10, 1, 500);
        dbMaxOverflow = in.integer("DB_MAX_OVERFLOW", 10, 0, 500);
        jwtAlgorithm = in.oneOf("JWT_ALGORITHM", "HS256", ALGORITHMS);
        jwtIssuer = in.text("JWT_ISSUER", "gatehouse");
        // signing keys and discovery (issue 14)
        jwtPrivateKeyPem = source.apply("JWT_PRIVATE_KEY");
        if (jwtPrivateKeyPem.isPresent() && jwtAlgorithm.startsWith("HS")) {
            throw new SettingsException("JWT_PRIVATE_KEY_FILE is set but JWT_ALGORITHM=" + jwtAlgorithm
                    + " signs with SECRET_KEY: set JWT_ALGORITHM to RS256, ES256 or EdDSA, or unset JWT_PRIVATE_KEY_FILE");
        }
        jwtKeyRotationDays = in.integer("JWT_KEY_ROTATION_DAYS", 90, 0, 3650);
        jwtKeyActivationDelaySeconds = in.integer("JWT_KEY_ACTIVATION_DELAY_SECONDS", 300, 1, 86_400);
        jwtKeyCheckSeconds = in.integer("JWT_KEY_CHECK_SECONDS", 30, 1, 3600);
        publicBaseUrl = baseUrl(in.text("PUBLIC_BASE_URL", "http://localhost:8080"));
        accessTokenMinutes = in.integer("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", 15, 1, 1440);
        refreshTokenDays = in.integer("JWT_REFRESH_TOKEN_EXPIRE_DAYS", 7, 1, 365);
        corsOrigins = in.list("CORS_ORIGINS", "http://localhost:3000");
        for (String origin : corsOrigins) {
            if (origin.equals("*") || !origin.matches("https?://[^/\\s]+")) {
                throw new SettingsException("CORS_ORIGINS must be a comma-separated list of origins such as "
                        + "https://app.example.com (scheme and host, no path, no wildcard)");
            }
        }
        rateLimitPerMinute = in.integer("RATE_LIMIT_PER_MINUTE", 100, 1, 10_000_000);
        authRateLimitPerMinute = in.integer("AUTH_RATE_LIMIT_PER_MINUTE", 20, 1, 10_000_000);
        trustedProxies = in.list("TRUSTED_PROXIES", "");
        try {
            new ClientAddress(trustedProxies);
        } catch (RuntimeException e) {
            throw new SettingsException("TRUSTED_PROXIES must be a comma-separated list of IP addresses "
                    + "or CIDR ranges such as 10.0.0.0/8");
        }
        rateLimitStore = in.oneOf("RATE_LIMIT_STORE", "memory", List.of("memory", "database"));
        if (rateLimitStore.equals("database") && database.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new SettingsException("RATE_LIMIT_STORE=database needs DATABASE_URL to name a PostgreSQL database; "
                    + "use RATE_LIMIT_STORE=memory with the embedded H2 database");
        }
        edgeFiltersEnabled = in.bool("EDGE_FILTERS_ENABLED", true);
        bcryptCost = in.integer("BCRYPT_COST", 12, 4, 16);
        if (production && bcryptCost < 10) {
            throw new SettingsException("BCRYPT_COST must be between 10 and 16 when ENVIRONMENT=production");
        }
        loginMaxFailures = in.integer("LOGIN_MAX_FAILURES", 5, 1, 1000);
        loginLockoutMinutes = in.integer("LOGIN_LOCKOUT_MINUTES", 15, 1, 1440);
        maxBodyBytes = in.integer("MAX_BODY_BYTES", 65_536, 1024, 16 * 1024 * 1024);
        registrationEnabled = in.bool("REGISTRATION_ENABLED", true);
        bootstrapAdminEmail = source.apply("BOOTSTRAP_ADMIN_EMAIL").map(EmailAddress::normalise);
        bootstrapAdminPassword = source.apply("BOOTSTRAP_ADMIN_PASSWORD");
        if (bootstrapAdminEmail.isPresent() != bootstrapAdminPassword.isPresent()) {
            throw new SettingsException("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together");
        }
        if (bootstrapAdminEmail.isPresent() && !EmailAddress.valid(bootstrapAdminEmail.get())) {
            throw new SettingsException("BOOTSTRAP_ADMIN_EMAIL must be an email address");
        }
        if (bootstrapAdminPassword.isPresent() && !PasswordRule.acceptable(bootstrapAdminPassword.get())) {
            throw new SettingsException("BOOTSTRAP_ADMIN_PASSWORD must be 8 to 72 UTF-8 bytes long");
        }
        logDir = in.text("LOG_DIR", "logs");

        int needed = jwtAlgorithm.startsWith("HS")
                ? Math.max(MIN_SECRET_BYTES, Integer.parseInt(jwtAlgorithm.substring(2)) / 8) : MIN_SECRET_BYTES;
        // mail and account recovery (issue 15)
        smtpHost = source.apply("SMTP_HOST");
        if (smtpHost.isPresent() && !smtpHost.get().matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new SettingsException("SMTP_HOST must be a host name or IP address such as smtp.example.com");
        }
        smtpPort = in.integer("SMTP_PORT", 587, 1, 65_535);
        smtpUsername = source.apply("SMTP_USERNAME");
        smtpPassword = source.apply("SMTP_PASSWORD");
        if (smtpPassword.isPresent() && smtpUsername.isEmpty()) {
            throw new SettingsException("SMTP_PASSWORD is set without SMTP_USERNAME: set both, or neither for no SMTP login");
        }
        smtpTls = in.oneOf("SMTP_TLS", "starttls", List.of("starttls", "tls", "none"));
        mailFrom = EmailAddress.normalise(in.text("MAIL_FROM", "gatehouse@localhost"));
        if (!EmailAddress.valid(mailFrom)) {
            throw new SettingsException("MAIL_FROM must be an email address such as no-reply@example.com (default gatehouse@localhost)");
        }
        passwordResetUrl = in.linkTemplate("PASSWORD_RESET_URL", "http://localhost:3000/reset-password?token={token}");
        emailVerificationUrl = in.linkTemplate("EMAIL_VERIFICATION_URL", "http://localhost:3000/verify-email?token={token}");
        passwordResetTokenMinutes = in.integer("PASSWORD_RESET_TOKEN_MINUTES", 30, 1, 1440);
        emailVerificationTokenHours = in.integer("EMAIL_VERIFICATION_TOKEN_HOURS", 48, 1, 720);
        passwordResetMaxPerHour = in.integer("PASSWORD_RESET_MAX_PER_HOUR", 3, 1, 1_000_000);
        passwordResetMinResponseMillis = in.integer("PASSWORD_RESET_MIN_RESPONSE_MS", 200, 0, 5000);
        emailVerificationMaxPerHour = in.integer("EMAIL_VERIFICATION_MAX_PER_HOUR", 3, 1, 1_000_000);
        emailVerificationRequired = in.bool("EMAIL_VERIFICATION_REQUIRED", false);
        mailPollSeconds = in.integer("MAIL_POLL_SECONDS", 5, 1, 3600);
        mailRetrySeconds = in.integer("MAIL_RETRY_SECONDS", 30, 1, 86_400);
        mailMaxAttempts = in.integer("MAIL_MAX_ATTEMPTS", 10, 1, 100);

        // two-factor authentication (issue 16)
        mfaRequiredRoles = in.list("MFA_REQUIRED_ROLES", "").stream().map(role -> role.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        if (!ROLES.containsAll(mfaRequiredRoles)) {
            throw new SettingsException("MFA_REQUIRED_ROLES must be a comma-separated list of roles among "
                    + String.join(", ", ROLES) + ", such as admin,manager (default empty: no role needs TOTP)");
        }

        Optional<String> key = source.apply("SECRET_KEY");
        if (key.isPresent()) {
            secretKey = key.get().getBytes(StandardCharsets.UTF_8);
            ephemeralSecret = false;
            if (secretKey.length < needed) {
                throw new SettingsException("SECRET_KEY is too short for " + jwtAlgorithm + ": set it to at least "
                        + needed + " random bytes (e.g. the output of `openssl rand -base64 48`)");
            }
        } else if (production) {
            throw new SettingsException("SECRET_KEY is not set and ENVIRONMENT=production: set SECRET_KEY (or "
                    + "SECRET_KEY_FILE) to at least " + needed + " random bytes (e.g. `openssl rand -base64 48`)");
        } else {
            secretKey = new byte[64];
            RANDOM.nextBytes(secretKey);
            ephemeralSecret = true;
        }
    }

    /**
     * Reads and validates settings from {@code source}.
     *
     * @throws SettingsException for the first bad value found
     */
    public static Settings from(Function<String, Optional<String>> source) {
        return new Settings(source);
    }

    /**
     * The settings of this deployment, read from {@link SettingsSource#system()} on first use and
     * kept for the life of the class loader, so that one ephemeral key serves the whole process.
     */
    public static Settings current() {
        Settings settings = current;
        if (settings == null) {
            synchronized (Settings.class) {
                settings = current;
                if (settings == null) {
                    settings = from(SettingsSource.system());
                    current = settings;
                }
            }
        }
        return settings;
    }

    /** True with {@code ENVIRONMENT=production}: stricter checks, no generated key. */
    public boolean production() { return production; }

    /** {@code APP_NAME}, shown by health and in logs. */
    public String appName() { return appName; }

    /** {@code APP_VERSION}, shown by health. */
    public String appVersion() { return appVersion; }

    /** {@code DEBUG}: more detail in the application log, never in responses. */
    public boolean debug() { return debug; }

    /** Where the data lives; see {@link DatabaseUrl}. */
    public DatabaseUrl database() { return database; }

    /** {@code DB_POOL_SIZE}: connections kept open. */
    public int dbPoolSize() { return dbPoolSize; }

    /** {@code DB_MAX_OVERFLOW}: connections opened beyond the pool under load. */
    public int dbMaxOverflow() { return dbMaxOverflow; }

    /** The key material for HMAC signing; a copy, so callers cannot change it. */
    public byte[] secretKey() { return Arrays.copyOf(secretKey, secretKey.length); }

    /** True when no key was configured and one was generated for this process only. */
    public boolean ephemeralSecret() { return ephemeralSecret; }

    /** {@code JWT_ALGORITHM}: the one algorithm tokens are signed and accepted with. */
    public String jwtAlgorithm() { return jwtAlgorithm; }

    /** True when tokens are signed with a key pair (RS256, ES256, EdDSA), false for HMAC under {@code SECRET_KEY}. */
    public boolean asymmetricSigning() { return !jwtAlgorithm.startsWith("HS"); }

    /** {@code JWT_PRIVATE_KEY(_FILE)}: a PEM (PKCS#8) key pinned as the only signing key; empty: keys made and rotated by Gatehouse. */
    public Optional<String> jwtPrivateKeyPem() { return jwtPrivateKeyPem; }

    /** {@code JWT_KEY_ROTATION_DAYS}: a new signing key every so many days; 0 never. */
    public int jwtKeyRotationDays() { return jwtKeyRotationDays; }

    /** {@code JWT_KEY_ACTIVATION_DELAY_SECONDS}: how long a new key is published before it signs (300; lower only in tests). */
    public int jwtKeyActivationDelaySeconds() { return jwtKeyActivationDelaySeconds; }

    /** {@code JWT_KEY_CHECK_SECONDS}: how often a node reloads the key set and checks whether rotation is due. */
    public int jwtKeyCheckSeconds() { return jwtKeyCheckSeconds; }

    /** {@code PUBLIC_BASE_URL}: the absolute URL clients reach Gatehouse at, without a trailing slash. */
    public String publicBaseUrl() { return publicBaseUrl; }

    /** {@code JWT_ISSUER}: the {@code iss} claim written and required. */
    public String jwtIssuer() { return jwtIssuer; }

    /** {@code JWT_ACCESS_TOKEN_EXPIRE_MINUTES}. */
    public int accessTokenMinutes() { return accessTokenMinutes; }

    /** {@code JWT_REFRESH_TOKEN_EXPIRE_DAYS}. */
    public int refreshTokenDays() { return refreshTokenDays; }

    /** {@code CORS_ORIGINS}: exact origins allowed to call the API from a browser. */
    public List<String> corsOrigins() { return corsOrigins; }

    /** {@code RATE_LIMIT_PER_MINUTE}: requests per client address per minute over {@code /api}. */
    public int rateLimitPerMinute() { return rateLimitPerMinute; }

    /** {@code AUTH_RATE_LIMIT_PER_MINUTE}: the stricter budget of the credential endpoints. */
    public int authRateLimitPerMinute() { return authRateLimitPerMinute; }

    /** {@code TRUSTED_PROXIES}: peers whose {@code X-Forwarded-For} is believed; empty by default. */
    public List<String> trustedProxies() { return trustedProxies; }

    /** {@code RATE_LIMIT_STORE}: {@code memory} (this process) or {@code database} (shared by all nodes). */
    public String rateLimitStore() { return rateLimitStore; }

    /** {@code EDGE_FILTERS_ENABLED}: false switches CORS and rate limiting off, for benchmarks only. */
    public boolean edgeFiltersEnabled() { return edgeFiltersEnabled; }

    /** {@code BCRYPT_COST}: log2 of the bcrypt work factor for new hashes. */
    public int bcryptCost() { return bcryptCost; }

    /** {@code LOGIN_MAX_FAILURES}: failures per email within the window before lockout. */
    public int loginMaxFailures() { return loginMaxFailures; }

    /** {@code LOGIN_LOCKOUT_MINUTES}: length of the fixed throttle window. */
    public int loginLockoutMinutes() { return loginLockoutMinutes; }

    /** {@code MAX_BODY_BYTES}: the largest request body accepted, inclusive. */
    public int maxBodyBytes() { return maxBodyBytes; }

    /** {@code REGISTRATION_ENABLED}: whether anyone may register. */
    public boolean registrationEnabled() { return registrationEnabled; }

    /** {@code BOOTSTRAP_ADMIN_EMAIL}, lower-cased. */
    public Optional<String> bootstrapAdminEmail() { return bootstrapAdminEmail; }

    /** {@code BOOTSTRAP_ADMIN_PASSWORD}; used once at boot, never logged. */
    public Optional<String> bootstrapAdminPassword() { return bootstrapAdminPassword; }

    /** {@code LOG_DIR}: where {@code info.log} is written. */
    public String logDir() { return logDir; }

    private static String baseUrl(String value) {
        String url = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            java.net.URI uri = new java.net.URI(url);
            if ((uri.getScheme().equals("http") || uri.getScheme().equals("https")) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null) {
                return url;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // reported below
        }
        throw new SettingsException("PUBLIC_BASE_URL must be the absolute http(s) URL clients reach Gatehouse at, such as "
                + "https://auth.example.com (no query, no credentials; default http://localhost:8080)");
    }
    // mail and account recovery (issue 15)

    /** {@code SMTP_HOST}; empty means mails wait in the outbox until a host is configured. */
    public Optional<String> smtpHost() { return smtpHost; }

    /** {@code SMTP_PORT}. */
    public int smtpPort() { return smtpPort; }

    /** {@code SMTP_USERNAME}; empty means no SMTP login. */
    public Optional<String> smtpUsername() { return smtpUsername; }

    /** {@code SMTP_PASSWORD}; handed to the mail session only, never logged. */
    public Optional<String> smtpPassword() { return smtpPassword; }

    /** {@code SMTP_TLS}: {@code starttls} (required upgrade), {@code tls} (TLS from the first byte) or {@code none}. */
    public String smtpTls() { return smtpTls; }

    /** {@code MAIL_FROM}: the sender address, lower-cased. */
    public String mailFrom() { return mailFrom; }

    /** {@code PASSWORD_RESET_URL}: an absolute http(s) URL holding {@code {token}}. */
    public String passwordResetUrl() { return passwordResetUrl; }

    /** {@code EMAIL_VERIFICATION_URL}: an absolute http(s) URL holding {@code {token}}. */
    public String emailVerificationUrl() { return emailVerificationUrl; }

    /** {@code PASSWORD_RESET_TOKEN_MINUTES}: how long a reset link works. */
    public int passwordResetTokenMinutes() { return passwordResetTokenMinutes; }

    /** {@code EMAIL_VERIFICATION_TOKEN_HOURS}: how long a verification link works. */
    public int emailVerificationTokenHours() { return emailVerificationTokenHours; }

    /** {@code PASSWORD_RESET_MAX_PER_HOUR}: reset mails per email per hour; more requests send nothing. */
    public int passwordResetMaxPerHour() { return passwordResetMaxPerHour; }

    /**
     * {@code PASSWORD_RESET_MIN_RESPONSE_MS}: a reset request answers no sooner than this after it
     * started, whichever path it took, so its time tells nothing about the email (0 = off).
     */
    public int passwordResetMinResponseMillis() { return passwordResetMinResponseMillis; }

    /** {@code EMAIL_VERIFICATION_MAX_PER_HOUR}: verification mails per account per hour; more are refused with 429. */
    public int emailVerificationMaxPerHour() { return emailVerificationMaxPerHour; }

    /** {@code EMAIL_VERIFICATION_REQUIRED}: refuse logins of unverified accounts with 403. */
    public boolean emailVerificationRequired() { return emailVerificationRequired; }

    /** {@code MAIL_POLL_SECONDS}: how often the sender looks for due mails. */
    public int mailPollSeconds() { return mailPollSeconds; }

    /** {@code MAIL_RETRY_SECONDS}: the first retry delay; each further attempt waits twice as long (at most an hour). */
    public int mailRetrySeconds() { return mailRetrySeconds; }

    /** {@code MAIL_MAX_ATTEMPTS}: delivery attempts before a mail is marked failed. */
    public int mailMaxAttempts() { return mailMaxAttempts; }

    // two-factor authentication (issue 16)

    /** The wire names of the roles (platform knows no {@code access.Role}), for settings that name roles. */
    public static final List<String> ROLES = List.of("admin", "manager", "user", "guest");

    /**
     * {@code MFA_REQUIRED_ROLES}: the wire names of the roles (exact roles, not "and above") whose
     * users must turn TOTP on: until they do, their tokens open only the enrolment routes, {@code /me},
     * logout and refresh. Empty by default.
     */
    public Set<String> mfaRequiredRoles() { return mfaRequiredRoles; }

    /** Typed reads with one-line errors. */
    private static final class Reader {
        private final Function<String, Optional<String>> source;

        Reader(Function<String, Optional<String>> source) {
            this.source = source;
        }

        String text(String name, String fallback) {
            return source.apply(name).orElse(fallback);
        }

        int integer(String name, int fallback, int min, int max) {
            Optional<String> value = source.apply(name);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.get());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the message below
            }
            throw new SettingsException(name + " must be a whole number from " + min + " to " + max
                    + " (default " + fallback + ")");
        }

        boolean bool(String name, boolean fallback) {
            Optional<String> value = source.apply(name);
            if (value.isEmpty()) {
                return fallback;
            }
            switch (value.get().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on": return true;
                case "false", "0", "no", "off": return false;
                default:
                    throw new SettingsException(name + " must be true or false (default " + fallback + ")");
            }
        }

        String oneOf(String name, String fallback, List<String> accepted) {
            Optional<String> value = source.apply(name);
            if (value.isEmpty()) {
                return fallback;
            }
            for (String candidate : accepted) {
                if (candidate.equalsIgnoreCase(value.get())) {
                    return candidate;
                }
            }
            throw new SettingsException(name + " must be one of " + String.join(", ", accepted)
                    + " (default " + fallback + ")");
        }

        /** An absolute http(s) URL with a host, holding the placeholder {@code {token}}. */
        String linkTemplate(String name, String fallback) {
            String value = text(name, fallback);
            boolean ok = value.contains("{token}") && !value.matches(".*\\s.*");
            if (ok) {
                try {
                    URI uri = new URI(value.replace("{token}", "t"));
                    ok = ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                            && uri.getHost() != null;
                } catch (URISyntaxException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new SettingsException(name + " must be an absolute http(s) URL holding {token}, such as "
                        + "https://app.example.com/reset?token={token} (default " + fallback + ")");
            }
            return value;
        }

        List<String> list(String name, String fallback) {
            Set<String> seen = Stream.of(text(name, fallback).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
            return List.copyOf(seen);
        }
    }
}
