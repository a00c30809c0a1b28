-- Lets the rate limiter's periodic purge find expired buckets without scanning the table.
CREATE INDEX rate_limit_buckets_expires_idx ON rate_limit_buckets (expires_at);
