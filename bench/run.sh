#!/usr/bin/env bash
# Gatehouse end-to-end benchmark: one command, one Markdown results file.
#
#   bench/run.sh                       # build, 10,000 users, every scenario (~12 min on 2 cores)
#   bench/run.sh --server wildfly      # the same WAR on WildFly (server-config/wildfly/prepare.sh)
#   bench/run.sh --users 50000         # more seeded users
#   WRK_DURATION=10s bench/run.sh --users 2000 --skip-build
#
# What it does (see bench/README.md for the meaning of each figure):
#   1. builds the WAR (mvn package, tests and checks skipped) unless --skip-build;
#   2. times one bcrypt verification at BCRYPT_COST with the WAR's own jbcrypt jar (single thread);
#   3. drops and recreates the database $DB_NAME (default gatehouse_bench), boots Gatehouse on it
#      (boot #1: launch -> first 200 on /api/health/ready, Flyway creates the schema, the bootstrap
#      admin is created), seeds --users N users via SQL (one pgcrypto bcrypt hash shared by all),
#      restarts (boot #2: existing database), samples VmRSS at ready; then ROUNDS consecutive measured
#      rounds of each of ROUND_SCENARIOS with no warmup (cold to warm, as Keycloak's userinfo-r1..r3);
#   4. runs wrk scenarios (warmup discarded, then measured) against 127.0.0.1 and, for each, prints
#      req/s, p50, p99, non-2xx / socket errors and the server JVM's CPU-ms per request
#      (utime+stime from /proc/<pid>/stat); VmRSS after the load;
#   5. (Payara only) prices the edge filter chain: two fresh servers side by side (EDGE_FILTERS_ENABLED=true on GH_PORT,
#      false on GH_PORT+1), the same warmup, then alternating rounds of health and me on each;
#   6. writes bench/results/results-<UTC timestamp>.md, prints it, stops the servers (always, trap
#      on EXIT) and drops the database (unless --keep-db).
# Exit status 1 if any scenario had an unexpected status or socket error (the results are still written).
#
# Knobs (environment): SERVER (payara | wildfly; also --server), GH_PORT (18480; WildFly gets the port
# offset GH_PORT - 8080), MICRO_OPTS (extra Payara Micro options, e.g. --rootdir DIR), MICRO_JAR (default
# target/payara-micro.jar; target/payara-run/root/launch-micro.jar after server-config/payara/run.sh --train, with
# JVM_OPTS carrying its -XX:SharedArchiveFile or -XX:AOTCache), WAR (another build of the WAR, for an A/B; default
# target/gatehouse.war), WILDFLY_VERSION, WILDFLY_TRAIN (0; 1 = server-config/wildfly/train.sh on the prepared WildFly
# with JAVA_BIN, a JDK 25+, and JVM_OPTS: its boots then use the AOT cache),
# ROUNDS (3), ROUND_SCENARIOS ("me refresh"), JWT_ALGORITHM (HS256; also --jwt-algorithm: RS256, ES256, EdDSA, ...), DB_NAME (gatehouse_bench),
# DB_URL_QUERY (appended to DATABASE_URL, e.g. "?prepareThreshold=5": the driver's default, every statement named after five runs), PGHOST/PGPORT/PGUSER
# (127.0.0.1/5432/postgres), JAVA_BIN (java), JVM_OPTS ("-Xms128m -Xmx512m -XX:+UseSerialGC" on Payara, "-Xms64m …" on WildFly), BCRYPT_COST (12),
# USERS (10000), WRK_CONNS (32), WRK_THREADS (2), WRK_WARMUP (5s), WRK_DURATION (20s), WRK_TIMEOUT (30s),
# TIMING_DURATION (half of WRK_DURATION), TIMING_ROUNDS (2), REFRESH_SESSIONS (2 x WRK_CONNS),
# BCRYPT_SAMPLES (20), BOOT_TIMEOUT_S (300), DRAIN_MAX_S (30), FILTER_ROUNDS (3),
# FILTER_DURATION (half of WRK_DURATION), FILTER_WARMUP (30s), FILTER_AA (0; 1 = A/A control of the filter test),
# SCENARIOS ("health me users-page refresh login login-timing filters"), OUT_DIR (bench/results),
# BENCH_WORK (/tmp/gatehouse-bench: logs, raw wrk output), SKIP_BUILD (0), KEEP_DB (0).
# Needs: bash, java 17+, mvn, psql + a local PostgreSQL with trust auth for $PGUSER, curl, jq, wrk,
# openssl (curl/jq/wrk are apt-get installed if absent). Run it from a copy if you edit it meanwhile:
# bash reads scripts lazily.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)

# ---------- knobs ----------
PORT=${GH_PORT:-18480}
DB_NAME=${DB_NAME:-gatehouse_bench}
DB_URL_QUERY=${DB_URL_QUERY:-}
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}
JAVA_BIN=${JAVA_BIN:-java}
JVM_OPTS=${JVM_OPTS:-}
BCRYPT_COST=${BCRYPT_COST:-12}
USERS=${USERS:-10000}
WRK_CONNS=${WRK_CONNS:-32}; WRK_THREADS=${WRK_THREADS:-2}
WRK_WARMUP=${WRK_WARMUP:-5s}; WRK_DURATION=${WRK_DURATION:-20s}; WRK_TIMEOUT=${WRK_TIMEOUT:-30s}
TIMING_DURATION=${TIMING_DURATION:-}
TIMING_ROUNDS=${TIMING_ROUNDS:-2}
REFRESH_SESSIONS=${REFRESH_SESSIONS:-$((2 * WRK_CONNS))}
BCRYPT_SAMPLES=${BCRYPT_SAMPLES:-20}
BOOT_TIMEOUT_S=${BOOT_TIMEOUT_S:-300}
DRAIN_MAX_S=${DRAIN_MAX_S:-30}
FILTER_ROUNDS=${FILTER_ROUNDS:-3}
FILTER_DURATION=${FILTER_DURATION:-}
FILTER_WARMUP=${FILTER_WARMUP:-30s}
FILTER_AA=${FILTER_AA:-0}   # 1 = control run: the "off" server keeps the filters on too (an A/A test of the method)
SCENARIOS=${SCENARIOS:-"health me users-page refresh login login-timing filters"}
OUT_DIR=${OUT_DIR:-$SCRIPT_DIR/results}
WORK_ROOT=${BENCH_WORK:-/tmp/gatehouse-bench}
SKIP_BUILD=${SKIP_BUILD:-0}
SERVER=${SERVER:-payara}
MICRO_OPTS=${MICRO_OPTS:-}
ROUNDS=${ROUNDS:-3}
JWT_ALGORITHM=${JWT_ALGORITHM:-HS256}
ROUND_SCENARIOS=${ROUND_SCENARIOS:-"me refresh"}
KEEP_DB=${KEEP_DB:-0}

