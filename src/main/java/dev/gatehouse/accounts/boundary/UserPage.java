package dev.gatehouse.accounts.boundary;

import jakarta.validation.constraints.NotNull;
import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.platform.database.Slice;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of users.
 *
 * @param items the users, newest first
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record UserPage(@NotNull List<UserView> items, @Schema(nullable = true) String nextCursor) {

    /** The wire form of a slice of accounts. */
    static UserPage of(Slice<Account> slice) {
        return new UserPage(slice.items().stream().map(UserView::of).toList(), slice.nextCursor());
    }
}
