package dev.gatehouse.edge;

import dev.gatehouse.platform.config.EdgeSettings;
import dev.gatehouse.platform.log.ApplicationLog;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Token buckets per client address (Bucket4j): {@code RATE_LIMIT_PER_MINUTE} over {@code /api}
 * and a stricter {@code AUTH_RATE_LIMIT_PER_MINUTE} that credential endpoints also draw on. Each
 * bucket holds a minute's budget and refills greedily. The buckets live in this process
 * ({@code RATE_LIMIT_STORE=memory}) or in PostgreSQL ({@code database}), where every node behind a
 * load balancer draws on the same ones. A refused request draws on no budget. In the database,
 * expired buckets (untouched for two minutes) are deleted once a minute.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int MAX_LOCAL_BUCKETS = 100_000;
    private static final int PURGE_BATCH = 1_000;
    private static final int PURGE_MAX_BATCHES = 100;

    @Inject
    EdgeSettings settings;

    @Resource(lookup = "java:app/jdbc/gatehouse")
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> purge;

    private Function<String, Bucket> buckets;
    private BucketConfiguration general;
    private BucketConfiguration credential;

    /**
     * The outcome for one request.
     *
     * @param allowed whether the request may proceed
     * @param limit the budget shown in {@code RateLimit-Limit} (the one with less left)
     * @param remaining tokens left in that budget
     * @param resetSeconds seconds until that budget is full again
     * @param retryAfterSeconds for a refusal, seconds until one request is allowed again
     */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    @PostConstruct
    void start() {
        general = perMinute(settings.rateLimitPerMinute());
        credential = perMinute(settings.authRateLimitPerMinute());
        if (settings.rateLimitStore().equals("database")) {
            ProxyManager<String> proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table("rate_limit_buckets")
                    .idColumn("id")
                    .stateColumn("state")
                    .expiresAtColumn("expires_at")
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(2)))
                    .build();
            buckets = key -> proxies.builder().build(key, () -> key.startsWith("auth:") ? credential : general);
            if (proxies instanceof ExpiredEntriesCleaner cleaner && scheduler != null) {
                purge = scheduler.scheduleWithFixedDelay(() -> purgeExpired(cleaner), 0, 1, TimeUnit.MINUTES);
            }
        } else {
            Map<String, Bucket> local = new ConcurrentHashMap<>();
            buckets = key -> {
                if (local.size() >= MAX_LOCAL_BUCKETS) {
                    local.clear();
                }
                return local.computeIfAbsent(key, k -> Bucket.builder()
                        .addLimit(k.startsWith("auth:") ? credential.getBandwidths()[0] : general.getBandwidths()[0])
                        .build());
            };
        }
    }

    /** Stops the purge when the application stops. */
    @PreDestroy
    void stop() {
        if (purge != null) {
            purge.cancel(false);
        }
    }

    /** Deletes expired buckets in batches; a failure (database away) waits for the next round. */
    static void purgeExpired(ExpiredEntriesCleaner cleaner) {
        try {
            for (int batch = 0; batch < PURGE_MAX_BATCHES && cleaner.removeExpired(PURGE_BATCH) == PURGE_BATCH; batch++) {
                // a full batch means more may be left
            }
        } catch (RuntimeException e) {
            ApplicationLog.logger().warning("rate-limit purge failed, retried in a minute: " + e);
        }
    }

    private static BucketConfiguration perMinute(int limit) {
        return BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit).refillGreedy(limit, Duration.ofMinutes(1)))
                .build();
    }

    /** Draws one request for {@code client}; credential endpoints draw on both budgets or neither. */
    public Decision draw(String client, boolean credentialEndpoint) {
        Bucket api = buckets.apply("api:" + client);
        if (!credentialEndpoint) {
            return decision(api.tryConsumeAndReturnRemaining(1), settings.rateLimitPerMinute());
        }
        Bucket auth = buckets.apply("auth:" + client);
        ConsumptionProbe authProbe = auth.tryConsumeAndReturnRemaining(1);
        if (!authProbe.isConsumed()) {
            return decision(authProbe, settings.authRateLimitPerMinute());
        }
        ConsumptionProbe apiProbe = api.tryConsumeAndReturnRemaining(1);
        if (!apiProbe.isConsumed()) {
            auth.addTokens(1);
            return decision(apiProbe, settings.rateLimitPerMinute());
        }
        return authProbe.getRemainingTokens() <= apiProbe.getRemainingTokens()
                ? decision(authProbe, settings.authRateLimitPerMinute())
                : decision(apiProbe, settings.rateLimitPerMinute());
    }

    private static Decision decision(ConsumptionProbe probe, long limit) {
        return new Decision(probe.isConsumed(), limit, Math.max(0, probe.getRemainingTokens()),
                seconds(probe.getNanosToWaitForReset()), Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
