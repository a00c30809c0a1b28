package dev.gatehouse.keys.boundary;

import jakarta.validation.constraints.NotNull;
import dev.gatehouse.keys.control.KeyRecord;
import dev.gatehouse.platform.database.Slice;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of signing keys.
 *
 * @param items the keys, newest first
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record SigningKeyPage(@NotNull List<SigningKeyView> items, @Schema(nullable = true) String nextCursor) {

    /** The wire form of a slice of keys at {@code now}. */
    static SigningKeyPage of(Slice<KeyRecord> slice, Instant now) {
        return new SigningKeyPage(slice.items().stream().map(k -> SigningKeyView.of(k, now)).toList(), slice.nextCursor());
    }
}
