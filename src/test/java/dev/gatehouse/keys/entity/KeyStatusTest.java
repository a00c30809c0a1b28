package dev.gatehouse.keys.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A key is next, then active, then (once replaced) retiring while its last tokens live, then retired. */
class KeyStatusTest {

    private static final Instant T = Instant.parse("2026-06-01T00:00:00Z");

    private static StoredKey key(Instant created, Instant activates) {
        return new StoredKey(UUID.randomUUID(), "ES256", "{}", "sealed", created, activates);
    }

    @Test
    void aKeyIsNextUntilItActivatesThenActiveWhileItHasNoSuccessor() {
        StoredKey key = key(T, T.plusSeconds(300));

        assertEquals(KeyStatus.NEXT, key.statusAt(T));
        assertEquals(KeyStatus.NEXT, key.statusAt(T.plusSeconds(299)));
        assertEquals(KeyStatus.ACTIVE, key.statusAt(T.plusSeconds(300)));
        assertEquals(KeyStatus.ACTIVE, key.statusAt(T.plus(Duration.ofDays(365))));
    }

    @Test
    void aReplacedKeySignsUntilItsSuccessorActivatesAndIsPublishedUntilItsLastTokenExpires() {
        StoredKey key = key(T, T);
        Instant successor = T.plus(Duration.ofDays(90));
        key.replaceBy(successor, Duration.ofMinutes(15).plusSeconds(30));

        assertEquals(KeyStatus.ACTIVE, key.statusAt(successor.minusNanos(1000)));
        assertEquals(KeyStatus.RETIRING, key.statusAt(successor));
        assertEquals(KeyStatus.RETIRING, key.statusAt(successor.plus(Duration.ofMinutes(15)).plusSeconds(29)));
        assertEquals(KeyStatus.RETIRED, key.statusAt(successor.plus(Duration.ofMinutes(15)).plusSeconds(30)));
        assertEquals(successor.plus(Duration.ofMinutes(15)).plusSeconds(30), key.retiresAt());
    }

    @Test
    void aKeyKeepsItsFirstHandOver() {
        StoredKey key = key(T, T);
        key.replaceBy(T.plusSeconds(300), Duration.ofMinutes(1));
        key.replaceBy(T.plusSeconds(900), Duration.ofMinutes(1));

        assertEquals(T.plusSeconds(300), key.deactivatesAt());
    }

    @Test
    void aNextKeyReplacedBeforeItActivatesNeverSigns() {
        StoredKey key = key(T, T.plusSeconds(300));
        key.replaceBy(T.plusSeconds(100), Duration.ofMinutes(1));

        assertEquals(KeyStatus.NEXT, key.statusAt(T.plusSeconds(200)));
        assertEquals(KeyStatus.RETIRING, key.statusAt(T.plusSeconds(300)));
    }

    @Test
    void aKeyCannotSignBeforeItExists() {
        assertThrows(IllegalArgumentException.class, () -> key(T, T.minusSeconds(1)));
    }

    @Test
    void theWireNamesAreLowerCase() {
        assertEquals("next", KeyStatus.NEXT.wireName());
        assertEquals("retiring", KeyStatus.RETIRING.wireName());
    }
}
