package dev.gatehouse.platform.database;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one clock of the application, at the precision PostgreSQL keeps (microseconds), so that a
 * value written and the same value read back are equal.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** Now, truncated to microseconds. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
