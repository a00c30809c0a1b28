package dev.gatehouse.platform.log;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id of the request a thread is serving: the client's {@code X-Request-Id} when it is sane,
 * else a random one. It is assigned on the first call of {@link #of} for a request, whoever makes
 * it (the request listener, the authentication mechanism, an error page), stored on the request
 * and bound to the thread, so every log line and every response of that request carries the same id.
 */
public final class RequestId {

    /** The request and response header. */
    public static final String HEADER = "X-Request-Id";

    private static final String ATTRIBUTE = RequestId.class.getName();
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestId() {
    }

    /** The id of {@code request}, assigned now if it has none, and bound to this thread. */
    public static String of(HttpServletRequest request) {
        Object known = request.getAttribute(ATTRIBUTE);
        String id;
        if (known instanceof String text) {
            id = text;
        } else {
            String incoming = request.getHeader(HEADER);
            id = incoming != null && SANE.matcher(incoming).matches() ? incoming : random();
            request.setAttribute(ATTRIBUTE, id);
        }
        CURRENT.set(id);
        return id;
    }

    /** The id of the request this thread is serving, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Unbinds the id from this thread when its request is over; pooled threads start clean. */
    public static void clear() {
        CURRENT.remove();
    }

    /** Unique, not secret: no {@code SecureRandom} (a shared lock) on the hot path. */
    private static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
