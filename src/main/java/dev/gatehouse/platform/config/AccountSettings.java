package dev.gatehouse.platform.config;

import dev.gatehouse.platform.validation.EmailAddress;
import dev.gatehouse.platform.validation.PasswordRule;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may have an account and how it signs in.
 *
 * @param bcryptCost {@code BCRYPT_COST}: log2 of the bcrypt work factor for new hashes
 * @param loginMaxFailures {@code LOGIN_MAX_FAILURES}: failures per email within the window before lockout
 * @param loginLockoutMinutes {@code LOGIN_LOCKOUT_MINUTES}: length of the fixed throttle window
 * @param registrationEnabled {@code REGISTRATION_ENABLED}: whether anyone may register
 * @param bootstrapAdminEmail {@code BOOTSTRAP_ADMIN_EMAIL}, lower-cased
 * @param bootstrapAdminPassword {@code BOOTSTRAP_ADMIN_PASSWORD}; used once at boot, never logged
 * @param mfaRequiredRoles {@code MFA_REQUIRED_ROLES}: wire names of the roles (exact, not "and above") whose
 *        users must turn TOTP on before they may do more than set it up, read themselves and sign out
 * @param emailVerificationRequired {@code EMAIL_VERIFICATION_REQUIRED}: refuse logins of unverified accounts with 403
 */
public record AccountSettings(int bcryptCost, int loginMaxFailures, int loginLockoutMinutes, boolean registrationEnabled,
                              Optional<String> bootstrapAdminEmail, Optional<String> bootstrapAdminPassword,
                              Set<String> mfaRequiredRoles, boolean emailVerificationRequired) {

    /** The wire names of the roles (platform knows no {@code access.Role}), for settings that name roles. */
    public static final List<String> ROLES = List.of("admin", "manager", "user", "guest");

    /** Reads and checks these settings; production asks for a real bcrypt cost. */
    static AccountSettings read(SettingsReader in, ServerSettings server) {
        int cost = in.integer("BCRYPT_COST", 12, 4, 16);
        if (server.production() && cost < 10) {
            throw new SettingsException("BCRYPT_COST must be between 10 and 16 when ENVIRONMENT=production");
        }
        Optional<String> email = in.optional("BOOTSTRAP_ADMIN_EMAIL").map(EmailAddress::normalise);
        Optional<String> password = in.optional("BOOTSTRAP_ADMIN_PASSWORD");
        if (email.isPresent() != password.isPresent()) {
            throw new SettingsException("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together");
        }
        if (email.isPresent() && !EmailAddress.valid(email.get())) {
            throw new SettingsException("BOOTSTRAP_ADMIN_EMAIL must be an email address");
        }
        if (password.isPresent() && !PasswordRule.acceptable(password.get())) {
            throw new SettingsException("BOOTSTRAP_ADMIN_PASSWORD must be 8 to 72 UTF-8 bytes long");
        }
        Set<String> mfaRoles = in.list("MFA_REQUIRED_ROLES", "").stream().map(role -> role.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        if (!ROLES.containsAll(mfaRoles)) {
            throw new SettingsException("MFA_REQUIRED_ROLES must be a comma-separated list of roles among "
                    + String.join(", ", ROLES) + ", such as admin,manager (default empty: no role needs TOTP)");
        }
        return new AccountSettings(cost, in.integer("LOGIN_MAX_FAILURES", 5, 1, 1000), in.integer("LOGIN_LOCKOUT_MINUTES", 15, 1, 1440),
                in.bool("REGISTRATION_ENABLED", true), email, password, mfaRoles, in.bool("EMAIL_VERIFICATION_REQUIRED", false));
    }

    /** Every setting but the bootstrap password, which never reaches a log. */
    @Override
    public String toString() {
        return "AccountSettings[bcryptCost=" + bcryptCost + ", loginMaxFailures=" + loginMaxFailures + ", loginLockoutMinutes="
                + loginLockoutMinutes + ", registrationEnabled=" + registrationEnabled + ", bootstrapAdminEmail="
                + bootstrapAdminEmail + ", mfaRequiredRoles=" + mfaRequiredRoles + ", emailVerificationRequired="
                + emailVerificationRequired + "]";
    }
}