while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS=$2; shift 2 ;;
    --users=*) USERS=${1#--users=}; shift ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --keep-db) KEEP_DB=1; shift ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --scenarios=*) SCENARIOS=${1#--scenarios=}; shift ;;
    --server) SERVER=$2; shift 2 ;;
    --server=*) SERVER=${1#--server=}; shift ;;
    --jwt-algorithm) JWT_ALGORITHM=$2; shift 2 ;;
    --jwt-algorithm=*) JWT_ALGORITHM=${1#--jwt-algorithm=}; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
# Payara boots faster from a 128 MB heap (fewer collections while it deploys) at no memory cost after the load; WildFly
# showed no clear gain (bench/results/boot-levers-20261206T2305Z.md)
if [ -z "$JVM_OPTS" ]; then
  if [ "$SERVER" = payara ]; then JVM_OPTS="-Xms128m -Xmx512m -XX:+UseSerialGC"; else JVM_OPTS="-Xms64m -Xmx512m -XX:+UseSerialGC"; fi
fi

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# seconds in a wrk duration (20s, 2m, 1h, 30)
dur_s() {
  local d=$1
  case "$d" in
    *h) echo $(( ${d%h} * 3600 )) ;; *m) echo $(( ${d%m} * 60 )) ;; *s) echo "${d%s}" ;; *) echo "$d" ;;
  esac
}
[[ "$USERS" =~ ^[0-9]+$ ]] && [ "$USERS" -ge 1 ] || die "--users must be a positive integer"
[[ "$DB_NAME" =~ ^[a-z_][a-z0-9_]*$ ]] || die "DB_NAME must be a plain lower-case identifier"
case "$DB_NAME" in *bench*) ;; *) die "DB_NAME must contain 'bench' (this script drops it)" ;; esac
[ "$REFRESH_SESSIONS" -ge $((2 * WRK_CONNS)) ] || die "REFRESH_SESSIONS must be >= 2 x WRK_CONNS"
for d in "$WRK_WARMUP" "$WRK_DURATION" "$WRK_TIMEOUT"; do [[ "$(dur_s "$d")" =~ ^[0-9]+$ ]] || die "bad duration: $d"; done
[ -n "$TIMING_DURATION" ] || TIMING_DURATION="$(( ($(dur_s "$WRK_DURATION") + 1) / 2 ))s"
[ -n "$FILTER_DURATION" ] || FILTER_DURATION="$(( ($(dur_s "$WRK_DURATION") + 1) / 2 ))s"
case "$SERVER" in payara|wildfly) ;; *) die "--server must be payara or wildfly" ;; esac
[[ "$ROUNDS" =~ ^[0-9]+$ ]] || die "ROUNDS must be a number"
for s in $ROUND_SCENARIOS; do case "$s" in me|refresh|health) ;; *) die "unknown round scenario: $s" ;; esac; done
if [ "$SERVER" = wildfly ] && [[ " $SCENARIOS " == *" filters "* ]]; then
  # Two servers side by side would need two WildFly homes; the filter chain is the WAR's code, priced on Payara.
  SCENARIOS=$(printf '%s\n' $SCENARIOS | grep -vx filters | paste -sd ' ' -)
fi
want() { [[ " $SCENARIOS " == *" $1 "* ]]; }
for s in $SCENARIOS; do
  case "$s" in health|me|users-page|refresh|login|login-timing|filters) ;; *) die "unknown scenario: $s" ;; esac
done

# ---------- tools ----------
missing=()
for t in curl jq wrk; do command -v "$t" >/dev/null || missing+=("$t"); done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} (apt-get)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y "${missing[@]}" >/dev/null || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
  else sudo apt-get install -y "${missing[@]}" >/dev/null; fi
fi
for t in curl jq wrk psql openssl mvn awk ps timeout "$JAVA_BIN"; do command -v "$t" >/dev/null || die "missing tool: $t"; done

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RUN_ID=$(date -u +%s)
WORK=$WORK_ROOT/run-$STAMP
RAW=$WORK/raw
mkdir -p "$RAW" "$WORK/tmp" "$OUT_DIR"
chmod 700 "$WORK_ROOT" "$WORK"
RESULTS=$OUT_DIR/results-$STAMP-$SERVER$([ "$JWT_ALGORITHM" = HS256 ] || echo "-$JWT_ALGORITHM").md
BASE=http://127.0.0.1:$PORT
CLK_TCK=$(getconf CLK_TCK)
CORES=$(nproc)
BENCH_LUA_DIR=$SCRIPT_DIR/lua
export BENCH_LUA_DIR

