package dev.gatehouse.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A failure renders as a problem document: status, title from the status, detail, and {@code errors[]} only with field errors. */
class ProblemTest {

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    @Test
    void aProblemWithoutFieldErrorsHasExactlyTypeStatusTitleAndDetail() {
        JsonObject json = parse(Problem.json(Failure.notFound("User not found")));

        assertEquals(Set.of("type", "status", "title", "detail"), json.keySet());
        assertEquals("about:blank", json.getString("type"));
        assertEquals(404, json.getInt("status"));
        assertEquals("Not Found", json.getString("title"));
        assertEquals("User not found", json.getString("detail"));
    }

    @Test
    void statusIsAJsonNumber() {
        JsonObject json = parse(Problem.json(Failure.tooManyRequests(7)));

        assertEquals(JsonValue.ValueType.NUMBER, json.get("status").getValueType());
    }

    @Test
    void fieldErrorsAreListedInOrderWithFieldAndMessage() {
        Failure failure = Failure.badRequest(Failure.VALIDATION_FAILED, List.of(
                new FieldError("email", "must be a string"),
                new FieldError("new_password", "must be 8 to 72 UTF-8 bytes")));

        JsonObject json = parse(Problem.json(failure));

        assertEquals(Set.of("type", "status", "title", "detail", "errors"), json.keySet());
        assertEquals("Request validation failed", json.getString("detail"));
        assertEquals(2, json.getJsonArray("errors").size());
        JsonObject first = json.getJsonArray("errors").getJsonObject(0);
        assertEquals(Set.of("field", "message"), first.keySet());
        assertEquals("email", first.getString("field"));
        assertEquals("must be a string", first.getString("message"));
        assertEquals("new_password", json.getJsonArray("errors").getJsonObject(1).getString("field"));
    }

    @Test
    void textIsEscapedAsJson() {
        JsonObject json = parse(Problem.json(Failure.badRequest("quote \" backslash \\ newline \n end")));

        assertEquals("quote \" backslash \\ newline \n end", json.getString("detail"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"400, Bad Request", "401, Unauthorized", "403, Forbidden", "404, Not Found", "405, Method Not Allowed",
        "409, Conflict", "413, Content Too Large", "415, Unsupported Media Type", "429, Too Many Requests",
        "500, Internal Server Error", "503, Service Unavailable", "418, Client Error", "599, Server Error"})
    void theTitleIsTheReasonPhraseOfTheStatus(int status, String title) {
        assertEquals(title, Problem.reasonPhrase(status));
    }

    @Test
    void aFailuresTitleIsItsStatussReasonPhrase() {
        assertEquals("Too Many Requests", Failure.tooManyRequests(3).title());
        assertEquals("Client Error", Failures.ofStatus(418, null, false).title());
    }

    @Test
    void everyUnauthorizedFailureHasABearerChallengeAndOnlyBearerTokensSayInvalidToken() {
        assertEquals(Map.of("WWW-Authenticate", "Bearer"), Failure.invalidCredentials().headers());
        assertEquals(Map.of("WWW-Authenticate", "Bearer"), Failure.notAuthenticated().headers());
        assertEquals(Map.of("WWW-Authenticate", "Bearer"), Failure.invalidBodyToken().headers());
        assertEquals(Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), Failure.invalidToken().headers());
        assertEquals(Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), Failure.tokenExpired().headers());
        assertFalse(Failure.forbidden().headers().containsKey("WWW-Authenticate"));
    }
}
