package dev.gatehouse.util;

import java.util.Optional;

/**
 * The id of the request the current thread is serving, set by the request filter and written on
 * every application log line so that one request's lines can be found together.
 */
public final class RequestId {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestId() {
    }

    /** The current request's id, if this thread is serving one. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Binds {@code id} to this thread until {@link #clear()}. */
    public static void set(String id) {
        CURRENT.set(id);
    }

    /** Unbinds the id; the filter calls this in a finally block so pooled threads start clean. */
    public static void clear() {
        CURRENT.remove();
    }
}
