package dev.gatehouse.platform.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings are read with documented defaults, and every bad value stops the boot with one line naming the variable. */
class SettingsTest {

    /** 48 ASCII bytes: long enough for HS256 and HS384, too short for HS512. */
    private static final String KEY_48 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL";
    /** 64 ASCII bytes: long enough for every algorithm. */
    private static final String KEY_64 = KEY_48 + "MNOPQRSTUVWXYZ!?";

    private static Settings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Settings.from(name -> Optional.ofNullable(values.get(name)));
    }

    private static String refusal(String... keyValues) {
        SettingsException e = assertThrows(SettingsException.class, () -> settings(keyValues));
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"),
                "the message is one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void everySettingHasItsDocumentedDefault() {
        Settings s = settings();

        assertFalse(s.server().production());
        assertEquals("Gatehouse", s.server().appName());
        assertEquals("1.0.0", s.server().appVersion());
        assertFalse(s.server().debug());
        assertEquals(DatabaseUrl.embeddedDefault(), s.database().url());
        assertEquals(10, s.database().poolSize());
        assertEquals(10, s.database().maxOverflow());
        assertEquals("HS256", s.tokens().jwtAlgorithm());
        assertEquals("gatehouse", s.tokens().jwtIssuer());
        assertEquals(15, s.tokens().accessTokenMinutes());
        assertEquals(7, s.tokens().refreshTokenDays());
        assertEquals(List.of("http://localhost:3000"), s.edge().corsOrigins());
        assertEquals(100, s.edge().rateLimitPerMinute());
        assertEquals(20, s.edge().authRateLimitPerMinute());
        assertEquals(List.of(), s.edge().trustedProxies());
        assertEquals(12, s.accounts().bcryptCost());
        assertEquals(5, s.accounts().loginMaxFailures());
        assertEquals(15, s.accounts().loginLockoutMinutes());
        assertEquals(65_536, s.edge().maxBodyBytes());
        assertTrue(s.accounts().registrationEnabled());
        assertEquals(Optional.empty(), s.accounts().bootstrapAdminEmail());
        assertEquals(Optional.empty(), s.accounts().bootstrapAdminPassword());
        assertEquals("logs", s.server().logDir());
    }

    @Test
    void theDefaultDatabaseIsTheEmbeddedH2FileUnderData() {
        DatabaseUrl database = settings().database().url();

        assertEquals(DatabaseUrl.Kind.H2, database.kind());
        String expectedFile = Path.of("data", "gatehouse").toAbsolutePath().toString();
        assertTrue(database.jdbcUrl().startsWith("jdbc:h2:file:" + expectedFile + ";"), database.jdbcUrl());
    }

    @Test
    void configuredValuesAreTyped() {
        Settings s = settings(
                "ENVIRONMENT", "production", "SECRET_KEY", KEY_64, "APP_NAME", "Gate", "APP_VERSION", "2.3.4",
                "DATABASE_URL", "postgresql://app:pw@db.internal:5433/gate", "DB_POOL_SIZE", "7",
                "DB_MAX_OVERFLOW", "0", "JWT_ALGORITHM", "hs512", "JWT_ISSUER", "https://id.example.com",
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "5", "JWT_REFRESH_TOKEN_EXPIRE_DAYS", "30",
                "CORS_ORIGINS", "https://a.example.com, https://b.example.com:8443,https://a.example.com",
                "RATE_LIMIT_PER_MINUTE", "250", "AUTH_RATE_LIMIT_PER_MINUTE", "9",
                "TRUSTED_PROXIES", "10.0.0.0/8, ::1", "BCRYPT_COST", "11", "LOGIN_MAX_FAILURES", "3",
                "LOGIN_LOCKOUT_MINUTES", "30", "MAX_BODY_BYTES", "2048", "REGISTRATION_ENABLED", "off",
                "BOOTSTRAP_ADMIN_EMAIL", "Boss@Example.COM", "BOOTSTRAP_ADMIN_PASSWORD", "boss-password",
                "LOG_DIR", "/var/log/gate", "DEBUG", "false");

        assertTrue(s.server().production());
        assertEquals("Gate", s.server().appName());
        assertEquals("2.3.4", s.server().appVersion());
        assertEquals("jdbc:postgresql://db.internal:5433/gate", s.database().url().jdbcUrl());
        assertEquals(7, s.database().poolSize());
        assertEquals(0, s.database().maxOverflow());
        assertEquals("HS512", s.tokens().jwtAlgorithm());
        assertEquals("https://id.example.com", s.tokens().jwtIssuer());
        assertEquals(5, s.tokens().accessTokenMinutes());
        assertEquals(30, s.tokens().refreshTokenDays());
        assertEquals(List.of("https://a.example.com", "https://b.example.com:8443"), s.edge().corsOrigins());
        assertEquals(250, s.edge().rateLimitPerMinute());
        assertEquals(9, s.edge().authRateLimitPerMinute());
        assertEquals(List.of("10.0.0.0/8", "::1"), s.edge().trustedProxies());
        assertEquals(11, s.accounts().bcryptCost());
        assertEquals(3, s.accounts().loginMaxFailures());
        assertEquals(30, s.accounts().loginLockoutMinutes());
        assertEquals(2048, s.edge().maxBodyBytes());
        assertFalse(s.accounts().registrationEnabled());
        assertEquals(Optional.of("boss@example.com"), s.accounts().bootstrapAdminEmail());
        assertEquals(Optional.of("boss-password"), s.accounts().bootstrapAdminPassword());
        assertEquals("/var/log/gate", s.server().logDir());
        assertArrayEquals(KEY_64.getBytes(StandardCharsets.UTF_8), s.tokens().secretKey());
        assertFalse(s.tokens().ephemeralSecret());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "DB_POOL_SIZE|abc|DB_POOL_SIZE must be a whole number from 1 to 500 (default 10)",
        "DB_POOL_SIZE|0|DB_POOL_SIZE must be a whole number from 1 to 500 (default 10)",
        "DB_MAX_OVERFLOW|-1|DB_MAX_OVERFLOW must be a whole number from 0 to 500 (default 10)",
        "JWT_ALGORITHM|none|JWT_ALGORITHM must be one of HS256, HS384, HS512, RS256, ES256, EdDSA (default HS256)",
        "JWT_ALGORITHM|PS256|JWT_ALGORITHM must be one of HS256, HS384, HS512, RS256, ES256, EdDSA (default HS256)",
        "JWT_ACCESS_TOKEN_EXPIRE_MINUTES|0|JWT_ACCESS_TOKEN_EXPIRE_MINUTES must be a whole number from 1 to 1440 (default 15)",
        "JWT_REFRESH_TOKEN_EXPIRE_DAYS|1.5|JWT_REFRESH_TOKEN_EXPIRE_DAYS must be a whole number from 1 to 365 (default 7)",
        "BCRYPT_COST|40|BCRYPT_COST must be a whole number from 4 to 16 (default 12)",
        "BCRYPT_COST|3|BCRYPT_COST must be a whole number from 4 to 16 (default 12)",
        "RATE_LIMIT_PER_MINUTE|0|RATE_LIMIT_PER_MINUTE must be a whole number from 1 to 10000000 (default 100)",
        "AUTH_RATE_LIMIT_PER_MINUTE|many|AUTH_RATE_LIMIT_PER_MINUTE must be a whole number from 1 to 10000000 (default 20)",
        "LOGIN_MAX_FAILURES|0|LOGIN_MAX_FAILURES must be a whole number from 1 to 1000 (default 5)",
        "LOGIN_LOCKOUT_MINUTES|1441|LOGIN_LOCKOUT_MINUTES must be a whole number from 1 to 1440 (default 15)",
        "MAX_BODY_BYTES|1023|MAX_BODY_BYTES must be a whole number from 1024 to 16777216 (default 65536)",
        "DEBUG|maybe|DEBUG must be true or false (default false)",
        "REGISTRATION_ENABLED|sometimes|REGISTRATION_ENABLED must be true or false (default true)",
        "ENVIRONMENT|staging|ENVIRONMENT must be one of development, production (default development)",
        "CORS_ORIGINS|*|CORS_ORIGINS must be a comma-separated list of origins such as https://app.example.com (scheme and host, no path, no wildcard)",
        "CORS_ORIGINS|https://app.example.com/path|CORS_ORIGINS must be a comma-separated list of origins such as https://app.example.com (scheme and host, no path, no wildcard)",
        "TRUSTED_PROXIES|proxy.internal|TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges such as 10.0.0.0/8",
        "TRUSTED_PROXIES|10.0.0.0/40|TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges such as 10.0.0.0/8",
        "RATE_LIMIT_STORE|redis|RATE_LIMIT_STORE must be one of memory, database (default memory)",
        "EDGE_FILTERS_ENABLED|perhaps|EDGE_FILTERS_ENABLED must be true or false (default true)",
    })
    void aBadValueStopsWithOneLineNamingTheVariableAndWhatItAccepts(String name, String value, String message) {
        assertEquals(message, refusal(name, value));
    }

    @Test
    void aWildcardAmongOtherCorsOriginsIsRefusedToo() {
        String message = refusal("CORS_ORIGINS", "https://app.example.com, *");

        assertTrue(message.startsWith("CORS_ORIGINS must be"), message);
    }

    @Test
    void aMalformedDatabaseUrlIsRefusedWithoutRepeatingIt() {
        String message = refusal("DATABASE_URL", "mysql://admin:hunter2secret@db/gate");

        assertTrue(message.startsWith("DATABASE_URL is not a usable database URL"), message);
        assertFalse(message.contains("hunter2secret"), message);
    }

    @Test
    void productionRefusesAMissingSecretKeyAndSaysWhatToSet() {
        String message = refusal("ENVIRONMENT", "production");

        assertEquals("SECRET_KEY is not set and ENVIRONMENT=production: set SECRET_KEY (or SECRET_KEY_FILE) "
                + "to at least 32 random bytes (e.g. `openssl rand -base64 48`)", message);
    }

    @Test
    void productionRefusesASecretKeyShorterThan32BytesWithoutShowingIt() {
        String secret = "short-but-secret-31-bytes-value";
        assertEquals(31, secret.length());

        String message = refusal("ENVIRONMENT", "production", "SECRET_KEY", secret);

        assertEquals("SECRET_KEY is too short for HS256: set it to at least 32 random bytes "
                + "(e.g. the output of `openssl rand -base64 48`)", message);
        assertFalse(message.contains(secret), message);
    }

    @Test
    void productionAcceptsASecretKeyOfExactly32Bytes() {
        String secret = KEY_48.substring(0, 32);

        Settings s = settings("ENVIRONMENT", "production", "SECRET_KEY", secret);

        assertArrayEquals(secret.getBytes(StandardCharsets.UTF_8), s.tokens().secretKey());
    }

    @Test
    void theSecretKeyLengthIsCountedInUtf8Bytes() {
        String sixteenCharsThirtyTwoBytes = "éééééééééééééééé";

        Settings s = settings("ENVIRONMENT", "production", "SECRET_KEY", sixteenCharsThirtyTwoBytes);

        assertEquals(32, s.tokens().secretKey().length);
    }

    @Test
    void hs512NeedsASecretKeyOfAtLeast64Bytes() {
        String message = refusal("ENVIRONMENT", "production", "JWT_ALGORITHM", "HS512", "SECRET_KEY", KEY_48);

        assertEquals("SECRET_KEY is too short for HS512: set it to at least 64 random bytes "
                + "(e.g. the output of `openssl rand -base64 48`)", message);
        assertFalse(message.contains(KEY_48), message);
        assertEquals(64, settings("ENVIRONMENT", "production", "JWT_ALGORITHM", "HS512", "SECRET_KEY", KEY_64)
                .tokens().secretKey().length);
    }

    @Test
    void hs512WithoutASecretKeyInProductionAsksFor64Bytes() {
        String message = refusal("ENVIRONMENT", "production", "JWT_ALGORITHM", "HS512");

        assertTrue(message.startsWith("SECRET_KEY is not set and ENVIRONMENT=production: set SECRET_KEY (or "
                + "SECRET_KEY_FILE) to at least 64 random bytes"), message);
    }

    @Test
    void aShortSecretKeyIsRefusedInDevelopmentToo() {
        String secret = "dev-secret-too-short";

        String message = refusal("SECRET_KEY", secret);

        assertTrue(message.startsWith("SECRET_KEY is too short for HS256"), message);
        assertFalse(message.contains(secret), message);
    }

    @Test
    void developmentWithoutASecretKeyGeneratesAnEphemeral64ByteKey() {
        Settings first = settings();
        Settings second = settings();

        assertTrue(first.tokens().ephemeralSecret());
        assertEquals(64, first.tokens().secretKey().length);
        assertFalse(Arrays.equals(new byte[64], first.tokens().secretKey()), "the key is random, not zeros");
        assertNotEquals(Arrays.toString(first.tokens().secretKey()), Arrays.toString(second.tokens().secretKey()),
                "each process gets its own key");
    }

    @Test
    void theSecretKeyAccessorHandsOutACopy() {
        Settings s = settings("SECRET_KEY", KEY_48);

        s.tokens().secretKey()[0] = 'X';

        assertEquals('0', s.tokens().secretKey()[0]);
    }

    @Test
    void productionRefusesDebug() {
        String message = refusal("ENVIRONMENT", "production", "SECRET_KEY", KEY_64, "DEBUG", "true");

        assertEquals("DEBUG=true is refused when ENVIRONMENT=production: unset DEBUG or set it to false", message);
    }

    @Test
    void productionRefusesABcryptCostBelow10() {
        String message = refusal("ENVIRONMENT", "production", "SECRET_KEY", KEY_64, "BCRYPT_COST", "9");

        assertEquals("BCRYPT_COST must be between 10 and 16 when ENVIRONMENT=production", message);
    }

    @Test
    void booleansAcceptTheUsualSpellings() {
        for (String yes : List.of("true", "TRUE", "1", "yes", "on")) {
            assertTrue(settings("DEBUG", yes).server().debug(), yes);
        }
        for (String no : List.of("false", "False", "0", "no", "off")) {
            assertFalse(settings("REGISTRATION_ENABLED", no).accounts().registrationEnabled(), no);
        }
    }

    @Test
    void aBootstrapAdminEmailWithoutPasswordIsRefused() {
        assertEquals("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together",
                refusal("BOOTSTRAP_ADMIN_EMAIL", "admin@example.com"));
    }

    @Test
    void aBootstrapAdminPasswordWithoutEmailIsRefusedWithoutShowingIt() {
        String message = refusal("BOOTSTRAP_ADMIN_PASSWORD", "lonely-admin-password");

        assertEquals("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together", message);
    }

    @Test
    void aBootstrapAdminEmailMustBeAnAddress() {
        assertEquals("BOOTSTRAP_ADMIN_EMAIL must be an email address",
                refusal("BOOTSTRAP_ADMIN_EMAIL", "not-an-address", "BOOTSTRAP_ADMIN_PASSWORD", "long-enough"));
    }

    @Test
    void aBootstrapAdminPasswordOutside8To72BytesIsRefusedWithoutShowingIt() {
        String tooShort = "seven77";
        String tooLong = "é".repeat(37);

        String shortMessage = refusal("BOOTSTRAP_ADMIN_EMAIL", "a@b.c", "BOOTSTRAP_ADMIN_PASSWORD", tooShort);
        String longMessage = refusal("BOOTSTRAP_ADMIN_EMAIL", "a@b.c", "BOOTSTRAP_ADMIN_PASSWORD", tooLong);

        assertEquals("BOOTSTRAP_ADMIN_PASSWORD must be 8 to 72 UTF-8 bytes long", shortMessage);
        assertEquals("BOOTSTRAP_ADMIN_PASSWORD must be 8 to 72 UTF-8 bytes long", longMessage);
        assertFalse(shortMessage.contains(tooShort));
    }

    @Test
    void signingKeySettingsHaveTheirDocumentedDefaults() {
        Settings s = settings();

        assertFalse(s.tokens().asymmetricSigning());
        assertTrue(s.tokens().jwtPrivateKeyPem().isEmpty());
        assertEquals(90, s.tokens().jwtKeyRotationDays());
        assertEquals(300, s.tokens().jwtKeyActivationDelaySeconds());
        assertEquals(30, s.tokens().jwtKeyCheckSeconds());
        assertEquals(Optional.empty(), s.server().publicBaseUrl());
        assertEquals("gatehouse", s.tokens().jwtIssuer());
        assertEquals("gatehouse", s.tokens().jwtAudience());
    }

    @Test
    void theIssuerAndAudienceFollowThePublicBaseUrlUnlessSet() {
        Settings s = settings("PUBLIC_BASE_URL", "https://auth.example.com/");

        assertEquals("https://auth.example.com", s.tokens().jwtIssuer());
        assertEquals("https://auth.example.com", s.tokens().jwtAudience());
        assertEquals("https://api.example.com", settings("PUBLIC_BASE_URL", "https://auth.example.com",
                "JWT_AUDIENCE", "https://api.example.com").tokens().jwtAudience());
        assertEquals("gate", settings("PUBLIC_BASE_URL", "https://auth.example.com", "JWT_ISSUER", "gate").tokens().jwtAudience());
    }

    @Test
    void productionWithAKeyPairNeedsThePublicBaseUrl() {
        String message = refusal("ENVIRONMENT", "production", "SECRET_KEY", KEY_48, "JWT_ALGORITHM", "ES256");

        assertTrue(message.startsWith("PUBLIC_BASE_URL is not set and ENVIRONMENT=production with JWT_ALGORITHM=ES256"), message);
        assertEquals("ES256", settings("ENVIRONMENT", "production", "SECRET_KEY", KEY_48, "JWT_ALGORITHM", "ES256",
                "PUBLIC_BASE_URL", "https://auth.example.com").tokens().jwtAlgorithm());
    }

    @Test
    void productionMailingWithoutAnyBaseForItsLinksIsRefused() {
        String message = refusal("ENVIRONMENT", "production", "SECRET_KEY", KEY_48, "SMTP_HOST", "smtp.example.com");

        assertTrue(message.startsWith("PUBLIC_BASE_URL is not set and ENVIRONMENT=production with SMTP_HOST"), message);
        assertEquals("https://auth.example.com/account/reset-password?token={token}", settings("ENVIRONMENT", "production",
                "SECRET_KEY", KEY_48, "SMTP_HOST", "smtp.example.com", "PUBLIC_BASE_URL", "https://auth.example.com")
                .mail().passwordResetUrl());
    }

    @Test
    void keyPairAlgorithmsAreAcceptedWithAnyKeyOfThirtyTwoBytes() {
        for (String algorithm : List.of("RS256", "ES256", "EdDSA")) {
            Settings s = settings("JWT_ALGORITHM", algorithm, "SECRET_KEY", KEY_48.substring(0, 32));
            assertEquals(algorithm, s.tokens().jwtAlgorithm());
            assertTrue(s.tokens().asymmetricSigning());
        }
        assertEquals("EdDSA", settings("JWT_ALGORITHM", "eddsa").tokens().jwtAlgorithm());
    }

    @Test
    void aPinnedKeyWithAnHmacAlgorithmIsRefused() {
        // A PEM header alone, spelt in two parts so no scanner mistakes this test for a committed key.
        String message = refusal("JWT_PRIVATE_KEY", "-----BEGIN " + "PRIVATE KEY-----");

        assertTrue(message.startsWith("JWT_PRIVATE_KEY_FILE is set but JWT_ALGORITHM=HS256"), message);
        assertFalse(message.contains("BEGIN"), "never repeats the key: " + message);
    }

    @Test
    void thePublicBaseUrlMustBeAnAbsoluteHttpUrlAndLosesItsTrailingSlash() {
        assertEquals("https://auth.example.com", settings("PUBLIC_BASE_URL", "https://auth.example.com/").server().publicBaseUrl().orElseThrow());
        assertEquals("https://example.com/auth", settings("PUBLIC_BASE_URL", "https://example.com/auth").server().publicBaseUrl().orElseThrow());
        for (String bad : List.of("auth.example.com", "ftp://x.test", "https://x.test/?a=b", "https://u:p@x.test", "http://")) {
            assertTrue(refusal("PUBLIC_BASE_URL", bad).startsWith("PUBLIC_BASE_URL must be"), bad);
        }
    }

    @Test
    void rotationSettingsAreBounded() {
        assertEquals(0, settings("JWT_KEY_ROTATION_DAYS", "0").tokens().jwtKeyRotationDays());
        assertTrue(refusal("JWT_KEY_ROTATION_DAYS", "-1").startsWith("JWT_KEY_ROTATION_DAYS must be"));
        assertTrue(refusal("JWT_KEY_ACTIVATION_DELAY_SECONDS", "0").startsWith("JWT_KEY_ACTIVATION_DELAY_SECONDS must be"));
        assertTrue(refusal("JWT_KEY_CHECK_SECONDS", "0").startsWith("JWT_KEY_CHECK_SECONDS must be"));
    }

    @Test
    void mailAndRecoverySettingsHaveTheirDocumentedDefaults() {
        Settings s = settings();

        assertEquals(Optional.empty(), s.mail().smtpHost());
        assertEquals(587, s.mail().smtpPort());
        assertEquals(Optional.empty(), s.mail().smtpUsername());
        assertEquals(Optional.empty(), s.mail().smtpPassword());
        assertEquals("starttls", s.mail().smtpTls());
        assertEquals("gatehouse@localhost", s.mail().mailFrom());
        assertEquals("http://localhost:8080/account/reset-password?token={token}", s.mail().passwordResetUrl());
        assertEquals("http://localhost:8080/account/verify-email?token={token}", s.mail().emailVerificationUrl());
        assertEquals(30, s.mail().passwordResetTokenMinutes());
        assertEquals(48, s.mail().emailVerificationTokenHours());
        assertEquals(3, s.mail().passwordResetMaxPerHour());
        assertEquals(200, s.mail().passwordResetMinResponseMillis());
        assertEquals(3, s.mail().emailVerificationMaxPerHour());
        assertFalse(s.accounts().emailVerificationRequired());
        assertEquals(5, s.mail().mailPollSeconds());
        assertEquals(30, s.mail().mailRetrySeconds());
        assertEquals(10, s.mail().mailMaxAttempts());
    }

    @Test
    void configuredMailAndRecoverySettingsAreTyped() {
        Settings s = settings("SMTP_HOST", "smtp.example.com", "SMTP_PORT", "465", "SMTP_USERNAME", "mailer",
                "SMTP_PASSWORD", "pw", "SMTP_TLS", "TLS", "MAIL_FROM", "No-Reply@Example.com",
                "PASSWORD_RESET_URL", "https://app.example.com/reset#{token}",
                "EMAIL_VERIFICATION_URL", "https://app.example.com:8443/verify?t={token}&lang=en",
                "PASSWORD_RESET_TOKEN_MINUTES", "15", "EMAIL_VERIFICATION_TOKEN_HOURS", "72",
                "PASSWORD_RESET_MAX_PER_HOUR", "5", "EMAIL_VERIFICATION_MAX_PER_HOUR", "2", "PASSWORD_RESET_MIN_RESPONSE_MS", "0",
                "EMAIL_VERIFICATION_REQUIRED", "yes", "MAIL_POLL_SECONDS", "2", "MAIL_RETRY_SECONDS", "60",
                "MAIL_MAX_ATTEMPTS", "4");

        assertEquals(Optional.of("smtp.example.com"), s.mail().smtpHost());
        assertEquals(465, s.mail().smtpPort());
        assertEquals(Optional.of("mailer"), s.mail().smtpUsername());
        assertEquals(Optional.of("pw"), s.mail().smtpPassword());
        assertEquals("tls", s.mail().smtpTls());
        assertEquals("no-reply@example.com", s.mail().mailFrom());
        assertEquals("https://app.example.com/reset#{token}", s.mail().passwordResetUrl());
        assertEquals("https://app.example.com:8443/verify?t={token}&lang=en", s.mail().emailVerificationUrl());
        assertEquals(15, s.mail().passwordResetTokenMinutes());
        assertEquals(72, s.mail().emailVerificationTokenHours());
        assertEquals(5, s.mail().passwordResetMaxPerHour());
        assertEquals(0, s.mail().passwordResetMinResponseMillis());
        assertEquals(2, s.mail().emailVerificationMaxPerHour());
        assertTrue(s.accounts().emailVerificationRequired());
        assertEquals(2, s.mail().mailPollSeconds());
        assertEquals(60, s.mail().mailRetrySeconds());
        assertEquals(4, s.mail().mailMaxAttempts());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PASSWORD_RESET_URL | https://app.example.com/reset",
        "PASSWORD_RESET_URL | /reset?token={token}",
        "PASSWORD_RESET_URL | ftp://app.example.com/?token={token}",
        "PASSWORD_RESET_URL | javascript:alert({token})",
        "EMAIL_VERIFICATION_URL | https://app.example.com/verify?token={token} x",
        "EMAIL_VERIFICATION_URL | https:///verify?token={token}",
    })
    void aLinkTemplateMustBeAnAbsoluteHttpUrlHoldingTheToken(String name, String value) {
        String message = refusal(name, value);

        assertTrue(message.startsWith(name + " must be an absolute http(s) URL holding {token}"), message);
    }

    @Test
    void badMailSettingsStopTheBootNamingTheVariable() {
        assertEquals("SMTP_TLS must be one of starttls, tls, none (default starttls)", refusal("SMTP_TLS", "ssl"));
        assertEquals("SMTP_PORT must be a whole number from 1 to 65535 (default 587)", refusal("SMTP_PORT", "0"));
        assertTrue(refusal("MAIL_FROM", "not an address").startsWith("MAIL_FROM must be an email address"));
        assertTrue(refusal("SMTP_HOST", "smtp.example.com; rm").startsWith("SMTP_HOST must be a host name"));
        assertTrue(refusal("PASSWORD_RESET_MAX_PER_HOUR", "0").startsWith("PASSWORD_RESET_MAX_PER_HOUR must be"));
        assertTrue(refusal("MAIL_MAX_ATTEMPTS", "101").startsWith("MAIL_MAX_ATTEMPTS must be"));
        assertTrue(refusal("PASSWORD_RESET_MIN_RESPONSE_MS", "-1").startsWith("PASSWORD_RESET_MIN_RESPONSE_MS must be"));
        assertTrue(refusal("EMAIL_VERIFICATION_REQUIRED", "maybe").startsWith("EMAIL_VERIFICATION_REQUIRED must be true or false"));
    }

    @Test
    void anSmtpPasswordWithoutAUserIsRefusedWithoutShowingIt() {
        String message = refusal("SMTP_PASSWORD", "hunter2-secret");

        assertEquals("SMTP_PASSWORD is set without SMTP_USERNAME: set both, or neither for no SMTP login", message);
        assertFalse(message.contains("hunter2-secret"));
    }

    @Test
    void noRoleNeedsASecondFactorByDefault() {
        assertEquals(java.util.Set.of(), settings().accounts().mfaRequiredRoles());
    }

    @Test
    void mfaRequiredRolesAreExactRolesReadCaseInsensitivelyWithoutRepeats() {
        assertEquals(java.util.Set.of("admin", "manager"),
                settings("MFA_REQUIRED_ROLES", " Admin, manager ,ADMIN,").accounts().mfaRequiredRoles());
        assertEquals(java.util.Set.of("guest"), settings("MFA_REQUIRED_ROLES", "guest").accounts().mfaRequiredRoles());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"superuser", "admin,root", "admins", "*"})
    void anUnknownRoleInMfaRequiredRolesStopsTheBoot(String value) {
        assertEquals("MFA_REQUIRED_ROLES must be a comma-separated list of roles among admin, manager, user, guest, "
                + "such as admin,manager (default empty: no role needs TOTP)", refusal("MFA_REQUIRED_ROLES", value));
    }
}
