package dev.gatehouse.activity.control;

import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.platform.web.ClientInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * An activity entry written inside another component's single SQL statement, where going through
 * JPA would cost extra round trips (the one-statement refresh-token rotation). The activity log
 * still owns the table's shape: the {@code INSERT} text and its parameters come from here, and the
 * entry gets the same application log line as any other.
 */
public final class ActivityRow {

    private final UUID id = UUID.randomUUID();
    private final Action action;
    private final ClientInfo client;
    private final String detailsJson;
    private final Instant createdAt;

    private ActivityRow(Action action, ClientInfo client, String detailsJson, Instant createdAt) {
        this.action = action;
        this.client = client;
        this.detailsJson = detailsJson;
        this.createdAt = createdAt;
    }

    /** An entry for {@code action}; its actor comes from the statement (see {@link #insertFrom}). */
    public static ActivityRow of(Action action, ClientInfo client, Map<String, ?> details, Instant now) {
        return new ActivityRow(action, client, ActivityLog.toJson(details), now);
    }

    /**
     * {@code INSERT INTO activity_logs ... SELECT ... FROM source}: one entry per row of
     * {@code source} (none when it is empty), its actor taken from {@code actorColumn}. Six
     * parameters, bound by {@link #bind}.
     */
    public static String insertFrom(String source, String actorColumn) {
        return "INSERT INTO activity_logs (id, user_id, action, ip_address, user_agent, details, created_at) "
                + "SELECT ?, " + actorColumn + ", ?, ?, ?, ?, ? FROM " + source;
    }

    /** Binds the six parameters of {@link #insertFrom} from {@code index}; returns the next index. */
    public int bind(PreparedStatement statement, int index) throws SQLException {
        statement.setObject(index, id);
        statement.setString(index + 1, action.wireName());
        statement.setString(index + 2, client.ipAddress());
        statement.setString(index + 3, client.userAgent());
        statement.setString(index + 4, detailsJson);
        statement.setObject(index + 5, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
        return index + 6;
    }

    /** The application log line of the entry, once its statement committed. */
    public void logged(UUID actor) {
        ActivityLog.logLine(actor, action, client, detailsJson);
    }
}
