-- EXPLAIN (ANALYZE, BUFFERS) of the page queries of GET /api/users and GET /api/activity, with the
-- exact SQL Hibernate sends (captured from the PostgreSQL statement log of a running Gatehouse):
-- "fetch first $n rows only" is LIMIT; the app asks for limit + 1 = 21 rows to know whether a next
-- page exists; keyset pages add "(created_at, id) < ($c, $id)" after the filters.
--
--   psql -X -h 127.0.0.1 -U postgres -d gatehouse_bench_scale -f bench/explain.sql
--   ... -v role=guest -v active=true -v action=auth.refresh -v rare_action=user.deleted
--       (defaults: manager, false, auth.login, user.restored)
--   ... -v generic=1   (plan_cache_mode = force_generic_plan: the plan a prepared statement may
--                       settle on after five executions, parameters unknown to the planner)
-- bench/seed-large.sh --explain runs it and summarises the output. Every "deep" cursor is the row
-- just older than the middle of the time range of that filter's rows (with the generated growth
-- curve, ~3/4 of the rows are newer: a page a client reaches only by paging far).
\set ON_ERROR_STOP on
\pset pager off
SET statement_timeout = '120s';
\if :{?role}
\else
  \set role manager
\endif
\if :{?active}
\else
  \set active false
\endif
\if :{?action}
\else
  \set action auth.login
\endif
\if :{?rare_action}
\else
  \set rare_action user.restored
\endif
\if :{?generic}
  SET plan_cache_mode = force_generic_plan;
\endif

-- ---------- cursors and parameters ----------
SELECT min(created_at) + (max(created_at) - min(created_at)) / 2 AS u_mid FROM users WHERE deleted_at IS NULL \gset
SELECT created_at AS u_c, id AS u_id FROM users
 WHERE deleted_at IS NULL AND created_at < :'u_mid' ORDER BY created_at DESC, id DESC LIMIT 1 \gset
SELECT created_at AS ur_c, id AS ur_id FROM users
 WHERE deleted_at IS NULL AND role = :'role' AND created_at < :'u_mid' ORDER BY created_at DESC, id DESC LIMIT 1 \gset
SELECT created_at AS ua_c, id AS ua_id FROM users
 WHERE deleted_at IS NULL AND is_active = :'active' AND created_at < :'u_mid' ORDER BY created_at DESC, id DESC LIMIT 1 \gset
SELECT min(created_at) + (max(created_at) - min(created_at)) / 2 AS a_mid, max(created_at) AS a_max FROM activity_logs \gset
SELECT created_at AS a_c, id AS a_id FROM activity_logs
 WHERE created_at < :'a_mid' ORDER BY created_at DESC, id DESC LIMIT 1 \gset
-- a heavy user: the most frequent actor among the latest 10,000 entries
SELECT user_id AS heavy FROM (SELECT user_id FROM activity_logs ORDER BY created_at DESC, id DESC LIMIT 10000) s
 WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY count(*) DESC LIMIT 1 \gset
SELECT min(created_at) + (max(created_at) - min(created_at)) / 2 AS h_mid, count(*) AS heavy_rows
  FROM activity_logs WHERE user_id = :'heavy' \gset
SELECT created_at AS ah_c, id AS ah_id FROM activity_logs
 WHERE user_id = :'heavy' AND created_at < :'h_mid' ORDER BY created_at DESC, id DESC LIMIT 1 \gset
SELECT created_at AS ac_c, id AS ac_id FROM activity_logs
 WHERE action = :'action' AND created_at < :'a_mid' ORDER BY created_at DESC, id DESC LIMIT 1 \gset
-- a one-week window a month back: since = max - 30 days, until = max - 23 days
SELECT (:'a_max'::timestamptz - interval '30 days') AS w_since, (:'a_max'::timestamptz - interval '23 days') AS w_until \gset
SELECT created_at AS aw_c, id AS aw_id FROM activity_logs
 WHERE created_at >= :'w_since' AND created_at < (:'w_since'::timestamptz + interval '3 days 12 hours')
 ORDER BY created_at DESC, id DESC LIMIT 1 \gset
