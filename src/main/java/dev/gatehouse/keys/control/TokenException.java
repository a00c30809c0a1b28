package dev.gatehouse.keys.control;

/**
 * A bearer or refresh token that must be refused; {@link #expired()} separates "Token has expired"
 * from every other reason, which clients are not told apart ("Invalid token").
 */
public class TokenException extends Exception {

    private static final long serialVersionUID = 1L;
    private final boolean expired;

    /** @param reason for the application log only, never sent to the client */
    public TokenException(String reason, boolean expired) {
        super(reason, null, false, false);
        this.expired = expired;
    }

    /** A token refused for any reason but expiry. */
    public static TokenException invalid(String reason) {
        return new TokenException(reason, false);
    }

    /** True only for a genuine token past its expiry. */
    public boolean expired() {
        return expired;
    }
}
