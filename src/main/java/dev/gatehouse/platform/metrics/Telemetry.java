package dev.gatehouse.platform.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The security and traffic figures operators watch, in one Micrometer registry per deployment,
 * scraped in Prometheus text at {@code /metrics} with the same names on Payara and WildFly: logins
 * by outcome, refreshes, refresh-token reuse, rate-limited requests, request latency by route, the
 * mail outbox, the caches (hits, misses, evictions), the notification channel (up, notices, lag),
 * the connection pool and the JVM.
 */
@ApplicationScoped
public class Telemetry {

    /** The deployment's registry: one per class loader, shared with the pool (which registers before CDI runs). */
    public static final PrometheusMeterRegistry REGISTRY = registry();

    private static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    /** A login attempt ended with {@code outcome}: success, failure, throttled, mfa_required, unverified. */
    public void login(String outcome) {
        Counter.builder("gatehouse.logins").description("Login attempts by outcome").tag("outcome", outcome)
                .register(REGISTRY).increment();
    }

    /** A refresh token was rotated. */
    public void refresh() {
        Counter.builder("gatehouse.refreshes").description("Successful refresh-token rotations").register(REGISTRY).increment();
    }

    /** A superseded refresh token was presented and its session revoked. */
    public void refreshReuse() {
        Counter.builder("gatehouse.refresh.reuse.detections").description("Refresh-token reuse detections (sessions revoked)")
                .register(REGISTRY).increment();
    }

    /** A request was refused by the rate limiter. */
    public void rateLimited() {
        Counter.builder("gatehouse.rate.limited.requests").description("Requests answered 429 by the rate limiter")
                .register(REGISTRY).increment();
    }

    /** A queued mail was handed to the SMTP server. */
    public void mailSent() {
        Counter.builder("gatehouse.mails.sent").description("Mails handed to the SMTP server").register(REGISTRY).increment();
    }

    /** A queued mail was given up on after its last attempt. */
    public void mailFailed() {
        Counter.builder("gatehouse.mails.failed").description("Mails given up on after their last delivery attempt")
                .register(REGISTRY).increment();
    }

    /** Publishes the outbox's queue depth (mails waiting for delivery) as read by {@code depth}. */
    public void mailQueueDepth(LongSupplier depth) {
        Gauge.builder("gatehouse.mail.queue.depth", depth::getAsLong).description("Mails waiting in the outbox for delivery")
                .register(REGISTRY);
    }

    /** One request of {@code route} (e.g. {@code GET /api/auth/me}) answered {@code status} after {@code elapsed}. */
    public void request(String route, int status, Duration elapsed) {
        Timer.builder("gatehouse.http.requests").description("Requests by route template and status class")
                .tag("route", route).tag("status", status / 100 + "xx").register(REGISTRY).record(elapsed);
    }

    /** Records the hits, misses, evictions and size of {@code cache} under {@code name}; the cache must record stats. */
    public void cache(String name, Cache<?, ?> cache) {
        CaffeineCacheMetrics.monitor(REGISTRY, cache, name);
    }

    /** Publishes whether this node's notification channel listens ({@code 1}) or not ({@code 0}). */
    public void channel(BooleanSupplier listening) {
        Gauge.builder("gatehouse.notification.channel.up", () -> listening.getAsBoolean() ? 1 : 0)
                .description("1 while this node listens for other nodes' changes, 0 while it reads every state from the database")
                .register(REGISTRY);
    }

    /** A notice of {@code kind} from another node arrived {@code lag} after it was sent. */
    public void notice(String kind, Duration lag) {
        Timer.builder("gatehouse.notification.lag").description("From the announcing statement on one node to the notice on this one")
                .tag("kind", kind).register(REGISTRY).record(lag.isNegative() ? Duration.ZERO : lag);
    }
}
