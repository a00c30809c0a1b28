#!/usr/bin/env bash
# Password-reset enumeration check: median latency of POST /api/auth/password-reset for unknown
# emails, known emails that get a mail, and known emails past PASSWORD_RESET_MAX_PER_HOUR, on one
# server, 1 connection, alternating rounds. API.md wants the medians within 10%.
#
#   bench/reset-timing.sh                    # build, then 3 rounds x 3 modes x 10 s (~4 min)
#   ROUNDS=5 DURATION=20s bench/reset-timing.sh --skip-build
#
# Knobs: GH_PORT (18490), DB_NAME (gatehouse_bench_reset), PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres),
# JVM_OPTS (-Xms128m -Xmx512m -XX:+UseSerialGC), ROUNDS (3), DURATION (10s), WARMUP (20s),
# USERS (40000 seeded), LIMITED (200 of them pre-exhausted), BENCH_WORK (/tmp/gatehouse-reset-bench),
# MIN_RESPONSE_MS (the server's PASSWORD_RESET_MIN_RESPONSE_MS, default 200; 0 shows the raw work),
# OUT_DIR (bench/results: the result is also written there as reset-timing-<UTC timestamp>.md).
# Mails wait in the outbox (no SMTP_HOST), so delivery costs nothing during the measurement.
# Needs: java 17+, mvn, psql with trust auth for $PGUSER on 127.0.0.1, wrk, openssl, curl. All traffic is local.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
PORT=${GH_PORT:-18490}
DB_NAME=${DB_NAME:-gatehouse_bench_reset}
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}
JVM_OPTS=${JVM_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-20s}
USERS=${USERS:-40000}
LIMITED=${LIMITED:-200}
WORK=${BENCH_WORK:-/tmp/gatehouse-reset-bench}
MIN_RESPONSE_MS=${MIN_RESPONSE_MS:-200}
OUT_DIR=${OUT_DIR:-$SCRIPT_DIR/results}
SKIP_BUILD=0
[ "${1:-}" = "--skip-build" ] && SKIP_BUILD=1

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
psql_() { psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$SKIP_BUILD" = 0 ]; then
  log "building the WAR"
  (cd "$REPO" && mvn -B -q package -DskipTests -Dcheckstyle.skip -Dspotbugs.skip -Djacoco.skip)
fi
rm -rf "$WORK"; mkdir -p "$WORK/tmp"
psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME"

log "starting Gatehouse on port $PORT"
# shellcheck disable=SC2086
(cd "$WORK" && exec env DATABASE_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$DB_NAME" \
  SECRET_KEY="$(openssl rand -base64 48)" BCRYPT_COST=4 LOG_DIR="$WORK/logs" \
  RATE_LIMIT_PER_MINUTE=10000000 AUTH_RATE_LIMIT_PER_MINUTE=10000000 PASSWORD_RESET_MAX_PER_HOUR=3 PASSWORD_RESET_MIN_RESPONSE_MS="$MIN_RESPONSE_MS" \
  java $JVM_OPTS -Djava.io.tmpdir="$WORK/tmp" -jar "$REPO/target/payara-micro.jar" --deploy "$REPO/target/gatehouse.war" \
  --contextroot / --port "$PORT" --disablephonehome --nocluster >"$WORK/server.log" 2>&1) &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/health/ready")" = 200 ] && break
  kill -0 $SERVER 2>/dev/null || { tail -40 "$WORK/server.log"; exit 1; }
  sleep 1
done

log "seeding $USERS users, $LIMITED of them already at the hourly reset limit"
HASH='$2a$04$abcdefghijklmnopqrstuuQ0Ct3M2H2yKkXq0h6a7P5RrKx8OZy6e'
psql_ -d "$DB_NAME" <<SQL
INSERT INTO users (id, email, password_hash, role, is_active, created_at, updated_at, version, email_verified)
SELECT gen_random_uuid(), 'user' || i || '@bench.test', '$HASH', 'user', TRUE, now(), now(), 0, FALSE
FROM generate_series(1, $USERS) AS i;
INSERT INTO account_tokens (id, user_id, purpose, token_hash, email, created_at, expires_at)
SELECT gen_random_uuid(), u.id, 'password_reset', md5(random()::text) || md5(random()::text), u.email, now(), now() + interval '30 minutes'
FROM users u, generate_series(1, 3) AS n
WHERE u.email IN (SELECT 'user' || i || '@bench.test' FROM generate_series(1, $LIMITED) AS i);
ANALYZE;
SQL

# p50 of a wrk --latency run, in microseconds
p50_us() {
  awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); print v } else if (v ~ /ms$/) { sub(/ms/, "", v); print v * 1000 }
                     else if (v ~ /s$/) { sub(/s/, "", v); print v * 1000000 } }' "$1"
}
next_user=$((LIMITED + 1))
run() { # mode duration label -> prints p50 in us
  local mode=$1 duration=$2 label=$3 first=$next_user
  [ "$mode" = known ] && next_user=$((next_user + 20000 / ROUNDS / 2))
  BENCH_LUA_DIR="$SCRIPT_DIR/lua" RESET_MODE=$mode RESET_FIRST=$([ "$mode" = limited ] && echo 1 || echo $first) \
    RESET_COUNT=$([ "$mode" = limited ] && echo "$LIMITED" || echo 1000000) RUN_ID="$label" \
    wrk -t1 -c1 -d"$duration" --latency -s "$SCRIPT_DIR/lua/reset.lua" "http://127.0.0.1:$PORT/api/auth/password-reset" \
    >"$WORK/$label.txt" 2>&1
  if grep -q "Non-2xx" "$WORK/$label.txt" || grep -q "Socket errors" "$WORK/$label.txt"; then
    log "unexpected status or socket error in $label:"; cat "$WORK/$label.txt" >&2; exit 1
  fi
  p50_us "$WORK/$label.txt"
}