\echo parameters: role=:role is_active=:active action=:action rare_action=:rare_action heavy_user=:heavy (:heavy_rows rows) window=[:w_since, :w_until)

-- ---------- the app's statements ----------
PREPARE users_first(int) AS
select u1_0.id,u1_0.is_active,u1_0.created_at,u1_0.deleted_at,u1_0.email,u1_0.password_hash,u1_0.role,u1_0.updated_at,u1_0.version from users u1_0 where 1=1 and u1_0.deleted_at is null order by u1_0.created_at desc,u1_0.id desc fetch first $1 rows only;
PREPARE users_after(timestamptz, uuid, int) AS
select u1_0.id,u1_0.is_active,u1_0.created_at,u1_0.deleted_at,u1_0.email,u1_0.password_hash,u1_0.role,u1_0.updated_at,u1_0.version from users u1_0 where 1=1 and u1_0.deleted_at is null and (u1_0.created_at,u1_0.id)<($1,$2) order by u1_0.created_at desc,u1_0.id desc fetch first $3 rows only;
PREPARE users_role_first(varchar, int) AS
select u1_0.id,u1_0.is_active,u1_0.created_at,u1_0.deleted_at,u1_0.email,u1_0.password_hash,u1_0.role,u1_0.updated_at,u1_0.version from users u1_0 where 1=1 and u1_0.deleted_at is null and u1_0.role=$1 order by u1_0.created_at desc,u1_0.id desc fetch first $2 rows only;
PREPARE users_role_after(varchar, timestamptz, uuid, int) AS
select u1_0.id,u1_0.is_active,u1_0.created_at,u1_0.deleted_at,u1_0.email,u1_0.password_hash,u1_0.role,u1_0.updated_at,u1_0.version from users u1_0 where 1=1 and u1_0.deleted_at is null and u1_0.role=$1 and (u1_0.created_at,u1_0.id)<($2,$3) order by u1_0.created_at desc,u1_0.id desc fetch first $4 rows only;
PREPARE users_active_first(boolean, int) AS
select u1_0.id,u1_0.is_active,u1_0.created_at,u1_0.deleted_at,u1_0.email,u1_0.password_hash,u1_0.role,u1_0.updated_at,u1_0.version from users u1_0 where 1=1 and u1_0.deleted_at is null and u1_0.is_active=$1 order by u1_0.created_at desc,u1_0.id desc fetch first $2 rows only;
PREPARE users_active_after(boolean, timestamptz, uuid, int) AS
select u1_0.id,u1_0.is_active,u1_0.created_at,u1_0.deleted_at,u1_0.email,u1_0.password_hash,u1_0.role,u1_0.updated_at,u1_0.version from users u1_0 where 1=1 and u1_0.deleted_at is null and u1_0.is_active=$1 and (u1_0.created_at,u1_0.id)<($2,$3) order by u1_0.created_at desc,u1_0.id desc fetch first $4 rows only;