# ---------- server process (stopped by PID only) ----------
SPID=""      # the server being measured (snap, drain, rss read its /proc entries)
PIDS=()      # every server this run started and has not stopped yet
# stop_server [PID]: SIGTERM, then SIGKILL after 30 s; default the current server
stop_server() {
  local p=${1:-$SPID} q rest=()
  [ -n "$p" ] || return 0
  if kill -0 "$p" 2>/dev/null; then
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$p" 2>/dev/null; then log "server $p still alive after 30 s, SIGKILL"; kill -KILL "$p" 2>/dev/null || true; fi
  fi
  wait "$p" 2>/dev/null || true
  for q in "${PIDS[@]}"; do [ "$q" = "$p" ] || rest+=("$q"); done
  PIDS=("${rest[@]}")
  [ "$p" = "$SPID" ] && SPID=""
  return 0
}
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$@"; }
cleanup() {
  local rc=$? p
  for p in "${PIDS[@]}"; do stop_server "$p"; done
  rm -f "$WORK"/*.tokens
  rm -rf "$WORK/tmp"
  if [ "$KEEP_DB" != 1 ] && [ -n "${DB_CREATED:-}" ]; then
    psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

curl -s -o /dev/null --max-time 2 "$BASE/" && die "port $PORT is already in use (set GH_PORT)"

# ---------- CPU accounting from /proc (clock ticks) ----------
# shellcheck source=bench/proc-cpu.sh
. "$SCRIPT_DIR/proc-cpu.sh"   # ticks, machine_busy, pg_pids, pg_total
# snap -> "machine_busy server postgres": all cores' busy ticks; server JVM utime+stime; the
# PostgreSQL backends connected to $DB_NAME
snap() {
  local m k=0 p
  m=$(machine_busy)
  [ -n "$SPID" ] && k=$(ticks "$SPID")
  p=$(pg_total)
  echo "$m $k $p"
}
server_ticks() { awk '{print $14 + $15}' "/proc/$SPID/stat"; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SPID/status"; }
hwm_mb() { awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SPID/status"; }
# drain: wait until the server JVM uses < 20% of a core over half a second (requests still in flight
# when wrk stopped are finished by the server), at most DRAIN_MAX_S
drain() {
  local t0 a b
  t0=$(date +%s)
  while :; do
    a=$(server_ticks); sleep 0.5; b=$(server_ticks)
    [ $(( (b - a) * 100 * 2 )) -lt $(( 20 * CLK_TCK )) ] && return 0
    [ $(( $(date +%s) - t0 )) -ge "$DRAIN_MAX_S" ] && { log "  server still busy after ${DRAIN_MAX_S}s, going on"; return 0; }
  done
}

# ---------- 1. build ----------
if [ "$SKIP_BUILD" != 1 ]; then
  log "building the WAR (mvn package, tests and checks skipped)"
  (cd "$REPO" && timeout 1800 mvn -B -q package -DskipTests -Dcheckstyle.skip -Dspotbugs.skip -Djacoco.skip) \
    > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build failed (log: $WORK/build.log)"; }
fi
WAR=$(realpath "${WAR:-$REPO/target/gatehouse.war}"); MICRO=${MICRO_JAR:-$REPO/target/payara-micro.jar}
export GATEHOUSE_WAR=$WAR
[ -s "$WAR" ] && [ -s "$MICRO" ] || die "missing $WAR or $MICRO (build first)"
if [ "$SERVER" = wildfly ]; then
  log "preparing WildFly (server-config/wildfly/prepare.sh)"
  JBOSS_HOME=$("$REPO/server-config/wildfly/prepare.sh" "$WORK/wildfly" 2> "$WORK/prepare.log") \
    || { tail -20 "$WORK/prepare.log" >&2; die "WildFly preparation failed"; }
  if [ "${WILDFLY_TRAIN:-0}" = 1 ]; then
    log "training WildFly (server-config/wildfly/train.sh)"
    JAVA=$JAVA_BIN JVM_OPTS=$JVM_OPTS PORT=$PORT "$REPO/server-config/wildfly/train.sh" "$JBOSS_HOME" > "$WORK/train.log" 2>&1 \
      || { tail -20 "$WORK/train.log" >&2; die "WildFly training failed"; }
    JVM_NOTE=" + the AOT cache of server-config/wildfly/train.sh"
  fi
fi
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "?")
git -C "$REPO" diff --quiet HEAD -- src pom.xml 2>/dev/null || COMMIT="$COMMIT (+ uncommitted changes)"
JBCRYPT=$(ls "$REPO"/target/gatehouse/WEB-INF/lib/jbcrypt-*.jar 2>/dev/null | head -1)
[ -n "$JBCRYPT" ] || JBCRYPT=$(ls ~/.m2/repository/org/mindrot/jbcrypt/0.4/jbcrypt-0.4.jar 2>/dev/null | head -1)
[ -n "$JBCRYPT" ] || die "jbcrypt jar not found (target/gatehouse/WEB-INF/lib or ~/.m2)"
JDK_DESC=$("$JAVA_BIN" -version 2>&1 | sed -n 2p)

# ---------- 2. bcrypt cost on this machine (before the server runs) ----------
HASH_CPU_MS=""; HASH_WALL_MS=""; PAR_CPU_MS=""; PAR_RATE=""
if want login; then
  log "bcrypt: median of $BCRYPT_SAMPLES single-thread verifications at cost $BCRYPT_COST ($(basename "$JBCRYPT"))"
  if timeout 600 "$JAVA_BIN" -cp "$JBCRYPT" "$SCRIPT_DIR/java/BcryptBench.java" "$BCRYPT_COST" "$BCRYPT_SAMPLES" > "$RAW/bcrypt.txt" 2>&1; then
    read -r _ HASH_CPU_MS HASH_WALL_MS _ < "$RAW/bcrypt.txt"
    log "  one hash: ${HASH_CPU_MS} ms CPU (${HASH_WALL_MS} ms wall)"
  else
    log "  bcrypt timing failed: $(tail -2 "$RAW/bcrypt.txt")"
  fi
  # What the cores reach with one bcrypt per core at once and nothing else: the bound a server can meet.
  if timeout 600 "$JAVA_BIN" -cp "$JBCRYPT" "$SCRIPT_DIR/java/BcryptBench.java" "$BCRYPT_COST" 8 "$CORES" > "$RAW/bcrypt-parallel.txt" 2>&1; then
    read -r _ PAR_CPU_MS PAR_RATE _ < "$RAW/bcrypt-parallel.txt"
    log "  $CORES hashes at once: ${PAR_CPU_MS} ms CPU each, ${PAR_RATE} hashes/s"
  else
    log "  parallel bcrypt timing failed: $(tail -2 "$RAW/bcrypt-parallel.txt")"
  fi
fi

# ---------- 3. database, secrets, boots, seed ----------
log "recreating database $DB_NAME"
psql_db -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME" >/dev/null \
  || die "cannot create database $DB_NAME on $PGHOST:$PGPORT as $PGUSER"
DB_CREATED=1
DB_DESC="$(psql_db -At -d postgres -c 'SHOW server_version' | awk '{print "PostgreSQL " $1}') at $PGHOST:$PGPORT, database $DB_NAME"
SECRET=$(openssl rand -base64 48 | tr -d '\n')
ADMIN_EMAIL=admin@bench.test
ADMIN_PW=$(openssl rand -hex 16)
USER_PW=$(openssl rand -hex 12)   # password of every seeded user

# start_server LABEL EDGE_FILTERS_ENABLED [PORT] -> SPID, BASE (it becomes the current server), BOOT_S, BOOT_CPU_S,
# RUNTIME_READY (the runtime's own boot time in ms, from its log), RUNTIME_VERSION
start_server() {
  local label=$1 edge=$2 port=${3:-$PORT} logf=$WORK/server-$1.log t0 t1 code ready404=0
  BASE=http://127.0.0.1:$port
  curl -s -o /dev/null --max-time 2 "$BASE/" && die "port $port is already in use"
  t0=$(date +%s%N)
  rm -f "$WORK/wildfly.pid"
  (
    export DATABASE_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$DB_NAME$DB_URL_QUERY" SECRET_KEY="$SECRET" BCRYPT_COST="$BCRYPT_COST" \
      RATE_LIMIT_PER_MINUTE=10000000 AUTH_RATE_LIMIT_PER_MINUTE=10000000 LOGIN_MAX_FAILURES=1000 \
      EDGE_FILTERS_ENABLED="$edge" BOOTSTRAP_ADMIN_EMAIL="$ADMIN_EMAIL" BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PW" \
      LOG_DIR="$WORK/app-logs" JWT_ALGORITHM="$JWT_ALGORITHM"
    if [ "$SERVER" = wildfly ]; then
      # standalone.sh runs the JVM in the background and writes its pid (the process measured).
      export LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$WORK/wildfly.pid" JAVA="$JAVA_BIN" \
        JAVA_OPTS="$JVM_OPTS -Djava.io.tmpdir=$WORK/tmp -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true"
      exec "$JBOSS_HOME/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
        -Djboss.socket.binding.port-offset=$((port - 8080))
    fi
    # a trained launcher's root first forgets the previous boot's deployment (server-config/payara/run.sh)
    case "$MICRO" in */root/launch-micro.jar) STATE=${MICRO%/root/launch-micro.jar} "$REPO/server-config/payara/run.sh" --forget ;; esac
    # shellcheck disable=SC2086  # JVM_OPTS and MICRO_OPTS are lists of options
    exec "$JAVA_BIN" $JVM_OPTS -Djava.io.tmpdir="$WORK/tmp" -jar "$MICRO" --deploy "$WAR" --contextroot / \
      --port "$port" --disablephonehome --nocluster --prebootcommandfile "$REPO/server-config/payara/boot-commands.asadmin" $MICRO_OPTS
  ) > "$logf" 2>&1 &
  SPID=$!
  if [ "$SERVER" = wildfly ]; then
    for _ in $(seq 1 200); do [ -s "$WORK/wildfly.pid" ] && break; sleep 0.05; done
    [ -s "$WORK/wildfly.pid" ] || die "WildFly wrote no pid file ($label; log $logf)"
    SPID=$(cat "$WORK/wildfly.pid")
  fi
  PIDS+=("$SPID")
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/api/health/ready" || true)
    [ "$code" = 200 ] && break
    kill -0 "$SPID" 2>/dev/null || { tail -30 "$logf" >&2; die "server exited during boot ($label; log $logf)"; }
    if [ "$code" = 404 ] && grep -qE 'ready in|WFLYSRV0025' "$logf"; then   # the runtime is up but the WAR did not deploy
      ready404=$((ready404 + 1)); [ "$ready404" -ge 20 ] && { grep -m5 -iE 'SEVERE|Exception' "$logf" >&2 || true; die "deploy failed ($label; log $logf)"; }
    fi
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -ge "$BOOT_TIMEOUT_S" ] && die "not ready after ${BOOT_TIMEOUT_S}s ($label; log $logf)"
    sleep 0.25
  done
  t1=$(date +%s%N)
  BOOT_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
  BOOT_CPU_S=$(awk -v k="$(server_ticks)" -v t="$CLK_TCK" 'BEGIN {printf "%.1f", k / t}')
  if [ "$SERVER" = wildfly ]; then
    for _ in $(seq 1 20); do grep -q 'WFLYSRV0025' "$logf" && break; sleep 0.5; done   # logged after the WAR answers
    RUNTIME_READY=$(grep -o 'WFLYSRV0025: .* started in [0-9]*ms' "$logf" | head -1 | sed 's/.*started in //; s/ms//')
    RUNTIME_VERSION=$(grep -o 'WildFly [0-9.]*Final' "$logf" | head -1)
  else
    # Payara logs its banner just after the WAR answers: a fast boot can be ready before it is written.
    for _ in $(seq 1 20); do grep -q 'ready in [0-9,]* (ms)' "$logf" && break; sleep 0.5; done
    RUNTIME_READY=$({ grep -o 'ready in [0-9,]* (ms)' "$logf" || true; } | head -1 | tr -dc '0-9')
    RUNTIME_VERSION=$({ grep -o 'Payara Micro [0-9.]* (build [0-9]*)' "$logf" || true; } | head -1)
    # the banner follows every deployment: more than one would mean the WAR measured is not the one answering
    [ "$(grep -c 'Loading application \[gatehouse\] at' "$logf" || true)" -le 1 ] \
      || die "Payara deployed the WAR more than once ($label; log $logf)"
  fi
}

