package dev.gatehouse.activity.control;

import static dev.gatehouse.platform.json.JsonSupport.JSON;

import dev.gatehouse.access.AccessPolicy;
import dev.gatehouse.access.Caller;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.activity.entity.ActivityEntry;
import dev.gatehouse.platform.database.Cursor;
import dev.gatehouse.platform.database.Keyset;
import dev.gatehouse.platform.database.Slice;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.log.ApplicationLog;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The activity log: appends security events, always inside the caller's transaction so an entry
 * exists exactly when its change does, mirrors each as one application log line, and answers
 * queries. There is deliberately no method that changes or removes an entry.
 */
@Stateless
public class ActivityLog {

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
    public void record(UUID actor, Action action, ClientInfo client, Map<String, ?> details) {
        String json = toJson(details);
        em.persist(new ActivityEntry(actor, action, client.ipAddress(), client.userAgent(), json, Timestamps.now()));
        logLine(actor, action, client, json);
    }

    /**
     * The application log's line for an entry, for entries written by {@link ActivityRow} too:
     * {@code info.log} only ({@link ApplicationLog#events()}).
     */
    public static void logLine(UUID actor, Action action, ClientInfo client, String detailsJson) {
        ApplicationLog.events().info(() -> action.wireName() + " user=" + (actor == null ? "-" : actor)
                + " ip=" + client.ipAddress() + " " + detailsJson);
    }

    /**
     * One page of entries, newest first. Managers and admins see everyone's; others only their
     * own, and naming another user is 403. An action name no event has gives an empty page.
     *
     * @param userId only entries of this actor, or null
     * @param action only this action (a dotted name), or null
     * @param since inclusive lower bound, or null
     * @param until exclusive upper bound, or null
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Slice<Activity> query(Caller caller, UUID userId, String action, Instant since, Instant until,
                                 int limit, Cursor after) {
        UUID subject = userId;
        if (subject == null && !AccessPolicy.mayReadAllActivity(caller.role())) {
            subject = caller.userId();
        }
        if (subject != null && !AccessPolicy.mayReadActivityOf(caller.role(), caller.userId(), subject)) {
            throw Failure.forbidden();
        }
        Keyset<ActivityEntry> entries = Keyset.over(em, ActivityEntry.class, "a");
        if (action != null) {
            Action known = Action.fromWire(action).orElse(null);
            if (known == null) {
                return new Slice<>(java.util.List.of(), null);
            }
            entries.where("a.action = :action", "action", known);
        }
        if (subject != null) {
            entries.where("a.userId = :userId", "userId", subject);
        }
        if (since != null) {
            entries.where("a.createdAt >= :since", "since", since);
        }
        if (until != null) {
            entries.where("a.createdAt < :until", "until", until);
        }
        return entries.page(limit, after, ActivityEntry::createdAt, ActivityEntry::id).map(Activity::of);
    }

    /** The details as a JSON object: strings, whole numbers, booleans and nulls as themselves. */
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
