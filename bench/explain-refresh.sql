-- EXPLAIN (ANALYZE, BUFFERS) of the one statement a refresh costs on PostgreSQL: RefreshRotation's
-- compare-and-swap with the auth.refresh activity insert, on the newest live session of any
-- Gatehouse database, inside a transaction that is rolled back (nothing changes).
--   psql -h 127.0.0.1 -U postgres -d <database> -f bench/explain-refresh.sql
\set ON_ERROR_STOP on
BEGIN;
SELECT s.id AS sid, s.refresh_token_hash AS hash
  FROM sessions s JOIN users u ON u.id = s.user_id
 WHERE s.revoked_at IS NULL AND s.expires_at > now() AND u.is_active AND u.deleted_at IS NULL
 ORDER BY s.created_at DESC LIMIT 1 \gset
SELECT (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM users) AS users,
       (SELECT count(*) FROM activity_logs) AS activity_entries;
EXPLAIN (ANALYZE, BUFFERS)
WITH rotated AS (
  UPDATE sessions s SET refresh_token_hash = md5(random()::text), last_used_at = now(), expires_at = now() + interval '7 days'
    FROM users u
   WHERE s.id = :'sid' AND s.refresh_token_hash = :'hash' AND s.revoked_at IS NULL AND s.expires_at > now()
     AND u.id = s.user_id AND u.is_active AND u.deleted_at IS NULL
  RETURNING u.id, u.email, u.role, u.is_active, u.created_at, u.updated_at, u.email_verified, u.mfa_enabled, s.amr
), logged AS (
  INSERT INTO activity_logs (id, user_id, action, ip_address, user_agent, details, created_at)
  SELECT gen_random_uuid(), rotated.id, 'auth.refresh', '127.0.0.1', 'explain-refresh.sql',
         '{"session_id":"00000000-0000-0000-0000-000000000000"}', now() FROM rotated
)
SELECT id, email, role, is_active, created_at, updated_at, email_verified, mfa_enabled, amr FROM rotated;
ROLLBACK;