log "warmup ($WARMUP per mode)"
for mode in unknown known limited; do run "$mode" "$WARMUP" "warmup-$mode" >/dev/null; done

declare -A P50
for r in $(seq 1 "$ROUNDS"); do
  for mode in unknown known limited; do
    log "round $r: $mode ($DURATION, 1 connection)"
    P50[$mode-$r]=$(run "$mode" "$DURATION" "$mode-$r")
  done
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
declare -A MED
for mode in unknown known limited; do
  vals=(); for r in $(seq 1 "$ROUNDS"); do vals+=("${P50[$mode-$r]}"); done
  MED[$mode]=$(median "${vals[@]}")
done
queued=$(psql_ -d "$DB_NAME" -c "SELECT count(*) FROM mail_outbox")

{
  echo "## Password-reset timing ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $ROUNDS rounds x $DURATION, 1 connection, PASSWORD_RESET_MIN_RESPONSE_MS=$MIN_RESPONSE_MS)"
  echo
  echo "| request | p50 per round (µs) | median of rounds (µs) | vs unknown |"
  echo "| --- | --- | --- | --- |"
  for mode in unknown known limited; do
    vals=(); for r in $(seq 1 "$ROUNDS"); do vals+=("${P50[$mode-$r]}"); done
    ratio=$(awk -v a="${MED[$mode]}" -v b="${MED[unknown]}" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }')
    echo "| $mode | ${vals[*]} | ${MED[$mode]} | $ratio |"
  done
  echo
  echo "unknown = an email no account has; known = an active account under the hourly limit (a token and a"
  echo "sealed mail are queued: $queued mails in the outbox at the end); limited = an account already at"
  echo "PASSWORD_RESET_MAX_PER_HOUR (nothing queued). Every request answered 202."
} | tee "$WORK/result.md"
mkdir -p "$OUT_DIR"; cp "$WORK/result.md" "$OUT_DIR/reset-timing-$(date -u +%Y%m%dT%H%M%SZ).md"
kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true
psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1 || true
