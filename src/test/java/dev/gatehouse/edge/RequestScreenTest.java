package dev.gatehouse.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @ParameterizedTest
    @ValueSource(strings = {"/api/users", "/api/users/5f0e8a4c-1b7a-4c1e-9d7e-2b8f1c9e0a11/restore", "/docs/index.html",
        "/.well-known/jwks.json", "/api/users/a%20b", "/api/users/%C3%A9"})
    void plainPathsPass(String path) {
        assertTrue(RequestScreen.plainPath(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/..%2Fmetrics", "/api/users/..%2f..%2fdocs", "/api/%5C", "/api/users/%2e%2e/x",
        "/api/users/%00", "/api/./users", "/api/users/../metrics", "/api/users/.", "/api/users/..",
        "/api/users;v=1", "/api/users/5f0e8a4c-1b7a-4c1e-9d7e-2b8f1c9e0a11;jsessionid=1"})
    void encodedSeparatorsDotSegmentsAndPathParametersAreRefused(String path) {
        assertFalse(RequestScreen.plainPath(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/users/[x]", "/api/users/x]", "/docs/[", "/api/users/a b", "/api/users/a\"b", "/api/<x>",
        "/api/{id}", "/api/a|b", "/api/a^b", "/api/a`b", "/api/\u00e9", "/api/a\\b", "/api/users/%zz", "/api/users/%4", "/api/%",
        "/api/%4g", "/api/%\u0663\u0663", "/api/\u0000", "/api/\u007f", "/api/\uff21"})
    void charactersOutsideRfc3986AndBrokenEscapesAreRefused(String path) {
        assertFalse(RequestScreen.plainPath(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/users/a%3Bb", "/api/a:b@c", "/api/a!$&'()*+,=~_-", "*"})
    void everyOtherCharacterRfc3986AllowsPasses(String path) {
        assertTrue(RequestScreen.plainPath(path), path);
    }

    @ParameterizedTest
    @CsvSource({"limit=1&limit=2, limit", "a=1&cursor=x&cursor=y, cursor", "q%5F=1&q%5F=2, q_"})
    void aParameterGivenTwiceIsNamed(String query, String name) {
        assertEquals(Optional.of(name), RequestScreen.repeatedParameter(query));
    }

    @Test
    void distinctParametersPass() {
        assertEquals(Optional.empty(),
                RequestScreen.repeatedParameter("limit=1&cursor=x&&=&q="));
    }
}
