-- Token buckets of the shared rate limiter (RATE_LIMIT_STORE=database), one row per budget and client address.
CREATE TABLE rate_limit_buckets (
    id          VARCHAR(128) PRIMARY KEY,
    state       BYTEA,
    expires_at  BIGINT
);
