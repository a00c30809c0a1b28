package dev.gatehouse.service;

import dev.gatehouse.config.ApplicationLog;
import dev.gatehouse.model.ActivityLog;
import dev.gatehouse.util.ClientInfo;
import dev.gatehouse.util.Timestamps;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.UUID;

/**
 * Appends security events to the activity log, always inside the caller's transaction so an
 * entry exists exactly when its change does, and mirrors each as one application log line.
 * There is deliberately no method that changes or removes an entry.
 */
@Stateless
public class ActivityService {

    /** Longest details text kept; larger details are cut to a marker rather than failing the event. */
    static final int MAX_DETAILS = 4000;

    @PersistenceContext
    EntityManager em;

    /**
     * Records {@code action} by {@code actor} (null when unknown) from {@code client}.
     *
     * @param details values that are strings, numbers, booleans or null; never a secret
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(UUID actor, String action, ClientInfo client, Map<String, ?> details) {
        String json = toJson(details);
        em.persist(new ActivityLog(actor, action, client.ipAddress(), client.userAgent(), json, Timestamps.now()));
        ApplicationLog.logger().info(() -> action + " user=" + (actor == null ? "-" : actor)
                + " ip=" + client.ipAddress() + " " + json);
    }

    static String toJson(Map<String, ?> details) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        details.forEach((key, value) -> {
            if (value == null) {
                object.addNull(key);
            } else if (value instanceof Boolean b) {
                object.add(key, b);
            } else if (value instanceof Integer || value instanceof Long) {
                object.add(key, ((Number) value).longValue());
            } else {
                object.add(key, value.toString());
            }
        });
        String json = object.build().toString();
        return json.length() <= MAX_DETAILS ? json : "{\"truncated\":true}";
    }
}
