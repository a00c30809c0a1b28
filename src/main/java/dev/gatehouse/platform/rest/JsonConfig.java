package dev.gatehouse.platform.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * How responses are written: snake_case names and explicit nulls (a client sees every field of
 * the contract, {@code "next_cursor": null} included). Timestamps are ISO-8601 UTC instants.
 */
@Provider
public class JsonConfig implements ContextResolver<Jsonb> {

    /** The one configured instance, also for code that writes JSON outside JAX-RS (the discovery documents). */
    public static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(true));

    /** The one configured instance, for every type. */
    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
