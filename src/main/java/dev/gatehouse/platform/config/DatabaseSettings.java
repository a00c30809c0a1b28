package dev.gatehouse.platform.config;

/**
 * Where the data lives and how many connections reach it.
 *
 * @param url {@code DATABASE_URL}, parsed: PostgreSQL, or the embedded H2 file database when unset
 * @param poolSize {@code DB_POOL_SIZE}: connections kept open
 * @param maxOverflow {@code DB_MAX_OVERFLOW}: connections opened beyond the pool under load
 */
public record DatabaseSettings(DatabaseUrl url, int poolSize, int maxOverflow) {

    /** Reads and checks these settings. */
    static DatabaseSettings read(SettingsReader in) {
        return new DatabaseSettings(DatabaseUrl.parse(in.optional("DATABASE_URL").orElse(null)),
                in.integer("DB_POOL_SIZE", 10, 1, 500), in.integer("DB_MAX_OVERFLOW", 10, 0, 500));
    }

    /** True on PostgreSQL, where several nodes can share the data (and its notification channel). */
    public boolean shared() {
        return url.kind() == DatabaseUrl.Kind.POSTGRESQL;
    }
}