log "boot #1: fresh database (Flyway creates the schema, bootstrap admin)"
start_server boot1 true
BOOT1_S=$BOOT_S; BOOT1_CPU=$BOOT_CPU_S; BOOT1_RT=$RUNTIME_READY; RSS_BOOT1=$(rss_mb)
log "  ready in ${BOOT1_S}s (${SERVER}: ${BOOT1_RT} ms; JVM CPU ${BOOT1_CPU}s; RSS ${RSS_BOOT1} MB)"

log "seeding $USERS users via SQL (pgcrypto bcrypt cost $BCRYPT_COST, one hash for all)"
SEED_T0=$(date +%s)
{ printf "\\set pw '%s'\n" "$USER_PW"; cat <<'SQL'; } |   # the password via stdin, not argv
CREATE EXTENSION IF NOT EXISTS pgcrypto;
-- user<i>@bench.test, i = 1..n; created one minute apart (user n newest); 90% user, 9% guest, 1% manager.
INSERT INTO users (id, email, password_hash, role, is_active, created_at, updated_at, deleted_at, version)
SELECT gen_random_uuid(), 'user' || g || '@bench.test', h.hash,
       CASE WHEN g % 100 = 0 THEN 'manager' WHEN g % 11 = 0 THEN 'guest' ELSE 'user' END,
       true, ts, ts, NULL, 0
FROM (SELECT crypt(:'pw', gen_salt('bf', :cost)) AS hash) h,
     generate_series(1, :n) g,
     LATERAL (SELECT now() - interval '1 minute' * (:n - g + 1)) t(ts);
ANALYZE users;
SQL
  timeout 1800 psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB_NAME" \
    -v n="$USERS" -v cost="$BCRYPT_COST" >/dev/null || die "seeding failed"
SEED_S=$(( $(date +%s) - SEED_T0 ))
log "  seeded in ${SEED_S}s"

stop_server
log "boot #2: existing database ($USERS users)"
start_server boot2 true
BOOT2_S=$BOOT_S; BOOT2_CPU=$BOOT_CPU_S; BOOT2_RT=$RUNTIME_READY; RSS_READY=$(rss_mb)
log "  ready in ${BOOT2_S}s (${SERVER}: ${BOOT2_RT} ms; JVM CPU ${BOOT2_CPU}s; RSS ${RSS_READY} MB)"

# ---------- helpers: tokens ----------
# login_json EMAIL PASSWORD -> token pair JSON (password via stdin, never on a command line)
login_json() {
  printf '{"email":"%s","password":"%s"}' "$1" "$2" |
    curl -s --max-time 60 -H 'Content-Type: application/json' --data-binary @- "$BASE/api/auth/login"
}
access_token() { login_json "$1" "$2" | jq -r '.access_token // empty'; }
# login_pool FILE FIRST COUNT: one fresh session (refresh token) per line, users FIRST.. (wrapping)
login_pool() {
  local file=$1 first=$2 count=$3
  seq "$first" $((first + count - 1)) |
    BENCH_PASSWORD=$USER_PW BENCH_N=$USERS BASE=$BASE xargs -P "$CORES" -I{} sh -c '
      i=$(( ({} - 1) % BENCH_N + 1 ))
      printf "{\"email\":\"user%s@bench.test\",\"password\":\"%s\"}" "$i" "$BENCH_PASSWORD" |
        curl -s --max-time 120 -H "Content-Type: application/json" --data-binary @- "$BASE/api/auth/login" |
        jq -r ".refresh_token // empty"' > "$file"
  [ "$(grep -c . "$file")" = "$count" ] || die "could not log in $count sessions for the refresh pool ($(grep -c . "$file") ok)"
}

# ---------- 4. scenarios ----------
ORDER=()
declare -A R_LABEL=() R_CONNS=() R_RPS=() R_P50=() R_P99=() R_TOT=() R_NON=() R_SOCK=() R_MS=() R_PGMS=() \
  R_SRV=() R_OTHER=() R_WRK=() R_STATUS=() R_OK=() R_NOTE=() R_SUST=()
FAILED=()

# wrk_run OUT DURATION THREADS CONNS [wrk args... URL]: bounded by timeout
wrk_run() {
  local out=$1 d=$2 th=$3 co=$4; shift 4
  timeout $(( $(dur_s "$d") + $(dur_s "$WRK_TIMEOUT") + 30 )) \
    wrk -t"$th" -c"$co" -d"$d" --timeout "$WRK_TIMEOUT" --latency "$@" > "$out" 2>&1 || true
}

