package dev.gatehouse.platform.validation;

import java.nio.charset.StandardCharsets;

/**
 * The one password rule: 8 to 72 UTF-8 bytes (bcrypt reads only the first 72, so two longer
 * passwords sharing them would be equal) and no NUL character.
 */
public final class PasswordRule {

    /** Fewest UTF-8 bytes a password may have. */
    public static final int MIN_BYTES = 8;
    /** Most UTF-8 bytes a password may have. */
    public static final int MAX_BYTES = 72;

    private PasswordRule() {
    }

    /** True when {@code password} keeps the rule. */
    public static boolean acceptable(String password) {
        if (password == null || password.indexOf('\0') >= 0) {
            return false;
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= MIN_BYTES && bytes <= MAX_BYTES;
    }
}
