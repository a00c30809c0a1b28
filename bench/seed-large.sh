#!/usr/bin/env bash
# Scale check data: a PostgreSQL database with Gatehouse's schema, N users and M activity_logs rows
# generated in SQL (generate_series), then (with --explain) bench/explain.sql on it, summarised to
# bench/results/explain-<UTC timestamp>.txt.
#
#   bench/seed-large.sh --explain                                  # 1,000,000 users, 10,000,000 activity rows
#   bench/seed-large.sh --users 100000 --activity 1000000 --explain --db gh_benchdev
#   bench/seed-large.sh --explain-only --db gatehouse_bench_scale    # EXPLAIN an existing database again
#
# Options: --db NAME (gatehouse_bench_scale; must contain "bench": it is dropped and recreated),
#          --users N, --activity M, --explain, --explain-only, --drop (drop the database at the end).
# Env: PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres), OUT_DIR (bench/results), BATCH (1000000 rows
#      per activity INSERT).
# The schema comes from the application's Flyway scripts (src/main/resources/db/migration, common +
# postgresql, in version order), applied with psql: the database has the app's tables and indexes but
# no flyway_schema_history, so it is for EXPLAIN and scale checks, not for booting the server on.
#
# The data (deterministic shape, random values):
#   users: created_at over the last 3 years with growth (density rising linearly towards now; rows
#     inserted in created_at order, as an app would); roles 0.05% admin, 2% manager, 8% guest, rest
#     user; 5% inactive; 2% soft-deleted; one bcrypt hash (pgcrypto, cost 12) shared by all rows.
#   activity_logs: created_at over the last 365 days with growth, in insertion order; user_id skewed
#     (ordinal = N * u^2 over users newest first: the newest 1% of users make 10% of the rows, the
#     heaviest user ~M/sqrt(N) rows), ~3.5% NULL (failed/throttled logins of unknown emails);
#     actions: refresh 45%, login 25%, login_failed 10%, logout 6%, registered 3%, user.updated 3%,
#     throttled 2%, password_changed 1.5%, logout_all 1.5%, session.revoked 1.5%, user.created 1%,
#     user.deleted 0.4%, refresh_reuse_detected 0.05%, user.restored 0.05%.
#   activity_logs indexes (and its primary key) are dropped during the load and rebuilt from their
#   exact definitions afterwards (much faster than maintaining them row by row); then VACUUM ANALYZE.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
DB=gatehouse_bench_scale; USERS=1000000; ACTIVITY=10000000; EXPLAIN=0; EXPLAIN_ONLY=0; DROP=0
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}
OUT_DIR=${OUT_DIR:-$SCRIPT_DIR/results}; BATCH=${BATCH:-1000000}
while [ $# -gt 0 ]; do
  case "$1" in
    --db) DB=$2; shift 2 ;;
    --users) USERS=$2; shift 2 ;;
    --activity) ACTIVITY=$2; shift 2 ;;
    --explain) EXPLAIN=1; shift ;;
    --explain-only) EXPLAIN=1; EXPLAIN_ONLY=1; shift ;;
    --drop) DROP=1; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "--db must be a plain lower-case identifier"
case "$DB" in *bench*) ;; *) die "--db must contain 'bench' (this script drops it)" ;; esac
[[ "$USERS" =~ ^[0-9]+$ && "$USERS" -ge 100 ]] || die "--users must be an integer >= 100"
[[ "$ACTIVITY" =~ ^[0-9]+$ ]] || die "--activity must be an integer"
command -v psql >/dev/null || die "psql not found"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$@"; }
secs() { echo $(( $(date +%s) - $1 )); }
T_ALL=$(date +%s)
if [ "$DROP" = 1 ]; then trap 'psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT; fi

if [ "$EXPLAIN_ONLY" != 1 ]; then
  # ---------- schema ----------
  log "recreating database $DB and applying the Flyway scripts with psql"
  psql_ -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
  MIG=$REPO/src/main/resources/db/migration
  # V<n>__*.sql from common/ and postgresql/, ordered by version number
  for f in $(ls "$MIG"/common/V*__*.sql "$MIG"/postgresql/V*__*.sql | awk -F/ '{v = $NF; sub(/^V/, "", v); sub(/__.*/, "", v); print v "\t" $0}' | sort -n | cut -f2); do
    log "  $(basename "$(dirname "$f")")/$(basename "$f")"
    psql_ -d "$DB" -f "$f" >/dev/null
  done

  # ---------- users ----------
  T=$(date +%s)
  log "users: $USERS rows"
  psql_ -d "$DB" -v n="$USERS" <<'SQL'
SET synchronous_commit = off;
SET work_mem = '256MB';
CREATE EXTENSION IF NOT EXISTS pgcrypto;
-- g = 1 oldest .. n newest; x = g/n; created_at = now - 3y + 3y * sqrt(x): signups grow linearly
INSERT INTO users (id, email, password_hash, role, is_active, created_at, updated_at, deleted_at, version)
SELECT gen_random_uuid(),
       'member' || g || '@example.test',
       h.hash,
       CASE WHEN r1 < 0.0005 THEN 'admin' WHEN r1 < 0.0205 THEN 'manager' WHEN r1 < 0.1005 THEN 'guest' ELSE 'user' END,
       r2 >= 0.05,
       c,
       LEAST(now(), c + (r3 * interval '90 days')),
       CASE WHEN r4 < 0.02 THEN LEAST(now(), c + (r3 * interval '180 days')) END,
       CASE WHEN r3 < 0.3 THEN 1 ELSE 0 END