# measure NAME LABEL THREADS CONNS DURATION WARMUP EXPECT [wrk args... URL]
#   EXPECT: 2xx (no non-2xx, no socket errors) or 401 (every response a 401, from the Lua status lines)
measure() {
  local name=$1 label=$2 th=$3 co=$4 d=$5 warm=$6 expect=$7; shift 7
  local m0 k0 p0 m1 k1 p1 m2 k2 p2 w_r w_u w_s TIMEFORMAT='%R %U %S'
  if [ "$warm" != 0 ] && [ "$warm" != 0s ]; then
    wrk_run "$RAW/$name.warmup.txt" "$warm" "$th" "$co" "$@"
  fi
  drain   # whatever ran before has finished on the server
  local t0 t2
  read -r m0 k0 p0 < <(snap); t0=$(date +%s%N)
  { time wrk_run "$RAW/$name.txt" "$d" "$th" "$co" "$@"; } 2> "$RAW/$name.time"
  read -r m1 k1 p1 < <(snap)
  drain
  read -r m2 k2 p2 < <(snap); t2=$(date +%s%N)
  read -r w_r w_u w_s < "$RAW/$name.time" || { w_r=1; w_u=0; w_s=0; }
  local rps p50 p99 tot non sock
  read -r rps p50 p99 tot non sock < <(awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }  /^ +50%/ { p50 = ms($2) }  /^ +99%/ { p99 = ms($2) }  / requests in / { tot = $1 }
    /Non-2xx or 3xx responses:/ { non = $5 }
    /Socket errors:/ { gsub(/,/, ""); se = $4 + $6 + $8 + $10 }
    END { printf "%.1f %.2f %.2f %d %d %d\n", rps, p50, p99, tot, non, se }' "$RAW/$name.txt")
  # CPU-ms per request: server JVM CPU from just before the run until the requests still in flight when
  # wrk stopped (one per connection) have drained, divided by completed + in-flight requests
  local ms pgms srv other wrkpct
  read -r ms pgms srv other wrkpct < <(awk -v k="$((k2 - k0))" -v p="$((p2 - p0))" -v kr="$((k1 - k0))" -v pr="$((p1 - p0))" \
      -v m="$((m1 - m0))" -v t="$CLK_TCK" -v wall="$w_r" -v wu="$w_u" -v ws="$w_s" -v tot="$tot" -v co="$co" 'BEGIN {
      n = tot + co; if (n < 1) n = 1; if (wall <= 0) wall = 1
      srv = kr / t; pg = pr / t; wr = wu + ws; oth = m / t - srv - pg - wr; if (oth < 0) oth = 0
      printf "%.3f %.3f %.0f %.0f %.0f\n", 1000 * k / t / n, 1000 * p / t / n, 100 * srv / wall, 100 * oth / wall, 100 * wr / wall }')
  local statuses ok=1 note=""
  statuses=$(grep '^status:' "$RAW/$name.txt" | sed 's/^status: //' | paste -sd ';' - || true)
  if [ "$tot" -eq 0 ]; then ok=0; note="no requests completed"; fi
  [ "$sock" -eq 0 ] || { ok=0; note="$note socket errors"; }
  case "$expect" in
    2xx) [ "$non" -eq 0 ] || { ok=0; note="$note non-2xx responses"; } ;;
    401) if grep '^status:' "$RAW/$name.txt" | grep -qvE '^status: thread [0-9]+ 401=[0-9]+$'; then ok=0; note="$note statuses other than 401"; fi
         [ "$non" -eq "$tot" ] || { ok=0; note="$note some response not 401"; } ;;
  esac
  if [[ "$name" == refresh* ]] && grep '^status:' "$RAW/$name.txt" | grep -qvE 'queue_ran_dry=0 unparsed=0'; then ok=0; note="$note token queue ran dry or unparsable"; fi
  ORDER+=("$name"); R_LABEL[$name]=$label; R_CONNS[$name]=$co; R_RPS[$name]=$rps; R_P50[$name]=$p50; R_P99[$name]=$p99
  R_TOT[$name]=$tot; R_NON[$name]=$non; R_SOCK[$name]=$sock; R_MS[$name]=$ms; R_PGMS[$name]=$pgms
  # sustained rate, server side: completed + in-flight requests over the time from the start of the run until
  # the server went idle (the last half-second probe of drain() is idle: count half of it)
  R_SUST[$name]=$(awk -v n="$((tot + co))" -v a="$t0" -v b="$t2" 'BEGIN {w = (b - a) / 1e9 - 0.25; printf "%.2f", (w > 0 ? n / w : 0)}')
  R_SRV[$name]=$srv; R_OTHER[$name]=$other; R_WRK[$name]=$wrkpct; R_STATUS[$name]=$statuses; R_OK[$name]=$ok; R_NOTE[$name]=$note
  [ "$ok" = 1 ] || FAILED+=("$name:${note# }")
  printf '%-22s %9s req/s  p50 %8s ms  p99 %8s ms  requests %7s  non-2xx %s  socket-errors %s  server %s CPU-ms/req (pg %s)  server %s%% other %s%% of a core%s\n' \
    "$name" "$rps" "$p50" "$p99" "$tot" "$non" "$sock" "$ms" "$pgms" "$srv" "$other" "$([ "$ok" = 1 ] || echo "  <-- UNEXPECTED:$note")"
}

expect_code() {  # expect_code CODE DESCRIPTION TOKEN URL (the token goes in a header file, not on a command line)
  local want=$1 what=$2 got
  got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -H @<(printf 'Authorization: Bearer %s\n' "$3") "$4" || true)
  [ "$got" = "$want" ] || die "sanity check failed: $what answered $got, expected $want"
}

