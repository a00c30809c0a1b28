package dev.gatehouse.platform.config;

/**
 * What a node keeps in memory of the shared state, and how it hears that its copy went stale.
 *
 * @param sessionCacheSize {@code SESSION_CACHE_SIZE}: session states a node remembers (bearer checks without a query)
 * @param sessionCacheSeconds {@code SESSION_CACHE_SECONDS}: how long a remembered state is used at most; a change
 *        announced on the notification channel drops it at once, so this only bounds memory use and clock skew
 * @param tokenCacheSize {@code TOKEN_CACHE_SIZE}: verified access tokens a node remembers (no second signature check)
 * @param notifyCheckMillis {@code NOTIFY_CHECK_MILLIS}: how often the listening connection proves it is alive; a
 *        node whose channel is silent longer than twice this reads session states from the database until it
 *        listens again
 */
public record ClusterSettings(int sessionCacheSize, int sessionCacheSeconds, int tokenCacheSize, int notifyCheckMillis) {

    /** Reads and checks these settings. */
    static ClusterSettings read(SettingsReader in) {
        return new ClusterSettings(in.integer("SESSION_CACHE_SIZE", 100_000, 0, 10_000_000),
                in.integer("SESSION_CACHE_SECONDS", 60, 1, 86_400), in.integer("TOKEN_CACHE_SIZE", 10_000, 0, 10_000_000),
                in.integer("NOTIFY_CHECK_MILLIS", 400, 50, 10_000));
    }
}