FROM (SELECT crypt('scale-check-password', gen_salt('bf', 12)) AS hash) h,
     generate_series(1, :n) g,
     LATERAL (SELECT random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                     now() - interval '3 years' + interval '3 years' * sqrt(g::float8 / :n)
                         + random() * interval '1 second' AS c) v;
-- The one bootstrap-style admin that an app would surely have.
UPDATE users SET role = 'admin', is_active = true, deleted_at = NULL
 WHERE id = (SELECT id FROM users ORDER BY created_at LIMIT 1);
VACUUM ANALYZE users;
SQL
  log "  users done in $(secs "$T") s"

  # ---------- activity_logs ----------
  if [ "$ACTIVITY" -gt 0 ]; then
    T=$(date +%s)
    log "activity_logs: dropping its primary key and indexes for the load"
    psql_ -d "$DB" -At > "/tmp/seed-large-$DB-indexes.sql" <<'SQL'
SELECT 'ALTER TABLE activity_logs ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid) || ';'
  FROM pg_constraint WHERE conrelid = 'activity_logs'::regclass AND contype = 'p';
SELECT pg_get_indexdef(i.indexrelid) || ';'
  FROM pg_index i WHERE i.indrelid = 'activity_logs'::regclass
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
SQL
    cat "/tmp/seed-large-$DB-indexes.sql" >&2
    psql_ -d "$DB" <<'SQL'
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = 'activity_logs'::regclass AND contype = 'p' LOOP
    EXECUTE 'ALTER TABLE activity_logs DROP CONSTRAINT ' || quote_ident(r.conname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'activity_logs'::regclass LOOP
    EXECUTE 'DROP INDEX ' || quote_ident(r.relname);
  END LOOP;
END $$;
-- users by ordinal, newest first (ordinal 1 = newest): the skewed user picker joins on it
SET client_min_messages = warning;
DROP TABLE IF EXISTS seed_user_ordinal;
CREATE UNLOGGED TABLE seed_user_ordinal AS
  SELECT row_number() OVER (ORDER BY created_at DESC, id DESC)::int AS ord, id FROM users;
ALTER TABLE seed_user_ordinal ADD PRIMARY KEY (ord);
ANALYZE seed_user_ordinal;
SQL
    done_rows=0
    while [ "$done_rows" -lt "$ACTIVITY" ]; do
      lo=$((done_rows + 1)); hi=$((done_rows + BATCH)); [ "$hi" -gt "$ACTIVITY" ] && hi=$ACTIVITY
      psql_ -d "$DB" -v lo="$lo" -v hi="$hi" -v m="$ACTIVITY" -v n="$USERS" <<'SQL'
SET synchronous_commit = off;
SET work_mem = '256MB';
INSERT INTO activity_logs (id, user_id, action, ip_address, user_agent, details, created_at)
SELECT gen_random_uuid(),
       CASE WHEN a.action IN ('auth.login_failed', 'auth.login_throttled') AND a.r_null < 0.3 THEN NULL ELSE u.id END,
       a.action,
       '10.' || (a.g % 200) || '.' || ((a.g / 200) % 250) || '.' || (a.g % 251),
       (ARRAY['Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0',
              'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36',
              'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148',
              'okhttp/4.12.0', 'curl/8.5.0'])[1 + (a.g % 5)],
       CASE WHEN a.action LIKE 'auth.%' THEN '{"session_id":"' || gen_random_uuid() || '"}'
            ELSE '{"target_user_id":"' || u.id || '"}' END,
       a.created_at
FROM (
  SELECT g,
         r_null,
         -- user ordinal skewed towards a few heavy (and recent) users
         1 + LEAST(:n - 1, floor(:n * power(r_user, 2)))::int AS ord,
         CASE WHEN r < 0.45 THEN 'auth.refresh' WHEN r < 0.70 THEN 'auth.login'
              WHEN r < 0.80 THEN 'auth.login_failed' WHEN r < 0.86 THEN 'auth.logout'
              WHEN r < 0.89 THEN 'user.registered' WHEN r < 0.92 THEN 'user.updated'
              WHEN r < 0.94 THEN 'auth.login_throttled' WHEN r < 0.955 THEN 'auth.password_changed'
              WHEN r < 0.97 THEN 'auth.logout_all' WHEN r < 0.985 THEN 'session.revoked'
              WHEN r < 0.995 THEN 'user.created' WHEN r < 0.999 THEN 'user.deleted'
              WHEN r < 0.9995 THEN 'auth.refresh_reuse_detected' ELSE 'user.restored' END AS action,
         -- last 365 days, density rising towards now, rows in time order
         now() - interval '365 days' + interval '365 days' * sqrt(g::float8 / :m) + r_t * interval '1 second' AS created_at
  -- random() per row in the select list (an uncorrelated LATERAL would be evaluated once)
  FROM (SELECT g, random() AS r, random() AS r_null, random() AS r_user, random() AS r_t
          FROM generate_series(:lo, :hi) g) rnd
) a
JOIN seed_user_ordinal u ON u.ord = a.ord;
SQL
      done_rows=$hi
      log "  $done_rows / $ACTIVITY rows ($(secs "$T") s)"
    done
    log "activity_logs: rebuilding the primary key and indexes"
    T2=$(date +%s)
    { echo "SET maintenance_work_mem = '512MB';"; cat "/tmp/seed-large-$DB-indexes.sql"; echo "DROP TABLE seed_user_ordinal;"; echo "VACUUM ANALYZE activity_logs;"; } |
      psql_ -d "$DB" >/dev/null
    rm -f "/tmp/seed-large-$DB-indexes.sql"
    log "  indexes rebuilt in $(secs "$T2") s; activity_logs done in $(secs "$T") s"
  fi
  SEED_S=$(secs "$T_ALL")
  log "seeded in $SEED_S s"
  psql_ -d "$DB" -c "SELECT relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid)) AS total_size FROM pg_stat_user_tables WHERE relname IN ('users', 'activity_logs') ORDER BY 1"
fi

# ---------- EXPLAIN ----------
if [ "$EXPLAIN" = 1 ]; then
  mkdir -p "$OUT_DIR"
  STAMP=$(date -u +%Y%m%dT%H%M%SZ)
  OUT=$OUT_DIR/explain-$STAMP.txt
  RAWF=$(mktemp); RAWG=$(mktemp)
  log "running bench/explain.sql on $DB (custom plans, then generic plans)"
  for mode in custom generic; do
    f=$RAWF; extra=(); [ "$mode" = generic ] && { f=$RAWG; extra=(-v generic=1); }
    psql -X -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" "${extra[@]}" -f "$SCRIPT_DIR/explain.sql" > "$f" 2>&1 \
      || { cat "$f" >&2; die "explain.sql ($mode) failed"; }
  done
  summarise() {
    awk '
      /^=== / { if (name != "") flush(); name = substr($0, 5); nodes = ""; removed = 0; t = ""; buf = ""; next }
      /(Index Only Scan|Index Scan|Seq Scan|Bitmap Index Scan|Bitmap Heap Scan)/ {
        s = $0; sub(/^ *(->)? */, "", s); sub(/  \(cost.*/, "", s); nodes = nodes (nodes == "" ? "" : "; ") s }
      /Rows Removed by Filter:/ { removed += $NF }
      /Buffers:/ && buf == "" { buf = $0; sub(/^ *Buffers: */, "", buf) }
      /Execution Time:/ { t = $3 " ms" }
      function flush() { printf "%-48s | %s | filtered out: %d | %s | %s\n", name, nodes, removed, buf, t }
      END { if (name != "") flush() }' "$1"
  }
  {
    echo "# EXPLAIN (ANALYZE, BUFFERS) of Gatehouse's page queries — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "#"
    echo "# database $DB on $(psql_ -At -d "$DB" -c 'SHOW server_version' | awk '{print "PostgreSQL " $1}'), $PGHOST:$PGPORT; machine: $(nproc) cores, shared"
    psql_ -At -d "$DB" -F ' ' -c "SELECT '# ' || relname || ': ' || n_live_tup || ' rows, ' || pg_size_pretty(pg_total_relation_size(relid)) || ' with indexes' FROM pg_stat_user_tables WHERE relname IN ('users', 'activity_logs') ORDER BY 1"
    [ -n "${SEED_S:-}" ] && echo "# generated by bench/seed-large.sh --users $USERS --activity $ACTIVITY in $SEED_S s"
    echo "# queries: the SQL Hibernate sends (captured from the PostgreSQL log), PREPAREd and EXECUTEd."
    echo "# 'fetch first 21 rows only' = LIMIT 21 = a page of 20 plus one to know whether there is a next page."
    echo "# $(grep -m1 '^parameters:' "$RAWF")"
    echo "#"
    echo "# Columns: query | plan nodes that read the tables | rows read and thrown away by a filter |"
    echo "#          buffers of the whole query (8 KiB pages: hit = in shared buffers, read = from the OS) | execution time"
    echo
    echo "## Custom plans (planned with the actual parameter values: what the first executions of a statement get)"
    echo
    summarise "$RAWF"
    echo
    echo "## Generic plans (plan_cache_mode = force_generic_plan: what a server-side prepared statement may settle on"
    echo "## after five executions, planned without the values)"
    echo
    summarise "$RAWG"
    echo
    echo "# Full output, custom plans"
    echo
    cat "$RAWF"
    echo
    echo "# Full output, generic plans"
    echo
    cat "$RAWG"
  } > "$OUT"
  rm -f "$RAWF" "$RAWG"
  log "EXPLAIN written to $OUT"
  sed -n '1,/^# Full output/p' "$OUT" | sed '$d'
fi
log "total $(secs "$T_ALL") s"
