package dev.gatehouse.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The opaque keyset cursor: base64url of (microseconds since the epoch, id), and nothing else decodes. */
class CursorTest {

    private static final UUID ID = UUID.fromString("0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9");
    private static final Instant AT = Instant.parse("2026-11-24T14:03:00.123456Z");

    /** The text a client would get for these 24 bytes. */
    private static String text(long micros, UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(24).putLong(micros)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    @Test
    void aCursorDecodesToTheSamePositionItWasEncodedFrom() {
        Cursor cursor = new Cursor(AT, ID);

        assertEquals(cursor, Cursor.decode(cursor.encode()));
    }

    @Test
    void theTextIsUrlSafeBase64OfMicrosecondsAndIdWithoutPadding() {
        long micros = AT.getEpochSecond() * 1_000_000 + AT.getNano() / 1_000;

        String encoded = new Cursor(AT, ID).encode();

        assertEquals(text(micros, ID), encoded);
        assertEquals(32, encoded.length(), "24 bytes are 32 base64 characters");
        assertTrue(encoded.matches("[A-Za-z0-9_-]+"), encoded);
    }

    @Test
    void nanosecondsBelowAMicrosecondAreDropped() {
        Instant nanos = Instant.parse("2026-11-24T14:03:00.123456789Z");

        Cursor decoded = Cursor.decode(new Cursor(nanos, ID).encode());

        assertEquals(Instant.parse("2026-11-24T14:03:00.123456Z"), decoded.createdAt());
        assertEquals(ID, decoded.id());
    }

    @Test
    void theEpochItselfIsAPosition() {
        assertEquals(new Cursor(Instant.EPOCH, ID), Cursor.decode(text(0, ID)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"!!!!", "not base64 at all", "AAAA====", "AAAA+/AA", "AAAAA"})
    void textThatIsNotUrlSafeBase64IsRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cursor.decode(text));

        assertEquals("malformed cursor", e.getMessage());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 16, 23, 25, 32, 48})
    void aByteCountOtherThan24IsRefused(int length) {
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[length]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cursor.decode(text));

        assertEquals("malformed cursor", e.getMessage());
    }

    @ParameterizedTest(name = "{0} µs")
    @ValueSource(longs = {-1, Long.MIN_VALUE, -1_000_000})
    void aTimeBeforeTheEpochIsRefused(long micros) {
        String text = text(micros, ID);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cursor.decode(text));

        assertEquals("malformed cursor", e.getMessage());
    }

    @Test
    void theLargestTimeStillDecodes() {
        Cursor decoded = Cursor.decode(text(Long.MAX_VALUE, ID));

        assertEquals(Instant.EPOCH.plusSeconds(Long.MAX_VALUE / 1_000_000).plusNanos(Long.MAX_VALUE % 1_000_000 * 1_000),
                decoded.createdAt());
    }
}
