package dev.gatehouse.platform.cluster;

import java.util.Locale;
import java.util.Optional;

/**
 * A change another node must hear of, as small as PostgreSQL's notification payload wants it:
 * what changed, whose, when it was announced and by which node. Fired as a CDI event on the node
 * that receives it (never on the node that announced it, which acted at commit).
 *
 * @param kind what changed
 * @param subject whose: a user id for {@link Kind#USER}, {@code -} for {@link Kind#KEYS}
 * @param sentAtMillis the announcing node's clock when it announced, for the lag metric
 * @param node the announcing node
 */
public record ClusterNotice(Kind kind, String subject, long sentAtMillis, String node) {

    /** What a notice is about. */
    public enum Kind {
        /** A user's account or sessions changed: everything cached of that user is stale. */
        USER,
        /** The signing keys changed (rotated, retired): reload the key set. */
        KEYS;

        /** The payload's spelling. */
        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The payload sent with {@code pg_notify}: {@code kind:subject:millis:node}. */
    String payload() {
        return kind.wireName() + ":" + subject + ":" + sentAtMillis + ":" + node;
    }

    /** The notice a payload stands for; empty for anything this version cannot read (another version, a stray NOTIFY). */
    static Optional<ClusterNotice> parse(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split(":", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ClusterNotice(Kind.valueOf(parts[0].toUpperCase(Locale.ROOT)), parts[1],
                    Long.parseLong(parts[2]), parts[3]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
