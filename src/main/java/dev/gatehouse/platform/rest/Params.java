package dev.gatehouse.platform.rest;

import dev.gatehouse.platform.database.Cursor;
import dev.gatehouse.platform.problem.Failure;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Strict parsing of path and query values: anything malformed is a 400 naming the parameter,
 * never a 404 or a 500 (JAX-RS's own conversion would answer 404 for a bad path UUID).
 */
public final class Params {

    /** Page size when none is asked for. */
    public static final int DEFAULT_LIMIT = 20;
    /** Largest page size. */
    public static final int MAX_LIMIT = 100;

    /** An integer as the document's JSON schema reads it: no sign, no leading zero, at most three digits. */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[1-9]\\d{0,2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z");

    private Params() {
    }

    /** {@code limit}: 1 to 100 written as JSON writes an integer ({@code +1} and {@code 01} are refused), default 20. */
    public static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (WHOLE_NUMBER.matcher(value).matches()) {
            int limit = Integer.parseInt(value);
            if (limit <= MAX_LIMIT) {
                return limit;
            }
        }
        throw Failure.invalidParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** A UUID parameter in its canonical form; null stays null. */
    public static UUID uuid(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw Failure.invalidParameter(name, "must be a UUID");
    }

    /** A required UUID in the path. */
    public static UUID id(String value) {
        UUID id = uuid("id", value);
        if (id == null) {
            throw Failure.invalidParameter("id", "must be a UUID");
        }
        return id;
    }

    /** {@code true} or {@code false}; null stays null. */
    public static Boolean bool(String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw Failure.invalidParameter(name, "must be true or false");
        };
    }

    /** A timestamp {@code YYYY-MM-DDTHH:MM:SS[.ffffff]Z}; null stays null. */
    public static Instant timestamp(String name, String value) {
        if (value == null) {
            return null;
        }
        if (TIMESTAMP.matcher(value).matches()) {
            try {
                return Instant.parse(value);
            } catch (RuntimeException ignored) {
                // reported below
            }
        }
        throw Failure.invalidParameter(name, "must be a UTC timestamp like 2026-11-24T14:03:00Z");
    }

    /** A cursor from a previous page; null stays null. */
    public static Cursor cursor(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Cursor.decode(value);
        } catch (IllegalArgumentException e) {
            throw Failure.invalidParameter("cursor", "is not a cursor this server issued");
        }
    }

    /**
     * Free text from a query: no control characters (a NUL would reach the database and fail
     * there), at most {@code maxLength} characters; null stays null.
     */
    public static String text(String name, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw Failure.invalidParameter(name, "must be at most " + maxLength + " characters without control characters");
        }
        return value;
    }
}
