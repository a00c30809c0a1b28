package dev.gatehouse.api;

import dev.gatehouse.util.Cursor;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One page of a list, newest first.
 *
 * @param items the rows of this page
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 * @param <T> the row type
 */
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * The page made from a keyset query that fetched up to {@code limit + 1} rows: the extra row
     * only tells that a next page exists, and the cursor points at the last row shown.
     */
    public static <E, T> Page<T> of(List<E> rows, int limit, Function<E, Instant> createdAt, Function<E, UUID> id,
                                    Function<E, T> view) {
        boolean more = rows.size() > limit;
        List<E> shown = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            E last = shown.get(limit - 1);
            next = new Cursor(createdAt.apply(last), id.apply(last)).encode();
        }
        return new Page<>(shown.stream().map(view).toList(), next);
    }
}