PREPARE activity_first(int) AS
select al1_0.id,al1_0.action,al1_0.created_at,al1_0.details,al1_0.ip_address,al1_0.user_agent,al1_0.user_id from activity_logs al1_0 where 1=1 order by al1_0.created_at desc,al1_0.id desc fetch first $1 rows only;
PREPARE activity_after(timestamptz, uuid, int) AS
select al1_0.id,al1_0.action,al1_0.created_at,al1_0.details,al1_0.ip_address,al1_0.user_agent,al1_0.user_id from activity_logs al1_0 where 1=1 and (al1_0.created_at,al1_0.id)<($1,$2) order by al1_0.created_at desc,al1_0.id desc fetch first $3 rows only;
PREPARE activity_user_first(uuid, int) AS
select al1_0.id,al1_0.action,al1_0.created_at,al1_0.details,al1_0.ip_address,al1_0.user_agent,al1_0.user_id from activity_logs al1_0 where 1=1 and al1_0.user_id=$1 order by al1_0.created_at desc,al1_0.id desc fetch first $2 rows only;
PREPARE activity_user_after(uuid, timestamptz, uuid, int) AS
select al1_0.id,al1_0.action,al1_0.created_at,al1_0.details,al1_0.ip_address,al1_0.user_agent,al1_0.user_id from activity_logs al1_0 where 1=1 and al1_0.user_id=$1 and (al1_0.created_at,al1_0.id)<($2,$3) order by al1_0.created_at desc,al1_0.id desc fetch first $4 rows only;
PREPARE activity_action_first(varchar, int) AS
select al1_0.id,al1_0.action,al1_0.created_at,al1_0.details,al1_0.ip_address,al1_0.user_agent,al1_0.user_id from activity_logs al1_0 where 1=1 and al1_0.action=$1 order by al1_0.created_at desc,al1_0.id desc fetch first $2 rows only;
PREPARE activity_action_after(varchar, timestamptz, uuid, int) AS
select al1_0.id,al1_0.action,al1_0.created_at,al1_0.details,al1_0.ip_address,al1_0.user_agent,al1_0.user_id from activity_logs al1_0 where 1=1 and al1_0.action=$1 and (al1_0.created_at,al1_0.id)<($2,$3) order by al1_0.created_at desc,al1_0.id desc fetch first $4 rows only;
PREPARE activity_window_first(timestamptz, timestamptz, int) AS
select al1_0.id,al1_0.action,al1_0.created_at,al1_0.details,al1_0.ip_address,al1_0.user_agent,al1_0.user_id from activity_logs al1_0 where 1=1 and al1_0.created_at>=$1 and al1_0.created_at<$2 order by al1_0.created_at desc,al1_0.id desc fetch first $3 rows only;
PREPARE activity_window_after(timestamptz, timestamptz, timestamptz, uuid, int) AS
select al1_0.id,al1_0.action,al1_0.created_at,al1_0.details,al1_0.ip_address,al1_0.user_agent,al1_0.user_id from activity_logs al1_0 where 1=1 and al1_0.created_at>=$1 and al1_0.created_at<$2 and (al1_0.created_at,al1_0.id)<($3,$4) order by al1_0.created_at desc,al1_0.id desc fetch first $5 rows only;

-- ---------- plans ----------
\echo '=== users, no filter, first page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE users_first(21);
\echo '=== users, no filter, deep page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE users_after(:'u_c', :'u_id', 21);
\echo '=== users, role filter, first page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE users_role_first(:'role', 21);
\echo '=== users, role filter, deep page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE users_role_after(:'role', :'ur_c', :'ur_id', 21);
\echo '=== users, role=admin (rarest), first page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE users_role_first('admin', 21);
\echo '=== users, is_active filter, first page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE users_active_first(:'active', 21);
\echo '=== users, is_active filter, deep page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE users_active_after(:'active', :'ua_c', :'ua_id', 21);
\echo '=== activity, everyone, first page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE activity_first(21);
\echo '=== activity, everyone, deep page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE activity_after(:'a_c', :'a_id', 21);
\echo '=== activity, by user_id, first page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE activity_user_first(:'heavy', 21);
\echo '=== activity, by user_id, deep page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE activity_user_after(:'heavy', :'ah_c', :'ah_id', 21);
\echo '=== activity, by action, first page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE activity_action_first(:'action', 21);
\echo '=== activity, by action, deep page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE activity_action_after(:'action', :'ac_c', :'ac_id', 21);
\echo '=== activity, by a rare action, first page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE activity_action_first(:'rare_action', 21);
\echo '=== activity, by an action with no rows, first page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE activity_action_first('no.such.action', 21);
\echo '=== activity, since/until (one week), first page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE activity_window_first(:'w_since', :'w_until', 21);
\echo '=== activity, since/until (one week), deep page'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE activity_window_after(:'w_since', :'w_until', :'aw_c', :'aw_id', 21);
