package dev.gatehouse.it;

import java.util.List;
import java.util.UUID;

/** Reads {@code activity_logs} behind the API, to prove which events a request recorded. */
final class ActivityTrail {

    private ActivityTrail() {
    }

    /** How many entries with {@code action} have {@code userId} as their actor. */
    static long count(String userId, String action) {
        return ((Number) TestDatabase.scalar("SELECT count(*) FROM activity_logs WHERE user_id = ? AND action = ?",
                UUID.fromString(userId), action)).longValue();
    }

    /** The {@code details} texts of the entries with {@code action} whose details mention {@code text}. */
    static List<String> detailsMentioning(String action, String text) {
        return TestDatabase.query("SELECT details FROM activity_logs WHERE action = ? AND strpos(details, ?) > 0",
                action, text).stream().map(row -> (String) row[0]).toList();
    }
}
