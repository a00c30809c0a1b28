package dev.gatehouse.service;

import static dev.gatehouse.util.JsonSupport.JSON;

import dev.gatehouse.api.ActivityView;
import dev.gatehouse.api.Page;
import dev.gatehouse.config.ApplicationLog;
import dev.gatehouse.security.AccessPolicy;
import dev.gatehouse.security.Caller;
import dev.gatehouse.util.Cursor;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import dev.gatehouse.model.ActivityLog;
import dev.gatehouse.util.ClientInfo;
import dev.gatehouse.util.Timestamps;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
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

    /**
     * One page of entries, newest first. Managers and admins see everyone's; others only their
     * own, and naming another user is 403.
     *
     * @param userId only entries of this actor, or null
     * @param action only this action, or null
     * @param since inclusive lower bound, or null
     * @param until exclusive upper bound, or null
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Page<ActivityView> query(Caller caller, UUID userId, String action, Instant since, Instant until,
                                    int limit, Cursor after) {
        UUID subject = userId;
        if (subject == null && !AccessPolicy.mayReadAllActivity(caller.role())) {
            subject = caller.userId();
        }
        if (subject != null && !AccessPolicy.mayReadActivityOf(caller.role(), caller.userId(), subject)) {
            throw ServiceException.forbidden();
        }
        StringBuilder jpql = new StringBuilder("select a from ActivityLog a where 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (subject != null) {
            jpql.append(" and a.userId = :userId");
            parameters.put("userId", subject);
        }
        if (action != null) {
            jpql.append(" and a.action = :action");
            parameters.put("action", action);
        }
        if (since != null) {
            jpql.append(" and a.createdAt >= :since");
            parameters.put("since", since);
        }
        if (until != null) {
            jpql.append(" and a.createdAt < :until");
            parameters.put("until", until);
        }
        if (after != null) {
            jpql.append(" and (a.createdAt, a.id) < (:afterCreated, :afterId)");
            parameters.put("afterCreated", after.createdAt());
            parameters.put("afterId", after.id());
        }
        jpql.append(" order by a.createdAt desc, a.id desc");
        TypedQuery<ActivityLog> query = em.createQuery(jpql.toString(), ActivityLog.class).setMaxResults(limit + 1);
        parameters.forEach(query::setParameter);
        List<ActivityLog> rows = query.getResultList();
        return Page.of(rows, limit, ActivityLog::createdAt, ActivityLog::id, ActivityView::of);
    }

    static String toJson(Map<String, ?> details) {
        JsonObjectBuilder object = JSON.createObjectBuilder();
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
