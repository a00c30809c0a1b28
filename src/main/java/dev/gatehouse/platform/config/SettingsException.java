package dev.gatehouse.platform.config;

/**
 * A setting that is missing, malformed or out of range; its message is the one line an operator
 * needs to fix it and never contains the offending value of a secret.
 */
public class SettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message names the variable and what it accepts */
    public SettingsException(String message) {
        super(message);
    }
}
