package dev.gatehouse.platform.database;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One page of a keyset-paged list, newest first: the rows and, when more follow, the position to
 * continue from.
 *
 * @param items the rows of this page
 * @param next the position after the last row, or {@code null} on the last page
 * @param <T> the row type
 */
public record Slice<T>(List<T> items, Cursor next) {

    /**
     * The page made from a query that fetched up to {@code limit + 1} rows: the extra row only
     * tells that a next page exists, and the cursor points at the last row shown.
     */
    public static <E> Slice<E> of(List<E> rows, int limit, Function<E, Instant> createdAt, Function<E, UUID> id) {
        if (rows.size() <= limit) {
            return new Slice<>(List.copyOf(rows), null);
        }
        List<E> shown = List.copyOf(rows.subList(0, limit));
        E last = shown.get(limit - 1);
        return new Slice<>(shown, new Cursor(createdAt.apply(last), id.apply(last)));
    }

    /** The same page with every row converted. */
    public <R> Slice<R> map(Function<T, R> convert) {
        return new Slice<>(items.stream().map(convert).toList(), next);
    }

    /** The cursor as clients see it, or {@code null} on the last page. */
    public String nextCursor() {
        return next == null ? null : next.encode();
    }
}
