package dev.gatehouse.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The notification payload: small, typed, and read back as it was written; anything else is ignored. */
class ClusterNoticeTest {

    @Test
    void aNoticeReadsBackAsItWasWritten() {
        ClusterNotice notice = new ClusterNotice(ClusterNotice.Kind.USER, "0b8a4cd2-33ad-4b5e-a3b4-1c2a7a4b1d10",
                1_765_000_000_000L, "ab12cd34");

        assertEquals("user:0b8a4cd2-33ad-4b5e-a3b4-1c2a7a4b1d10:1765000000000:ab12cd34", notice.payload());
        assertEquals(Optional.of(notice), ClusterNotice.parse(notice.payload()));
        assertEquals(ClusterNotice.Kind.KEYS, ClusterNotice.parse("keys:-:1:n").orElseThrow().kind());
        assertTrue(notice.payload().length() < 100, "far below PostgreSQL's 8000-byte payload limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user", "user:x:y:z", "nobody:x:1:n", "user:x:1", "user:x:1:n:extra"})
    void aPayloadThisVersionCannotReadIsIgnored(String payload) {
        assertEquals(Optional.empty(), ClusterNotice.parse(payload));
    }
}
