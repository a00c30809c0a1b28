package dev.gatehouse.activity.boundary;

import jakarta.validation.constraints.NotNull;
import dev.gatehouse.activity.control.Activity;
import dev.gatehouse.platform.database.Slice;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of activity entries.
 *
 * @param items the entries, newest first
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record ActivityPage(@NotNull List<ActivityView> items, @Schema(nullable = true) String nextCursor) {

    /** The wire form of a slice of entries. */
    static ActivityPage of(Slice<Activity> slice) {
        return new ActivityPage(slice.items().stream().map(ActivityView::of).toList(), slice.nextCursor());
    }
}
