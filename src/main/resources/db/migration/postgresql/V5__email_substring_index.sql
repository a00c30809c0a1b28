-- GET /api/users?q=...: a trigram index lets "email contains" skip rows instead of filtering all of them (pg_trgm is a trusted extension).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_email_trgm_idx ON users USING gin (email gin_trgm_ops);
