package dev.gatehouse.mail.control;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/**
 * A rendered mail: subject, plain text and HTML. It holds a live link, so it exists in clear only
 * in memory; at rest it is sealed (see {@link Outbox}).
 *
 * @param subject the subject line
 * @param text the plain-text body
 * @param html the HTML body
 */
public record Letter(String subject, String text, String html) {

    /** The form that is sealed into the outbox row. */
    public String toJson() {
        return Json.createObjectBuilder().add("subject", subject).add("text", text).add("html", html).build().toString();
    }

    /**
     * Reads {@link #toJson}'s form back.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Letter fromJson(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            return new Letter(object.getString("subject"), object.getString("text"), object.getString("html"));
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a sealed letter", e);
        }
    }
}