run_scenarios() {  # run_scenarios LIST: the main scenarios, on the current server
  local s at
  for s in "$@"; do
    case "$s" in
      health)
        log "scenario health: GET /api/health/live"
        measure "health" "GET /api/health/live (ceiling)" "$WRK_THREADS" "$WRK_CONNS" "$WRK_DURATION" "$WRK_WARMUP" 2xx \
          "$BASE/api/health/live" ;;
      me)
        at=$(access_token user1@bench.test "$USER_PW"); [ -n "$at" ] || die "login of user1 failed"
        expect_code 200 "GET /api/auth/me" "$at" "$BASE/api/auth/me"
        log "scenario me: GET /api/auth/me, one bearer token"
        BEARER=$at measure "me" "GET /api/auth/me, bearer token" "$WRK_THREADS" "$WRK_CONNS" "$WRK_DURATION" "$WRK_WARMUP" 2xx \
          -s "$BENCH_LUA_DIR/bearer.lua" "$BASE/api/auth/me" ;;
      users-page)
        at=$(access_token "$ADMIN_EMAIL" "$ADMIN_PW"); [ -n "$at" ] || die "admin login failed"
        expect_code 200 "GET /api/users" "$at" "$BASE/api/users?limit=20"
        log "scenario users-page: GET /api/users?limit=20 as admin"
        BEARER=$at measure users-page "GET /api/users?limit=20 as admin (first page)" "$WRK_THREADS" "$WRK_CONNS" "$WRK_DURATION" "$WRK_WARMUP" 2xx \
          -s "$BENCH_LUA_DIR/bearer.lua" "$BASE/api/users?limit=20" ;;
      refresh)
        log "scenario refresh: logging in 2 x $REFRESH_SESSIONS sessions (one pool for the warmup, one for the measured run)"
        login_pool "$WORK/warmup.tokens" 1 "$REFRESH_SESSIONS"
        login_pool "$WORK/measured.tokens" $((REFRESH_SESSIONS + 1)) "$REFRESH_SESSIONS"
        log "scenario refresh: POST /api/auth/refresh, every token used once (per-thread queues)"
        TOKEN_FILE=$WORK/warmup.tokens WRK_THREADS_N=$WRK_THREADS \
          wrk_run "$RAW/refresh.warmup.txt" "$WRK_WARMUP" "$WRK_THREADS" "$WRK_CONNS" -s "$BENCH_LUA_DIR/refresh.lua" "$BASE/api/auth/refresh"
        TOKEN_FILE=$WORK/measured.tokens WRK_THREADS_N=$WRK_THREADS \
          measure refresh "POST /api/auth/refresh, $REFRESH_SESSIONS sessions, each token used once" "$WRK_THREADS" "$WRK_CONNS" "$WRK_DURATION" 0 2xx \
          -s "$BENCH_LUA_DIR/refresh.lua" "$BASE/api/auth/refresh" ;;
      login)
        log "scenario login: POST /api/auth/login, right password, cycling over $USERS users (bcrypt cost $BCRYPT_COST)"
        BENCH_USERS=$USERS BENCH_PASSWORD=$USER_PW LOGIN_MODE=right WRK_THREADS_N=$WRK_THREADS \
          measure login "POST /api/auth/login, right password, $USERS users cycled" "$WRK_THREADS" "$WRK_CONNS" "$WRK_DURATION" "$WRK_WARMUP" 2xx \
          -s "$BENCH_LUA_DIR/login.lua" "$BASE/api/auth/login" ;;
      login-timing)
        local r warm
        for r in $(seq 1 "$TIMING_ROUNDS"); do
          warm=0; [ "$r" = 1 ] && warm=$WRK_WARMUP
          log "scenario login-timing round $r/$TIMING_ROUNDS: unknown emails, then known emails + wrong password (1 connection, $TIMING_DURATION each)"
          RUN_ID=$RUN_ID$r BENCH_USERS=$USERS BENCH_PASSWORD=$USER_PW LOGIN_MODE=unknown WRK_THREADS_N=1 \
            measure "timing-unknown-$r" "login, unknown email (fresh each request), 1 connection, round $r" 1 1 "$TIMING_DURATION" "$warm" 401 \
            -s "$BENCH_LUA_DIR/login.lua" "$BASE/api/auth/login"
          BENCH_USERS=$USERS BENCH_PASSWORD=$USER_PW LOGIN_MODE=wrong WRK_THREADS_N=1 \
            measure "timing-wrong-$r" "login, known email + wrong password, 1 connection, round $r" 1 1 "$TIMING_DURATION" "$warm" 401 \
            -s "$BENCH_LUA_DIR/login.lua" "$BASE/api/auth/login"
        done ;;
    esac
  done
}

# ---------- 4a. rounds from a fresh boot: no warmup, back to back ----------
# One token (me) and one refresh-token pool per round are made first; each login also runs code refresh shares.
ROUND_NAMES=()
if [ "$ROUNDS" -gt 0 ]; then
  RAT=$(access_token user1@bench.test "$USER_PW"); [ -n "$RAT" ] || die "login of user1 failed"
  for s in $ROUND_SCENARIOS; do
    if [ "$s" = refresh ]; then
      for r in $(seq 1 "$ROUNDS"); do login_pool "$WORK/round$r.tokens" $(( (r + 1) * REFRESH_SESSIONS + 1 )) "$REFRESH_SESSIONS"; done
    fi
  done
  for s in $ROUND_SCENARIOS; do
    for r in $(seq 1 "$ROUNDS"); do
      log "round $r/$ROUNDS from a fresh boot: $s, no warmup"
      case "$s" in
        health) measure "health-r$r" "GET /api/health/live, round $r from a fresh boot" "$WRK_THREADS" "$WRK_CONNS" "$WRK_DURATION" 0 2xx \
                  "$BASE/api/health/live" ;;
        me) BEARER=$RAT measure "me-r$r" "GET /api/auth/me, round $r from a fresh boot" "$WRK_THREADS" "$WRK_CONNS" "$WRK_DURATION" 0 2xx \
              -s "$BENCH_LUA_DIR/bearer.lua" "$BASE/api/auth/me" ;;
        refresh) TOKEN_FILE=$WORK/round$r.tokens WRK_THREADS_N=$WRK_THREADS \
                   measure "refresh-r$r" "POST /api/auth/refresh, round $r from a fresh boot" "$WRK_THREADS" "$WRK_CONNS" "$WRK_DURATION" 0 2xx \
                   -s "$BENCH_LUA_DIR/refresh.lua" "$BASE/api/auth/refresh" ;;
      esac
      ROUND_NAMES+=("$s-r$r")
    done
  done
fi

MAIN_LIST=(); for s in health me users-page refresh login login-timing; do want "$s" && MAIN_LIST+=("$s"); done
run_scenarios "${MAIN_LIST[@]}"
RSS_LOAD=$(rss_mb); RSS_HWM=$(hwm_mb)
log "RSS after the load: ${RSS_LOAD} MB (peak ${RSS_HWM} MB)"
stop_server

# ---------- 5. edge filters: two fresh servers, interleaved ----------
# Comparing boot #2 (warmed by minutes of every scenario) with a fresh JVM minutes later mostly measures JIT
# state and machine drift. So: two fresh servers side by side, filters on (port GH_PORT) and off (GH_PORT+1),
# the same warmup each, then FILTER_ROUNDS rounds of health and me on both in alternating order (ABBA);
# the figures are the medians over the rounds. The idle server is idle while the other is measured.
if want filters; then
  log "filters: boot #3 (EDGE_FILTERS_ENABLED=true) and boot #4 (false) side by side"
  start_server boot3-filters-on true "$PORT"; ON_PID=$SPID; ON_BASE=$BASE; BOOT3_S=$BOOT_S
  OFF_VALUE=false; [ "$FILTER_AA" = 1 ] && { OFF_VALUE=true; log "  FILTER_AA=1: control run, both servers have the filters ON"; }
  start_server boot4-filters-off "$OFF_VALUE" $((PORT + 1)); OFF_PID=$SPID; OFF_BASE=$BASE; BOOT4_S=$BOOT_S
  log "  ready in ${BOOT3_S}s and ${BOOT4_S}s"
  FAT=$(access_token user1@bench.test "$USER_PW"); [ -n "$FAT" ] || die "login of user1 failed"
  use() { if [ "$1" = on ]; then SPID=$ON_PID; BASE=$ON_BASE; else SPID=$OFF_PID; BASE=$OFF_BASE; fi; }
  for side in on off; do
    use "$side"
    expect_code 200 "GET /api/auth/me (filters $side)" "$FAT" "$BASE/api/auth/me"
    # the setting took effect: rate-limit headers on /api/auth/me exactly when the filters are on
    has=$(curl -s -D - -o /dev/null --max-time 60 -H @<(printf 'Authorization: Bearer %s\n' "$FAT") "$BASE/api/auth/me" | grep -ci '^RateLimit-Limit:' || true)
    want_has=1; [ "$side" = off ] && [ "$OFF_VALUE" = false ] && want_has=0
    [ "$has" = "$want_has" ] || die "filters $side: RateLimit-Limit header count $has, expected $want_has (EDGE_FILTERS_ENABLED not applied?)"
    log "  warmup, filters $side: health $WRK_WARMUP, me $FILTER_WARMUP"
    wrk_run "$RAW/f-health-$side.warmup.txt" "$WRK_WARMUP" "$WRK_THREADS" "$WRK_CONNS" "$BASE/api/health/live"
    BEARER=$FAT wrk_run "$RAW/f-me-$side.warmup.txt" "$FILTER_WARMUP" "$WRK_THREADS" "$WRK_CONNS" -s "$BENCH_LUA_DIR/bearer.lua" "$BASE/api/auth/me"
    drain
  done
  for r in $(seq 1 "$FILTER_ROUNDS"); do
    if [ $((r % 2)) = 1 ]; then sides="on off"; else sides="off on"; fi
    log "filters round $r/$FILTER_ROUNDS ($sides), $FILTER_DURATION per run"
    for sc in health me; do
      for side in $sides; do
        use "$side"
        if [ "$sc" = health ]; then
          measure "f-health-$side-$r" "GET /api/health/live, filters $side, round $r" "$WRK_THREADS" "$WRK_CONNS" "$FILTER_DURATION" 0 2xx \
            "$BASE/api/health/live"
        else
          BEARER=$FAT measure "f-me-$side-$r" "GET /api/auth/me, filters $side, round $r" "$WRK_THREADS" "$WRK_CONNS" "$FILTER_DURATION" 0 2xx \
            -s "$BENCH_LUA_DIR/bearer.lua" "$BASE/api/auth/me"
        fi
      done
    done
  done
  stop_server "$ON_PID"; stop_server "$OFF_PID"
