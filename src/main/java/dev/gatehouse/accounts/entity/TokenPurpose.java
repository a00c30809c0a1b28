package dev.gatehouse.accounts.entity;

/**
 * What a mailed account token is good for. A token of one purpose never works for the other, and
 * each purpose has its own lifetime and its own rules for what kills it.
 */
public enum TokenPurpose {
    /** Sets a new password: {@code POST /api/auth/password-reset/confirm}. */
    PASSWORD_RESET("password_reset"),
    /** Proves the account's address: {@code POST /api/auth/email-verification/confirm}. */
    EMAIL_VERIFICATION("email_verification");

    private final String stored;

    TokenPurpose(String stored) {
        this.stored = stored;
    }

    /** The value in {@code account_tokens.purpose} (the schema's check constraint lists the same). */
    public String stored() {
        return stored;
    }

    /**
     * The purpose stored as {@code value}.
     *
     * @throws IllegalStateException for a value no purpose has: a corrupted row fails loudly
     */
    public static TokenPurpose fromStored(String value) {
        for (TokenPurpose purpose : values()) {
            if (purpose.stored.equals(value)) {
                return purpose;
            }
        }
        throw new IllegalStateException("unknown token purpose in database: " + value);
    }
}
