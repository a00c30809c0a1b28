package dev.gatehouse.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.platform.problem.Failure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Query values are read as the served document's schema reads them, so a client and a validator agree on what is valid. */
class ParamsTest {

    @Test
    void anAbsentLimitIsTheDefaultPage() {
        assertEquals(Params.DEFAULT_LIMIT, Params.limit(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "20", "100"})
    void aLimitWrittenAsAJsonIntegerInRangeIsTaken(String value) {
        assertEquals(Integer.parseInt(value), Params.limit(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1", "01", "0", "101", "-1", "1.0", "1e1", " 1", "", "9999999999"})
    void anyOtherLimitIsA400NamingIt(String value) {
        Failure failure = assertThrows(Failure.class, () -> Params.limit(value));
        assertEquals(400, failure.status());
    }
}
