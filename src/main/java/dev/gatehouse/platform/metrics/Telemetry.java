package dev.gatehouse.platform.metrics;

import dev.gatehouse.platform.log.ApplicationLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The security and traffic figures operators watch, published through MicroProfile Metrics at
 * {@code /metrics} (Prometheus text): logins by outcome, refreshes, refresh-token reuse, throttled
 * logins, rate-limited requests, request latency by route, and the mail outbox (mails sent, mails
 * failed for good, queue depth). Where the server has no
 * MicroProfile Metrics (WildFly 28+ dropped it), every method is a no-op, so the WAR still deploys.
 */
@ApplicationScoped
public class Telemetry {

    private MetricRegistry registry;

    /** For CDI proxies. */
    protected Telemetry() {
    }

    /** Uses the application registry if the server provides one. */
    @Inject
    public Telemetry(Instance<MetricRegistry> registries) {
        this.registry = registries.isResolvable() ? registries.get() : null;
    }

    /** A login attempt ended with {@code outcome}: success, failure or throttled. */
    public void login(String outcome) {
        count("gatehouse_logins", "Login attempts by outcome", new Tag("outcome", outcome));
    }

    /** A refresh token was rotated. */
    public void refresh() {
        count("gatehouse_refreshes", "Successful refresh-token rotations");
    }

    /** A superseded refresh token was presented and its session revoked. */
    public void refreshReuse() {
        count("gatehouse_refresh_reuse_detections", "Refresh-token reuse detections (sessions revoked)");
    }

    /** A request was refused by the rate limiter. */
    public void rateLimited() {
        count("gatehouse_rate_limited_requests", "Requests answered 429 by the rate limiter");
    }

    /** A queued mail was handed to the SMTP server. */
    public void mailSent() {
        count("gatehouse_mails_sent", "Mails handed to the SMTP server");
    }

    /** A queued mail was given up on after its last attempt. */
    public void mailFailed() {
        count("gatehouse_mails_failed", "Mails given up on after their last delivery attempt");
    }

    /** Publishes the outbox's queue depth (mails waiting for delivery) as read by {@code depth}. */
    public void mailQueueDepth(LongSupplier depth) {
        if (registry != null) {
            try {
                registry.gauge(org.eclipse.microprofile.metrics.Metadata.builder().withName("gatehouse_mail_queue_depth")
                        .withDescription("Mails waiting in the outbox for delivery").build(), depth::getAsLong);
            } catch (RuntimeException e) {
                // A gauge left by an earlier deployment in the same server: the figure is missing, the mail is not.
                ApplicationLog.logger().warning("mail queue-depth gauge not registered: " + e);
            }
        }
    }

    /** One request of {@code route} (e.g. {@code GET /api/auth/me}) took {@code elapsed}. */
    public void request(String route, int status, Duration elapsed) {
        if (registry != null) {
            registry.timer("gatehouse_http_requests", new Tag("route", route),
                    new Tag("status", status / 100 + "xx")).update(elapsed);
        }
    }

    private void count(String name, String description, Tag... tags) {
        if (registry != null) {
            registry.counter(org.eclipse.microprofile.metrics.Metadata.builder().withName(name)
                    .withDescription(description).build(), tags).inc();
        }
    }
}
