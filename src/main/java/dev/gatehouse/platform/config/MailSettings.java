package dev.gatehouse.platform.config;

import dev.gatehouse.platform.validation.EmailAddress;
import java.util.List;
import java.util.Optional;

/**
 * How mail leaves and what the mailed links look like.
 *
 * @param smtpHost {@code SMTP_HOST}; empty means mails wait in the outbox until a host is configured
 * @param smtpPort {@code SMTP_PORT}
 * @param smtpUsername {@code SMTP_USERNAME}; empty means no SMTP login
 * @param smtpPassword {@code SMTP_PASSWORD}; handed to the mail session only, never logged
 * @param smtpTls {@code SMTP_TLS}: {@code starttls} (required upgrade), {@code tls} (TLS from the first byte) or {@code none}
 * @param mailFrom {@code MAIL_FROM}: the sender address, lower-cased
 * @param passwordResetUrl {@code PASSWORD_RESET_URL}: an absolute http(s) URL holding {@code {token}}; by default
 *        the account page's reset form under {@code PUBLIC_BASE_URL}
 * @param emailVerificationUrl {@code EMAIL_VERIFICATION_URL}: likewise, by default the account page's verification page
 * @param passwordResetTokenMinutes {@code PASSWORD_RESET_TOKEN_MINUTES}: how long a reset link works
 * @param emailVerificationTokenHours {@code EMAIL_VERIFICATION_TOKEN_HOURS}: how long a verification link works
 * @param passwordResetMaxPerHour {@code PASSWORD_RESET_MAX_PER_HOUR}: reset mails per email per hour; more requests send nothing
 * @param passwordResetMinResponseMillis {@code PASSWORD_RESET_MIN_RESPONSE_MS}: a reset request answers no sooner than
 *        this after it started, whichever path it took, so its time tells nothing about the email (0 = off)
 * @param emailVerificationMaxPerHour {@code EMAIL_VERIFICATION_MAX_PER_HOUR}: verification mails per account per hour
 * @param mailPollSeconds {@code MAIL_POLL_SECONDS}: how often the sender looks for due mails
 * @param mailRetrySeconds {@code MAIL_RETRY_SECONDS}: the first retry delay; each further attempt waits twice as long
 * @param mailMaxAttempts {@code MAIL_MAX_ATTEMPTS}: delivery attempts before a mail is marked failed
 */
public record MailSettings(Optional<String> smtpHost, int smtpPort, Optional<String> smtpUsername, Optional<String> smtpPassword,
                           String smtpTls, String mailFrom, String passwordResetUrl, String emailVerificationUrl,
                           int passwordResetTokenMinutes, int emailVerificationTokenHours, int passwordResetMaxPerHour,
                           int passwordResetMinResponseMillis, int emailVerificationMaxPerHour, int mailPollSeconds,
                           int mailRetrySeconds, int mailMaxAttempts) {

    /** The account page's reset form, relative to the base URL. */
    public static final String RESET_PAGE = "/account/reset-password?token={token}";
    /** The account page's verification page, relative to the base URL. */
    public static final String VERIFY_PAGE = "/account/verify-email?token={token}";

    /** Reads and checks these settings; the links' defaults come from {@code server}. */
    static MailSettings read(SettingsReader in, ServerSettings server) {
        Optional<String> host = in.optional("SMTP_HOST");
        if (host.isPresent() && !host.get().matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new SettingsException("SMTP_HOST must be a host name or IP address such as smtp.example.com");
        }
        Optional<String> username = in.optional("SMTP_USERNAME");
        Optional<String> password = in.optional("SMTP_PASSWORD");
        if (password.isPresent() && username.isEmpty()) {
            throw new SettingsException("SMTP_PASSWORD is set without SMTP_USERNAME: set both, or neither for no SMTP login");
        }
        String from = EmailAddress.normalise(in.text("MAIL_FROM", "gatehouse@localhost"));
        if (!EmailAddress.valid(from)) {
            throw new SettingsException("MAIL_FROM must be an email address such as no-reply@example.com (default gatehouse@localhost)");
        }
        if (server.production() && host.isPresent() && server.publicBaseUrl().isEmpty()
                && (in.optional("PASSWORD_RESET_URL").isEmpty() || in.optional("EMAIL_VERIFICATION_URL").isEmpty())) {
            throw new SettingsException("PUBLIC_BASE_URL is not set and ENVIRONMENT=production with SMTP_HOST: mailed links "
                    + "would point at localhost; set PUBLIC_BASE_URL (or both PASSWORD_RESET_URL and EMAIL_VERIFICATION_URL)");
        }
        String base = server.baseUrlOrDevelopment();
        return new MailSettings(host, in.integer("SMTP_PORT", 587, 1, 65_535), username, password,
                in.oneOf("SMTP_TLS", "starttls", List.of("starttls", "tls", "none")), from,
                in.linkTemplate("PASSWORD_RESET_URL", base + RESET_PAGE), in.linkTemplate("EMAIL_VERIFICATION_URL", base + VERIFY_PAGE),
                in.integer("PASSWORD_RESET_TOKEN_MINUTES", 30, 1, 1440), in.integer("EMAIL_VERIFICATION_TOKEN_HOURS", 48, 1, 720),
                in.integer("PASSWORD_RESET_MAX_PER_HOUR", 3, 1, 1_000_000), in.integer("PASSWORD_RESET_MIN_RESPONSE_MS", 200, 0, 5000),
                in.integer("EMAIL_VERIFICATION_MAX_PER_HOUR", 3, 1, 1_000_000), in.integer("MAIL_POLL_SECONDS", 5, 1, 3600),
                in.integer("MAIL_RETRY_SECONDS", 30, 1, 86_400), in.integer("MAIL_MAX_ATTEMPTS", 10, 1, 100));
    }

    /** Every setting but the SMTP password, which never reaches a log. */
    @Override
    public String toString() {
        return "MailSettings[smtpHost=" + smtpHost + ", smtpPort=" + smtpPort + ", smtpUsername=" + smtpUsername + ", smtpTls="
                + smtpTls + ", mailFrom=" + mailFrom + "]";
    }
}
