package dev.gatehouse.platform.database;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Keyset pagination position: the {@code (created_at, id)} of the last row of a page, opaque to
 * clients (base64url of 8 + 16 bytes). Lists are ordered by that pair descending, so rows added
 * later sort before any cursor and a cursor never skips or repeats a row.
 *
 * @param createdAt the last row's creation time, in microseconds
 * @param id the last row's id, the tie-breaker
 */
public record Cursor(Instant createdAt, UUID id) {

    private static final int BYTES = 8 + 16;

    /** The opaque text form. */
    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        ByteBuffer buffer = ByteBuffer.allocate(BYTES).putLong(micros)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /**
     * Reads a cursor a client sent back.
     *
     * @throws IllegalArgumentException for anything this class did not produce
     */
    public static Cursor decode(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed cursor", e);
        }
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("malformed cursor");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long micros = buffer.getLong();
        if (micros < 0) {
            throw new IllegalArgumentException("malformed cursor");
        }
        return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), new UUID(buffer.getLong(), buffer.getLong()));
    }
}
