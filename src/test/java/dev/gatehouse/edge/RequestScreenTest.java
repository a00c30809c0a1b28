package dev.gatehouse.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A query string passes when it decodes to valid UTF-8 without control characters, and only then. */
class RequestScreenTest {

    @ParameterizedTest
    @ValueSource(strings = {"q=abc", "q=a%40b.c", "q=%C3%A9t%C3%A9", "q=a+b", "limit=20&cursor=AbC-_", "q=", "q=%E2%82%AC"})
    void cleanQueriesPass(String query) {
        assertTrue(RequestScreen.cleanQuery(query), query);
    }

    @ParameterizedTest
    @ValueSource(strings = {"q=%00", "q=%0a", "q=%7f", "q=%ff", "q=%c3", "q=%c3%28", "q=%zz", "q=%", "q=%4", "q=\u00e9",
        "q=a\tb", "q=%ed%a0%80"})
    void nulControlCharactersInvalidUtf8AndBrokenEscapesAreRefused(String query) {
        assertFalse(RequestScreen.cleanQuery(query), query);
    }
}
