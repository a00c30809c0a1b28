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
    /**
     * The bounds the OpenAPI document can state, in characters (JSON Schema has no byte length): no
     * acceptable password is shorter than two (two 4-byte characters are 8 bytes) or longer than 72.
     * A document saying 8 would call {@code "１２３"} (9 bytes) invalid, which the server accepts.
     */
    public static final int MIN_CHARACTERS = (MIN_BYTES + 3) / 4;
    /** See {@link #MIN_CHARACTERS}: every character is at least one byte. */
    public static final int MAX_CHARACTERS = MAX_BYTES;

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
