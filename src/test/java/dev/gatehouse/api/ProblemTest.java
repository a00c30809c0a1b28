package dev.gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.service.ServiceException.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A problem document carries status, title and detail, and {@code errors[]} only when there are field errors. */
class ProblemTest {

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    @Test
    void aProblemWithoutFieldErrorsHasNoErrorsMember() {
        JsonObject json = parse(Problem.of(404, "Not Found", "Not found").toJson());

        assertEquals(Set.of("type", "status", "title", "detail"), json.keySet());
        assertEquals("about:blank", json.getString("type"));
        assertEquals(404, json.getInt("status"));
        assertEquals("Not Found", json.getString("title"));
        assertEquals("Not found", json.getString("detail"));
        assertFalse(json.containsKey("errors"));
    }

    @Test
    void statusIsAJsonNumber() {
        JsonObject json = parse(Problem.of(429, "Too Many Requests", "Too many requests").toJson());

        assertEquals(jakarta.json.JsonValue.ValueType.NUMBER, json.get("status").getValueType());
    }

    @Test
    void fieldErrorsAreListedInOrderWithFieldAndMessage() {
        Problem problem = new Problem(400, "Bad Request", "Request validation failed", List.of(
                new FieldError("email", "must be a string"),
                new FieldError("new_password", "must be 8 to 72 UTF-8 bytes")));

        JsonObject json = parse(problem.toJson());

        assertEquals(Set.of("type", "status", "title", "detail", "errors"), json.keySet());
        assertEquals(400, json.getInt("status"));
        assertEquals("Request validation failed", json.getString("detail"));
        assertEquals(2, json.getJsonArray("errors").size());
        JsonObject first = json.getJsonArray("errors").getJsonObject(0);
        assertEquals(Set.of("field", "message"), first.keySet());
        assertEquals("email", first.getString("field"));
        assertEquals("must be a string", first.getString("message"));
        JsonObject second = json.getJsonArray("errors").getJsonObject(1);
        assertEquals("new_password", second.getString("field"));
        assertEquals("must be 8 to 72 UTF-8 bytes", second.getString("message"));
    }

    @Test
    void textIsEscapedAsJson() {
        JsonObject json = parse(Problem.of(400, "Bad Request", "quote \" backslash \\ newline \n end").toJson());

        assertEquals("quote \" backslash \\ newline \n end", json.getString("detail"));
    }

    @Test
    void theMediaTypeIsProblemJson() {
        assertEquals("application/problem+json", Problem.MEDIA_TYPE);
    }
}
