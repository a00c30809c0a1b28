package dev.gatehouse.platform.json;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider of the application. {@code jakarta.json.Json}'s static factories look
 * the provider up with a ServiceLoader scan of the class path on every call, which through a web
 * class loader costs more than the rest of a cheap request; everything here uses this instance.
 */
public final class JsonSupport {

    /** Thread-safe; creates builders, readers and parsers. */
    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonSupport() {
    }
}
