package dev.gatehouse.activity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Activity details become a flat JSON object of strings, numbers, booleans and nulls, cut to a marker when too long. */
class ActivityLogTest {

    /** The longest {@code details} text docs/schema.md allows. */
    private static final int DOCUMENTED_LIMIT = 4000;

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    @Test
    void anEmptyMapIsAnEmptyObject() {
        assertEquals("{}", ActivityLog.toJson(Map.of()));
    }

    @Test
    void valuesKeepTheirJsonTypes() {
        UUID target = UUID.randomUUID();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target_user_id", target);
        details.put("email", "a@b.c");
        details.put("changed", true);
        details.put("active", false);
        details.put("failures", 3);
        details.put("window_ms", 900_000_000_000L);
        details.put("reason", null);

        JsonObject json = parse(ActivityLog.toJson(details));

        assertEquals(JsonValue.ValueType.STRING, json.get("target_user_id").getValueType());
        assertEquals(target.toString(), json.getString("target_user_id"));
        assertEquals("a@b.c", json.getString("email"));
        assertEquals(JsonValue.TRUE, json.get("changed"));
        assertEquals(JsonValue.FALSE, json.get("active"));
        assertEquals(JsonValue.ValueType.NUMBER, json.get("failures").getValueType());
        assertEquals(3, json.getInt("failures"));
        assertEquals(900_000_000_000L, json.getJsonNumber("window_ms").longValueExact());
        assertEquals(JsonValue.NULL, json.get("reason"));
        assertEquals(7, json.size());
    }

    @Test
    void otherValuesAreWrittenAsTheirStringForm() {
        JsonObject json = parse(ActivityLog.toJson(Map.of("lockout", java.time.Duration.ofMinutes(15))));

        assertEquals("PT15M", json.getString("lockout"));
    }

    @Test
    void stringsAreEscaped() {
        String tricky = "quote \" backslash \\ newline \n tab \t unicode é";

        JsonObject json = parse(ActivityLog.toJson(Map.of("user_agent", tricky)));

        assertEquals(tricky, json.getString("user_agent"));
    }

    @Test
    void detailsOfExactlyTheDocumentedLimitAreKept() {
        String value = "x".repeat(DOCUMENTED_LIMIT - "{\"k\":\"\"}".length());

        String json = ActivityLog.toJson(Map.of("k", value));

        assertEquals(DOCUMENTED_LIMIT, json.length());
        assertEquals(value, parse(json).getString("k"));
    }

    @Test
    void detailsOverTheDocumentedLimitAreReplacedByATruncationMarker() {
        String value = "x".repeat(DOCUMENTED_LIMIT - "{\"k\":\"\"}".length() + 1);

        String json = ActivityLog.toJson(Map.of("k", value));

        assertEquals("{\"truncated\":true}", json);
    }

    @Test
    void manyFieldsOverTheLimitAreTruncatedTooAndTheResultIsValidJson() {
        Map<String, Object> details = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            details.put("field_" + i, "value-" + i);
        }

        String json = ActivityLog.toJson(details);

        assertEquals(JsonValue.TRUE, parse(json).get("truncated"));
        assertTrue(json.length() <= DOCUMENTED_LIMIT);
    }
}
