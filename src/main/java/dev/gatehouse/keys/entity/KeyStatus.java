package dev.gatehouse.keys.entity;

import java.time.Instant;
import java.util.Locale;

/** Where a signing key is in its life; the wire name is the lower-case constant name. */
public enum KeyStatus {
    /** Published, not signing yet: resource servers learn it before its first token. */
    NEXT,
    /** Published and signing. */
    ACTIVE,
    /** Published, no longer signing: its last tokens are still alive. */
    RETIRING,
    /** No token it signed is alive; no longer published. */
    RETIRED;

    /**
     * The status at {@code now} of a key signing from {@code activatesAt}, until
     * {@code deactivatesAt} (null: no successor yet), published until {@code retiresAt}.
     */
    public static KeyStatus at(Instant activatesAt, Instant deactivatesAt, Instant retiresAt, Instant now) {
        if (now.isBefore(activatesAt)) {
            return NEXT;
        }
        if (deactivatesAt == null || now.isBefore(deactivatesAt)) {
            return ACTIVE;
        }
        return retiresAt != null && now.isBefore(retiresAt) ? RETIRING : RETIRED;
    }

    /** True while the key is in the published set (not retired). */
    public boolean published() {
        return this != RETIRED;
    }

    /** {@code next}, {@code active}, {@code retiring} or {@code retired}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
