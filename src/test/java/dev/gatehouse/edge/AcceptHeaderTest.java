package dev.gatehouse.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An Accept header passes when both runtimes read it the same way (RFC 9110 media ranges and weights), and only then. */
class AcceptHeaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "*/*", "application/*", "application/json;q=0.5", "application/json; q=1",
        "application/json;q=1.000, application/yaml;q=0", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2",
        "application/json;charset=UTF-8", "application/json;profile=\"a,b\";q=0.9", "application/problem+json ;Q=0.25",
        "", "  "})
    void wellFormedHeadersPass(String accept) {
        assertTrue(AcceptHeader.wellFormed(accept), accept);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json;q=abc", "application/json;q=", "application/json;q=1.5", "application/json;q=0.0001",
        "application/json;q=-1", "application", "a;b/c", ",application/json", "application/json,,text/plain",
        "application/json;", "application/json;charset", "application/json;x=\"open", "app lication/json", "application/json;q = 1",
        "text/html(x)"})
    void malformedHeadersAreRefused(String accept) {
        assertFalse(AcceptHeader.wellFormed(accept), accept);
    }

    @Test
    void aCommaInsideAQuotedValueSeparatesNothing() {
        assertEquals(List.of("a/b;x=\"1,\\\"2\"", " c/d"), AcceptHeader.elements("a/b;x=\"1,\\\"2\", c/d"));
    }
}