fi

# ---------- 6. results ----------
fmt() { awk -v v="$1" 'BEGIN { if (v == "") print "–"; else if (v >= 100) printf "%.0f", v; else if (v >= 10) printf "%.1f", v; else printf "%.2f", v }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "" || b == "") print "–"; else printf "%+.1f%%", 100 * (a - b) / b }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
MACHINE="$CORES cores ($(lscpu 2>/dev/null | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r)"
{
  echo "# Gatehouse benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Produced by \`bench/run.sh\` (run $STAMP). wrk, Gatehouse and PostgreSQL share the same $CORES cores;"
  echo "the machine may be shared, so compare figures within one run (the \"other\" column says how busy the rest of the machine was)."
  if [ "${#FAILED[@]}" -gt 0 ]; then
    echo
    echo "> **Unexpected responses or errors:** ${FAILED[*]}. See the raw wrk output in \`$RAW\`."
  fi
  echo
  echo "## Setup"
  echo
  echo "| item | value |"
  echo "| --- | --- |"
  if [ "$SERVER" = wildfly ]; then
    echo "| Gatehouse | commit $COMMIT, ${WAR#"$REPO"/} on ${RUNTIME_VERSION:-WildFly} (server-config/wildfly/prepare.sh: configure.cli, standalone.xml) |"
  else
    echo "| Gatehouse | commit $COMMIT, ${WAR#"$REPO"/} on ${RUNTIME_VERSION:-Payara Micro} (\`--contextroot / --disablephonehome --nocluster --prebootcommandfile server-config/payara/boot-commands.asadmin $MICRO_OPTS\`) |"
  fi
  echo "| JDK, JVM options | $JDK_DESC; \`$JVM_OPTS\`${JVM_NOTE:-} |"
  echo "| settings | JWT_ALGORITHM=$JWT_ALGORITHM, BCRYPT_COST=$BCRYPT_COST, RATE_LIMIT_PER_MINUTE=AUTH_RATE_LIMIT_PER_MINUTE=10000000, LOGIN_MAX_FAILURES=1000, EDGE_FILTERS_ENABLED=true$(want filters && echo " (false on boot #4)") |"
  echo "| database | $DB_DESC; $USERS users seeded via SQL in ${SEED_S} s + the bootstrap admin |"
  echo "| machine | $MACHINE |"
  echo "| load | $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), $WRK_THREADS threads, $WRK_CONNS connections, warmup $WRK_WARMUP (discarded), measured $WRK_DURATION, --timeout $WRK_TIMEOUT, 127.0.0.1 |"
  echo "| **boot, fresh database** | **${BOOT1_S} s** launch → first 200 on /api/health/ready (${SERVER}: ready in ${BOOT1_RT:-?} ms; JVM CPU ${BOOT1_CPU} s; Flyway migration + bootstrap admin) |"
  echo "| **boot, existing database** | **${BOOT2_S} s** (${SERVER}: ready in ${BOOT2_RT:-?} ms; JVM CPU ${BOOT2_CPU} s) |"
  echo "| **RSS** | ${RSS_BOOT1} MB at ready (boot #1); **${RSS_READY} MB at ready** (boot #2); **${RSS_LOAD} MB after the load**; peak (VmHWM) ${RSS_HWM} MB |"
  echo
  if [ "${#ROUND_NAMES[@]}" -gt 0 ]; then
    echo "## Rounds from a fresh boot (boot #2), then warm"
    echo
    echo "Each round $WRK_DURATION, no warmup, straight after boot #2 and one after the other; \"warm\" is the scenario's row below"
    echo "(after the rounds and a $WRK_WARMUP warmup). req/s, then server CPU-ms per request."
    echo
    hdr="| scenario"; sep="| ---"
    for r in $(seq 1 "$ROUNDS"); do hdr="$hdr | round $r"; sep="$sep | ---"; done
    echo "$hdr | warm |"; echo "$sep | --- |"
    for s in $ROUND_SCENARIOS; do
      row="| $s"
      for r in $(seq 1 "$ROUNDS"); do row="$row | ${R_RPS[$s-r$r]:-–} at $(fmt "${R_MS[$s-r$r]:-}")"; done
      echo "$row | ${R_RPS[$s]:-–} at $(fmt "${R_MS[$s]:-}") |"
    done
    echo
  fi
  echo "## Scenarios"
  echo
  echo "| scenario | what | conns | req/s | p50 ms | p99 ms | requests | non-2xx | socket errors | server CPU-ms/req | postgres CPU-ms/req | server CPU | other CPU |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for n in "${ORDER[@]}"; do
    [[ "$n" == f-* ]] && continue   # the filter rounds have their own section
    echo "| $n | ${R_LABEL[$n]} | ${R_CONNS[$n]} | ${R_RPS[$n]} | $(fmt "${R_P50[$n]}") | $(fmt "${R_P99[$n]}") | ${R_TOT[$n]} | ${R_NON[$n]}$( [ "${R_OK[$n]}" = 1 ] || echo " **!**") | ${R_SOCK[$n]} | $(fmt "${R_MS[$n]}") | $(fmt "${R_PGMS[$n]}") | ${R_SRV[$n]}% | ${R_OTHER[$n]}% |"
  done
  echo
  echo "non-2xx = wrk's count of responses with status >= 400 (the login-timing rows expect 401 for every request);"
  echo "server CPU-ms/req = the Gatehouse JVM's utime+stime (/proc/<pid>/stat) from just before the measured run until"
  echo "the requests in flight at its end have drained, ÷ (completed requests + connections); postgres = the backends"
  echo "connected to $DB_NAME, likewise. server/other CPU = % of one core during the run (the machine has $((CORES * 100))%);"
  echo "other = every process but Gatehouse, its PostgreSQL backends and wrk."
  if want refresh && [ -n "${R_STATUS[refresh]:-}" ]; then
    echo
    echo "refresh: per wrk thread: ${R_STATUS[refresh]}"
  fi
  if want login && [ -n "${R_RPS[login]:-}" ]; then
    echo
    echo "## Login against the bcrypt bound"
    echo
    echo "One bcrypt verification at cost $BCRYPT_COST, single thread, jBCrypt from the WAR (\`$(basename "$JBCRYPT")\`), median of $BCRYPT_SAMPLES:"
    echo "${HASH_CPU_MS:-?} ms CPU (${HASH_WALL_MS:-?} ms wall). Bound = $CORES cores ÷ one hash (CPU time): the login rate if the cores did nothing but bcrypt."
    echo
    echo "| BCRYPT_COST | one hash (CPU ms) | bound | logins/s sustained | % of bound | wrk req/s | server CPU-ms per login | of which not bcrypt |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
    if [ -n "$HASH_CPU_MS" ]; then
      awk -v c="$BCRYPT_COST" -v h="$HASH_CPU_MS" -v n="$CORES" -v s="${R_SUST[login]}" -v r="${R_RPS[login]}" -v k="${R_MS[login]}" \
        'BEGIN {b = n * 1000 / h; printf "| %d | %.1f | %.2f/s | %.2f | **%.0f%%** | %.2f | %.1f | %.1f |\n", c, h, b, s, 100 * s / b, r, k, k - h}'
    else
      echo "| $BCRYPT_COST | ? | ? | ${R_SUST[login]} | ? | ${R_RPS[login]} | $(fmt "${R_MS[login]}") | ? |"
    fi
    if [ -n "$PAR_RATE" ]; then
      echo
      awk -v n="$CORES" -v p="$PAR_CPU_MS" -v r="$PAR_RATE" -v s="${R_SUST[login]}" -v h="${HASH_CPU_MS:-0}" \
        'BEGIN {printf "Measured in parallel (%d threads, one hash each at a time, nothing else in the JVM): %.1f ms CPU per hash (%+.0f%% vs single-thread) and **%.2f hashes/s** — the rate these cores really reach; sustained logins are **%.0f%%** of it.\n", n, p, (h > 0 ? 100 * (p - h) / h : 0), r, 100 * s / r}'
    fi
    echo
    echo "logins/s sustained = (completed + in-flight logins) ÷ (time from the start of the measured run until the server"
    echo "went idle again). wrk's req/s only counts logins completed inside the window: $WRK_CONNS concurrent logins of several"
    echo "seconds each share the cores evenly and finish in waves of $WRK_CONNS, so that count is quantised; the sustained rate is not."
    echo "The server had ${R_SRV[login]}% of a core during the run (other processes ${R_OTHER[login]}%): on a busy machine the % of bound is low"
    echo "because the cores were not all Gatehouse's; CPU-ms per login is the robust figure."
  fi
  if want login-timing; then
    U=(); W=()
    for r in $(seq 1 "$TIMING_ROUNDS"); do U+=("${R_P50[timing-unknown-$r]:-}"); W+=("${R_P50[timing-wrong-$r]:-}"); done
    MU=$(median "${U[@]}"); MW=$(median "${W[@]}")
    echo
    echo "## Login timing: unknown email vs known email with a wrong password"
    echo
    echo "1 connection, $TIMING_ROUNDS alternating rounds of $TIMING_DURATION per case; p50 per round, then the median of the rounds."
    echo
    echo "| case | p50 per round (ms) | p50 (ms) |"
    echo "| --- | --- | --- |"
    echo "| unknown email (fresh each request) | ${U[*]} | $(fmt "$MU") |"
    echo "| known email, wrong password (users cycled) | ${W[*]} | $(fmt "$MW") |"
    awk -v u="$MU" -v w="$MW" 'BEGIN { if (u > 0 && w > 0) { r = w / u; d = (r > 1 ? r - 1 : 1 - r);
      printf "\nratio known-wrong ÷ unknown = **%.3f** (difference %.1f%%; target within 10%%: **%s**)\n", r, 100 * d, (d <= 0.10 ? "yes" : "no") } }'
  fi
  if want filters && [ -n "${R_RPS[f-me-on-1]:-}" ]; then
    echo
    echo "## Edge filter chain (CORS + rate limiting): on vs off"
    echo
    [ "$FILTER_AA" = 1 ] && echo "**FILTER_AA=1: control run. Both servers have EDGE_FILTERS_ENABLED=true; the \"off\" columns are a second filters-on server (A/A).**" && echo
    echo "Two fresh servers side by side: boot #3 with EDGE_FILTERS_ENABLED=true (ready in ${BOOT3_S} s) and boot #4 with $OFF_VALUE"
    echo "(ready in ${BOOT4_S} s); each warmed with health $WRK_WARMUP + me $FILTER_WARMUP, then $FILTER_ROUNDS rounds of $FILTER_DURATION per server"
    echo "and scenario in alternating order (on/off, off/on, ...). Medians over the rounds; overhead = (on − off) ÷ off."
    echo
    echo "| scenario | req/s on | req/s off | throughput change | CPU-ms/req on | CPU-ms/req off | CPU overhead | other CPU (max) |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
    for sc in health me; do
      ron=(); roff=(); mon=(); moff=(); oth=()
      for r in $(seq 1 "$FILTER_ROUNDS"); do
        ron+=("${R_RPS[f-$sc-on-$r]:-}"); roff+=("${R_RPS[f-$sc-off-$r]:-}")
        mon+=("${R_MS[f-$sc-on-$r]:-}"); moff+=("${R_MS[f-$sc-off-$r]:-}")
        oth+=("${R_OTHER[f-$sc-on-$r]:-0}" "${R_OTHER[f-$sc-off-$r]:-0}")
      done
      a1=$(median "${ron[@]}"); a2=$(median "${roff[@]}"); c1=$(median "${mon[@]}"); c2=$(median "${moff[@]}")
      omax=$(printf '%s\n' "${oth[@]}" | sort -n | tail -1)
      echo "| $sc | $(fmt "$a1") | $(fmt "$a2") | $(pct "$a1" "$a2") | $(fmt "$c1") | $(fmt "$c2") | **$(pct "$c1" "$c2")** | ${omax}% |"
    done
    echo
    echo "Per round (req/s, CPU-ms/req):"
    echo
    echo "| round | health on | health off | me on | me off |"
    echo "| --- | --- | --- | --- | --- |"
    for r in $(seq 1 "$FILTER_ROUNDS"); do
      row="| $r"
      for k in f-health-on f-health-off f-me-on f-me-off; do row="$row | ${R_RPS[$k-$r]:-–}, $(fmt "${R_MS[$k-$r]:-}")"; done
      echo "$row |"
    done
  fi
  echo
  echo "Raw wrk output and server logs: \`$WORK\` (not kept in the repository)."
} > "$RESULTS"
log "results written to $RESULTS"
echo
cat "$RESULTS"
if [ "${#FAILED[@]}" -gt 0 ]; then
  log "UNEXPECTED responses or errors in: ${FAILED[*]}"
  exit 1
fi
