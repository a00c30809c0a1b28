package dev.gatehouse.sessions.boundary;

import jakarta.validation.constraints.NotNull;
import dev.gatehouse.platform.database.Slice;
import dev.gatehouse.sessions.control.SessionInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of sessions.
 *
 * @param items the sessions, newest first
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record SessionPage(@NotNull List<SessionView> items, @Schema(nullable = true) String nextCursor) {

    /** The wire form of a slice of sessions. */
    static SessionPage of(Slice<SessionInfo> slice) {
        return new SessionPage(slice.items().stream().map(SessionView::of).toList(), slice.nextCursor());
    }
}
