package dev.gatehouse.platform.database;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one way lists are paged: newest first by {@code (createdAt, id)}, continuing after a
 * {@link Cursor} with a row-value comparison that walks the index, never {@code OFFSET}. Rows
 * added while a client pages sort before any cursor, so none is skipped or repeated.
 *
 * <pre>{@code Keyset.over(em, User.class, "u").where("u.role = :role", "role", role).page(limit, cursor, User::createdAt, User::id)}</pre>
 *
 * @param <E> the entity listed; it has {@code createdAt} and {@code id} attributes
 */
public final class Keyset<E> {

    private final EntityManager em;
    private final Class<E> type;
    private final String alias;
    private final StringBuilder where = new StringBuilder();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private Keyset(EntityManager em, Class<E> type, String alias) {
        this.em = em;
        this.type = type;
        this.alias = alias;
    }

    /** A list of every {@code type} row, to be narrowed with {@link #where}. */
    public static <E> Keyset<E> over(EntityManager em, Class<E> type, String alias) {
        return new Keyset<>(em, type, alias);
    }

    /** Adds a JPQL condition without parameters. */
    public Keyset<E> where(String condition) {
        where.append(" and ").append(condition);
        return this;
    }

    /** Adds a JPQL condition with one named parameter. */
    public Keyset<E> where(String condition, String name, Object value) {
        parameters.put(name, value);
        return where(condition);
    }

    /** Fetches the page of at most {@code limit} rows after {@code after} (the first page if null). */
    public Slice<E> page(int limit, Cursor after, Function<E, Instant> createdAt, Function<E, UUID> id) {
        if (after != null) {
            where("(" + alias + ".createdAt, " + alias + ".id) < (:afterCreated, :afterId)");
            parameters.put("afterCreated", after.createdAt());
            parameters.put("afterId", after.id());
        }
        String jpql = "select " + alias + " from " + type.getSimpleName() + " " + alias + " where 1 = 1" + where
                + " order by " + alias + ".createdAt desc, " + alias + ".id desc";
        TypedQuery<E> query = em.createQuery(jpql, type).setMaxResults(limit + 1);
        parameters.forEach(query::setParameter);
        List<E> rows = query.getResultList();
        return Slice.of(rows, limit, createdAt, id);
    }
}
