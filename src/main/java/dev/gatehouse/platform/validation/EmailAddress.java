package dev.gatehouse.platform.validation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one email rule: the WHATWG HTML "valid email address" grammar (what browsers accept in an
 * {@code <input type=email>}), at most 254 characters, checked after trimming; stored and compared
 * trimmed and lower-cased. API.md names this grammar; it refuses display names, comments, quoted
 * local parts and IP literals ({@code <a@example.com>}, {@code "a b"@x}, {@code a@[127.0.0.1]}).
 */
public final class EmailAddress {

    /** Longest address accepted (RFC 5321's path limit less the angle brackets). */
    public static final int MAX_LENGTH = 254;

    /** The WHATWG grammar, as a regular expression over ASCII. */
    public static final String PATTERN = "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
            + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*";

    private static final Pattern GRAMMAR = Pattern.compile(PATTERN);

    private EmailAddress() {
    }

    /** True when {@code text}, trimmed, is a valid address of at most 254 characters. */
    public static boolean valid(String text) {
        if (text == null) {
            return false;
        }
        String trimmed = text.strip();
        return trimmed.length() <= MAX_LENGTH && GRAMMAR.matcher(trimmed).matches();
    }

    /** The stored form: trimmed and lower-cased (the grammar is ASCII, so no locale surprises). */
    public static String normalise(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}
