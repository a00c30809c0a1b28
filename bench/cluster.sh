#!/usr/bin/env bash
# Gatehouse cluster benchmark: a cluster started with server-config/cluster/cluster.sh (3 Payara Micro
# nodes on one PostgreSQL behind HAProxy), one Markdown results file.
#
#   bench/cluster.sh                   # build, 3 nodes, every part (~15 min on 2 cores)
#   bench/cluster.sh --quick           # fewer revocations, shorter runs (~7 min)
#   bench/cluster.sh --skip-build --server wildfly
#
# Parts:
#   1. propagation: REVOCATIONS revocations while wrk sends a paced GET /api/auth/me through HAProxy
#      (BG_CONNS connections, DELAY_MS between a response and the next request), and QUIET_REVOCATIONS
#      with no background load. Each: log in on node A (its own port), the access token answers 200 on
#      every other node once (their caches hold the session as live), revoke it on A (logout and
#      DELETE /api/sessions/{sid} alternately), then GET /api/auth/me on node B in a tight loop until
#      401; A and B rotate. Propagation = the first 401's arrival minus the revoke's answer (and minus
#      the revoke's send: an upper bound from the commit); also how often B refused the very first
#      request, and whether the remaining node(s) refused their first one too.
#   2. cost: GET /api/auth/me (one bearer token) and POST /api/auth/refresh (refresh-token queues, as
#      bench/run.sh) through HAProxy with 3, 2 and 1 nodes in rotation (the others in maintenance in
#      HAProxy), and straight to node 1: req/s, p50/p99, CPU-ms per request of the nodes in rotation
#      + HAProxy, and of the PostgreSQL backends of the database, from /proc/<pid>/stat.
#   3. kill -9: registrations + logins + me through HAProxy (MIX_THREADS client threads), kill -9 of
#      node KILL_NODE; failed requests (in flight at the kill or later), how long until HAProxy marks
#      it DOWN (stats socket, polled every 20 ms) against haproxy.cfg's check settings, every
#      registration answered 201 logs in afterwards; then cluster.sh restart-node and its traffic.
# Writes bench/results/cluster-<UTC timestamp>.md; stops the cluster (trap on EXIT) and drops the
# database (unless --keep-db). Node and HAProxy pids come from cluster.sh's state directory.
#
# Knobs (environment): CLUSTER_DIR (target/cluster-bench), CLUSTER_PORT (8600: HAProxy; nodes on
# 8601..), NODES (3), DB_NAME (cluster_bench; dropped and recreated), DB_POOL_SIZE (4), DB_MAX_OVERFLOW (4),
# REVOCATIONS (1000), QUIET_REVOCATIONS (300), WARMUP_REVOCATIONS (100), BG_CONNS (4), DELAY_MS (5),
# BG_WARMUP_S (20), WRK_WARMUP (20s), WRK_DURATION (20s), WRK_CONNS (32), WRK_THREADS (2),
# MIX_THREADS (8), KILL_NODE (1), KILL_BEFORE_S (10), KILL_AFTER_S (15), PROPAGATION_TIMEOUT_S (5),
# OUT_DIR (bench/results), BENCH_WORK (/tmp/gatehouse-cluster-bench).
# Needs: bash, java 17+, mvn, psql (local PostgreSQL, trust auth for postgres on 127.0.0.1), curl,
# jq, wrk, haproxy, socat, python3. All traffic is on 127.0.0.1. Exit status 1 if a part saw an
# unexpected status (the results file is written anyway and says which).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
CLUSTER_SH=$REPO/server-config/cluster/cluster.sh

SERVER=payara; QUICK=0; SKIP_BUILD=0; KEEP_DB=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --keep-db) KEEP_DB=1; shift ;;
    --server) SERVER=$2; shift 2 ;;
    --server=*) SERVER=${1#--server=}; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$SERVER" in payara|wildfly) ;; *) echo "--server must be payara or wildfly" >&2; exit 2 ;; esac

if [ "$QUICK" = 1 ]; then
  : "${REVOCATIONS:=200}" "${QUIET_REVOCATIONS:=100}" "${WARMUP_REVOCATIONS:=30}" "${BG_WARMUP_S:=5}"
  : "${WRK_WARMUP:=5s}" "${WRK_DURATION:=8s}" "${KILL_BEFORE_S:=5}" "${KILL_AFTER_S:=8}"
fi
: "${REVOCATIONS:=1000}" "${QUIET_REVOCATIONS:=300}" "${WARMUP_REVOCATIONS:=100}" "${BG_WARMUP_S:=20}"
: "${WRK_WARMUP:=20s}" "${WRK_DURATION:=20s}" "${KILL_BEFORE_S:=10}" "${KILL_AFTER_S:=15}"
: "${BG_CONNS:=4}" "${DELAY_MS:=5}" "${WRK_CONNS:=32}" "${WRK_THREADS:=2}" "${MIX_THREADS:=8}" "${KILL_NODE:=1}"
: "${NODES:=3}" "${DB_NAME:=cluster_bench}" "${PROPAGATION_TIMEOUT_S:=5}"
PORT=${CLUSTER_PORT:-8600}
export CLUSTER_DIR=${CLUSTER_DIR:-$REPO/target/cluster-bench}
OUT_DIR=${OUT_DIR:-$SCRIPT_DIR/results}
WORK_ROOT=${BENCH_WORK:-/tmp/gatehouse-cluster-bench}
case "$DB_NAME" in *bench*) ;; *) echo "DB_NAME must contain 'bench' (this script drops it)" >&2; exit 2 ;; esac
[[ "$DB_NAME" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "DB_NAME must be a plain lower-case identifier" >&2; exit 2; }
(( NODES >= 2 )) || { echo "NODES must be at least 2" >&2; exit 2; }
(( KILL_NODE >= 1 && KILL_NODE <= NODES )) || { echo "KILL_NODE must be 1..$NODES" >&2; exit 2; }

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
dur_s() { local d=$1; case "$d" in *m) echo $(( ${d%m} * 60 )) ;; *s) echo "${d%s}" ;; *) echo "$d" ;; esac; }
for t in curl jq wrk haproxy socat python3 psql java mvn awk; do command -v "$t" >/dev/null || die "missing tool: $t"; done

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK=$WORK_ROOT/run-$STAMP
RAW=$WORK/raw
mkdir -p "$RAW" "$OUT_DIR"
chmod 700 "$WORK_ROOT" "$WORK"
RESULTS=$OUT_DIR/cluster-$STAMP.md
HAP=http://127.0.0.1:$PORT
CLK_TCK=$(getconf CLK_TCK)
CORES=$(nproc)
PY=$SCRIPT_DIR/cluster.py
export BENCH_LUA_DIR=$SCRIPT_DIR/lua
PW=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')   # every bench user's password
FAILED=()

# ---------- cluster processes: pids from cluster.sh's state directory ----------
# pid_in FILE: the pid in FILE if it runs and is ours (its command line names the state directory).
pid_in() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  grep -qaF -- "$(realpath -m "$CLUSTER_DIR")" "/proc/$pid/cmdline" 2>/dev/null || return 1
  printf '%s' "$pid"
}
node_pid() { pid_in "$CLUSTER_DIR/node-$1/node.pid"; }
hap_pid() { pid_in "$CLUSTER_DIR/haproxy.pid"; }
node_port() { echo $((PORT + $1)); }
hap() { printf '%s\n' "$1" | socat -t 2 - "UNIX-CONNECT:$CLUSTER_DIR/haproxy.sock"; }
# hap_field PROXY SERVER COLUMN: one field of "show stat"
hap_field() {
  hap "show stat" | awk -F, -v px="$1" -v sv="$2" -v c="$3" '
    NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == px && $2 == sv { print $col[c] }'
}

# frontend: "requests not_2xx" of HAProxy's frontend so far (one read of show stat)
frontend() {
  hap "show stat" | awk -F, '
    NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == "gatehouse" && $2 == "FRONTEND" { print $col["req_tot"], $col["hrsp_1xx"] + $col["hrsp_3xx"] + $col["hrsp_4xx"] + $col["hrsp_5xx"] + $col["hrsp_other"] }'
}

BG_PID=""; DB_CREATED=""; CLUSTER_STARTED=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "$BG_PID" ]; then kill "$BG_PID" 2>/dev/null; wait "$BG_PID" 2>/dev/null; fi
  if [ -n "$CLUSTER_STARTED" ]; then log "stopping the cluster"; "$CLUSTER_SH" stop >&2; fi
  rm -f "$WORK"/*.tokens "$WORK"/*.emails
  if [ "$KEEP_DB" != 1 ] && [ -n "$DB_CREATED" ]; then
    psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------- CPU accounting (clock ticks) ----------
# shellcheck source=bench/proc-cpu.sh
. "$SCRIPT_DIR/proc-cpu.sh"   # ticks, machine_busy, pg_pids, pg_total
# snap -> "machine haproxy pg node1 node2 ..." (ticks)
snap() {
  local out k p
  out="$(machine_busy) $(ticks "$(hap_pid || echo 0)") $(pg_total)"
  for k in $(seq 1 "$NODES"); do p=$(node_pid "$k" || echo 0); out="$out $(ticks "$p")"; done
  echo "$out"
}
# phase_cpu SNAP0 SNAP1 WALL_NS EXTRA_TICKS CLIENT_CPU_S -> "busy% nodes% haproxy% pg% other%" (busy: % of all
# cores; the rest: % of one core; other = everything but the cluster, its backends, wrk and the Python client)
phase_cpu() {
  awk -v a="$1" -v b="$2" -v w="$3" -v x="$4" -v cl="$5" -v t="$CLK_TCK" -v c="$CORES" 'BEGIN {
    split(a, A, " "); split(b, B, " "); s = w / 1e9; n = 0
    for (i = 4; i in A; i++) n += B[i] - A[i]
    m = (B[1] - A[1]) / t; h = (B[2] - A[2]) / t; p = (B[3] - A[3]) / t; n /= t
    o = m - n - h - p - x / t - cl; if (o < 0) o = 0
    printf "%.0f %.0f %.0f %.0f %.0f\n", 100 * m / s / c, 100 * n / s, 100 * h / s, 100 * p / s, 100 * o / s }'
}
cluster_ticks() { local s=0 k; for k in $(seq 1 "$NODES"); do s=$((s + $(ticks "$(node_pid "$k" || echo 0)"))); done; echo $((s + $(ticks "$(hap_pid || echo 0)"))); }
# drain: until the nodes and HAProxy together use < 20% of a core over half a second (at most 30 s)
drain() {
  local t0 a b
  t0=$(date +%s)
  while :; do
    a=$(cluster_ticks); sleep 0.5; b=$(cluster_ticks)
    [ $(( (b - a) * 100 * 2 )) -lt $(( 20 * CLK_TCK )) ] && return 0
    [ $(( $(date +%s) - t0 )) -ge 30 ] && { log "  cluster still busy after 30 s, going on"; return 0; }
  done
}

# ---------- 0. build, database, cluster ----------
if [ "$SKIP_BUILD" != 1 ]; then
  log "building the WAR (mvn package, tests and checks skipped)"
  (cd "$REPO" && timeout 1800 mvn -B -q package -DskipTests -Dcheckstyle.skip -Dspotbugs.skip -Djacoco.skip) \
    > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build failed (log: $WORK/build.log)"; }
fi
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "?")
git -C "$REPO" diff --quiet HEAD -- src pom.xml 2>/dev/null || COMMIT="$COMMIT (+ uncommitted changes)"

for k in $(seq 0 "$NODES"); do
  curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$((PORT + k))/" && die "port $((PORT + k)) is in use (set CLUSTER_PORT)"
done
log "recreating database $DB_NAME"
psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME" >/dev/null || die "cannot create $DB_NAME"
DB_CREATED=1
PG_VERSION=$(psql -X -At -h 127.0.0.1 -U postgres -d postgres -c 'SHOW server_version' | awk '{print $1}')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# A fresh cluster: the settings below become the cluster's (cluster.sh records them at the first start).
mkdir -p "$CLUSTER_DIR"
"$CLUSTER_SH" stop >/dev/null 2>&1 || true
rm -f "$CLUSTER_DIR/node.env" "$CLUSTER_DIR/cluster.env"
export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$DB_NAME
export BCRYPT_COST=4 RATE_LIMIT_PER_MINUTE=1000000 AUTH_RATE_LIMIT_PER_MINUTE=1000000 LOGIN_MAX_FAILURES=1000
export DB_POOL_SIZE=${DB_POOL_SIZE:-4} DB_MAX_OVERFLOW=${DB_MAX_OVERFLOW:-4}
SETTINGS="BCRYPT_COST=4, RATE_LIMIT_PER_MINUTE=AUTH_RATE_LIMIT_PER_MINUTE=1000000, LOGIN_MAX_FAILURES=1000, DB_POOL_SIZE=$DB_POOL_SIZE, DB_MAX_OVERFLOW=$DB_MAX_OVERFLOW; cluster.sh's RATE_LIMIT_STORE=database, TRUSTED_PROXIES=127.0.0.1; everything else default (SESSION_CACHE_SECONDS=60, NOTIFY_CHECK_MILLIS=400, HS256)"
log "starting $NODES $SERVER nodes + HAProxy on $HAP (cluster.sh, state $CLUSTER_DIR)"
CLUSTER_STARTED=1
T0=$(date +%s)
"$CLUSTER_SH" start -n "$NODES" --server "$SERVER" --port "$PORT" > "$WORK/cluster-start.log" 2>&1 \
  || { tail -30 "$WORK/cluster-start.log" >&2; die "cluster.sh start failed"; }
BOOT_S=$(( $(date +%s) - T0 ))
log "  cluster ready in ${BOOT_S} s"
for k in $(seq 1 "$NODES"); do node_pid "$k" >/dev/null || die "no pid for node $k in $CLUSTER_DIR/node-$k/node.pid"; done
hap_pid >/dev/null || die "no HAProxy pid in $CLUSTER_DIR/haproxy.pid"
PORTS=$(for k in $(seq 1 "$NODES"); do node_port "$k"; done | paste -sd, -)
CHECK_LINE=$(grep -E '^\s*default-server' "$REPO/server-config/cluster/haproxy.cfg" | sed 's/^ *//')
CHECK_TIMEOUT=$(grep -E '^\s*timeout check' "$REPO/server-config/cluster/haproxy.cfg" | sed 's/^ *//')

py() { printf '%s\n' "$PW" | python3 "$PY" "$@"; }
log "registering the bench users"
py register --base "$HAP" --prefix prop --count 1
py register --base "$HAP" --prefix bg --count 1
py register --base "$HAP" --prefix rf --count 64
py register --base "$HAP" --prefix mix --count 1

# ---------- 1. propagation ----------
log "propagation: warmup, $WARMUP_REVOCATIONS revocations (discarded)"
py propagation --ports "$PORTS" --email prop1@bench.test --count "$WARMUP_REVOCATIONS" --timeout-s "$PROPAGATION_TIMEOUT_S" > "$RAW/prop-warmup.json" \
  || die "propagation warmup failed"
drain
log "propagation: $QUIET_REVOCATIONS revocations, no background load"
S0=$(snap); W0=$(date +%s%N)
py propagation --ports "$PORTS" --email prop1@bench.test --count "$QUIET_REVOCATIONS" --timeout-s "$PROPAGATION_TIMEOUT_S" \
  --out "$RAW/prop-quiet.jsonl" > "$RAW/prop-quiet.json" || die "propagation (quiet) failed"
read -r QUIET_BUSY QUIET_NODES QUIET_HAP QUIET_PG QUIET_OTHER < <(phase_cpu "$S0" "$(snap)" "$(( $(date +%s%N) - W0 ))" 0 "$(jq .cpu_s "$RAW/prop-quiet.json")")
log "  $(jq -c '{refused, first_request_refused, from_response}' "$RAW/prop-quiet.json")"

BG_TOKEN=$(py access --base "$HAP" --email bg1@bench.test)
log "propagation: background load: wrk -t1 -c$BG_CONNS, GET /api/auth/me through HAProxy, ${DELAY_MS} ms between requests per connection; ${BG_WARMUP_S} s warmup"
BEARER=$BG_TOKEN DELAY_MS=$DELAY_MS wrk -t1 -c"$BG_CONNS" -d3600s --timeout 30s -s "$BENCH_LUA_DIR/bearer-paced.lua" "$HAP/api/auth/me" \
  > "$RAW/background.txt" 2>&1 &
BG_PID=$!
sleep "$BG_WARMUP_S"
log "propagation: $REVOCATIONS revocations under the background load"
read -r F0 X0 < <(frontend); G0=$(ticks "$BG_PID")
S0=$(snap); W0=$(date +%s%N)
py propagation --ports "$PORTS" --email prop1@bench.test --count "$REVOCATIONS" --timeout-s "$PROPAGATION_TIMEOUT_S" \
  --out "$RAW/prop-loaded.jsonl" > "$RAW/prop-loaded.json" || die "propagation (loaded) failed"
S1=$(snap); W1=$(date +%s%N)
read -r F1 X1 < <(frontend); G1=$(ticks "$BG_PID")
kill "$BG_PID" 2>/dev/null || true; wait "$BG_PID" 2>/dev/null || true; BG_PID=""
read -r LOADED_BUSY LOADED_NODES LOADED_HAP LOADED_PG LOADED_OTHER < <(phase_cpu "$S0" "$S1" "$((W1 - W0))" "$((G1 - G0))" "$(jq .cpu_s "$RAW/prop-loaded.json")")
LOADED_S=$(awk -v w="$((W1 - W0))" 'BEGIN {printf "%.1f", w / 1e9}')
BG_RPS=$(awk -v f="$((F1 - F0))" -v s="$LOADED_S" 'BEGIN {printf "%.0f", f / s}')
BG_NON2XX=$((X1 - X0))
BG_WRK_PCT=$(awk -v g="$((G1 - G0))" -v t="$CLK_TCK" -v s="$LOADED_S" 'BEGIN {printf "%.0f", 100 * g / t / s}')
log "  $(jq -c '{refused, first_request_refused, from_response}' "$RAW/prop-loaded.json")"
log "  background: $BG_RPS req/s through HAProxy, $BG_NON2XX not 2xx; machine ${LOADED_BUSY}% busy"
for f in quiet loaded; do
  [ "$(jq .never_refused "$RAW/prop-$f.json")" = 0 ] || FAILED+=("propagation-$f: a revoked token was still accepted after ${PROPAGATION_TIMEOUT_S} s")
done
[ "$BG_NON2XX" = 0 ] || FAILED+=("background load: $BG_NON2XX responses not 2xx")

# ---------- 2. cost with 3, 2, 1 nodes ----------
# rotation N: nodes 1..N ready in HAProxy, the others (and their unchecked backup lines) in maintenance
rotation() {
  local n=$1 k st deadline=$(( $(date +%s) + 20 ))
  for k in $(seq 1 "$NODES"); do
    st=ready; [ "$k" -le "$n" ] || st=maint
    hap "set server nodes/node$k state $st" >/dev/null
    hap "set server nodes/node$k-unchecked state $st" >/dev/null
  done
  for k in $(seq 1 "$NODES"); do
    st=UP; [ "$k" -le "$n" ] || st=MAINT
    until [ "$(hap_field nodes "node$k" status)" = "$st" ]; do
      [ "$(date +%s)" -lt "$deadline" ] || die "HAProxy: node$k is not $st after 20 s"
      sleep 0.2
    done
  done
}

declare -A R_RPS=() R_P50=() R_P99=() R_TOT=() R_NON=() R_SOCK=() R_NODES_MS=() R_HAP_MS=() R_PG_MS=() R_IDLE_MS=() R_BUSY=() R_OTHER=() R_OK=()
ORDER=()
wrk_run() {
  local out=$1 d=$2; shift 2
  timeout $(( $(dur_s "$d") + 60 )) wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$d" --timeout 30s --latency "$@" > "$out" 2>&1 || true
}
# measure NAME ACTIVE_NODES(list, e.g. "1 2") VIA(haproxy|direct) [wrk args... URL]; env TOKEN_FILE_WARM/TOKEN_FILE for refresh
measure() {
  local name=$1 active=$2 via=$3; shift 3
  log "  $name: warmup $WRK_WARMUP, measured $WRK_DURATION"
  if [ -n "${TOKEN_FILE_WARM:-}" ]; then
    TOKEN_FILE=$TOKEN_FILE_WARM WRK_THREADS_N=$WRK_THREADS wrk_run "$RAW/$name.warmup.txt" "$WRK_WARMUP" "$@"
  else
    wrk_run "$RAW/$name.warmup.txt" "$WRK_WARMUP" "$@"
  fi
  drain
  local s0 s1 s2 w0 w1 TIMEFORMAT='%R %U %S' wr wu ws
  s0=$(snap); w0=$(date +%s%N)
  { time wrk_run "$RAW/$name.txt" "$WRK_DURATION" "$@"; } 2> "$RAW/$name.time"
  s1=$(snap); w1=$(date +%s%N)
  drain
  s2=$(snap)
  read -r wr wu ws < "$RAW/$name.time" || { wu=0; ws=0; }
  local rps p50 p99 tot non sock
  read -r rps p50 p99 tot non sock < <(awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }  /^ +50%/ { p50 = ms($2) }  /^ +99%/ { p99 = ms($2) }  / requests in / { tot = $1 }
    /Non-2xx or 3xx responses:/ { non = $5 }
    /Socket errors:/ { gsub(/,/, ""); se = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.2f %.2f %d %d %d\n", rps, p50, p99, tot, non, se }' "$RAW/$name.txt")
  local r
  r=$(awk -v a="$s0" -v b="$s1" -v c="$s2" -v act=" $active " -v via="$via" -v t="$CLK_TCK" -v n="$((tot + WRK_CONNS))" \
        -v w="$(( w1 - w0 ))" -v cores="$CORES" -v wu="$wu" -v ws="$ws" 'BEGIN {
      split(a, A, " "); split(b, B, " "); split(c, C, " ")
      nodes = 0; idle = 0; run = 0
      for (i = 4; i in A; i++) { d = C[i] - A[i]; if (index(act, " " (i - 3) " ")) { nodes += d; run += B[i] - A[i] } else idle += d }
      hapd = (via == "haproxy") ? C[2] - A[2] : 0; pg = C[3] - A[3]
      s = w / 1e9; busy = (B[1] - A[1]) / t / s
      other = busy - (run + (B[2] - A[2]) + (B[3] - A[3])) / t / s - (wu + ws) / s; if (other < 0) other = 0
      printf "%.3f %.3f %.3f %.3f %.0f %.0f", 1000 * nodes / t / n, 1000 * hapd / t / n, 1000 * pg / t / n, 1000 * idle / t / n, 100 * busy / cores, 100 * other }')
  ORDER+=("$name")
  R_RPS[$name]=$rps; R_P50[$name]=$p50; R_P99[$name]=$p99; R_TOT[$name]=$tot; R_NON[$name]=$non; R_SOCK[$name]=$sock
  read -r R_NODES_MS[$name] R_HAP_MS[$name] R_PG_MS[$name] R_IDLE_MS[$name] R_BUSY[$name] R_OTHER[$name] <<< "$r"
  R_OK[$name]=1
  if [ "$tot" = 0 ] || [ "$non" != 0 ] || [ "$sock" != 0 ]; then R_OK[$name]=0; FAILED+=("$name: $non non-2xx, $sock socket errors, $tot requests"); fi
  if grep -q '^status:' "$RAW/$name.txt" && grep '^status:' "$RAW/$name.txt" | grep -q 'queue_ran_dry=[1-9]'; then
    R_OK[$name]=0; FAILED+=("$name: refresh token queue ran dry")
  fi
  log "    $rps req/s, p50 $p50 ms, p99 $p99 ms, nodes ${R_NODES_MS[$name]} + haproxy ${R_HAP_MS[$name]} + pg ${R_PG_MS[$name]} CPU-ms/req, machine ${R_BUSY[$name]}% busy"
}

log "cost: refresh-token pools (2 x $WRK_CONNS sessions per run)"
POOL=$((2 * WRK_CONNS)); i=0
for n in $(seq "$NODES" -1 1) direct; do
  for part in warm meas; do
    py login-pool --base "$HAP" --prefix rf --users 64 --count "$POOL" --first $((i * POOL + 1)) > "$WORK/refresh-$n-$part.tokens"
    [ "$(grep -c . "$WORK/refresh-$n-$part.tokens")" = "$POOL" ] || die "refresh pool $n-$part incomplete"
    i=$((i + 1))
  done
done
ME_TOKEN=$(py access --base "$HAP" --email rf1@bench.test)
COST_ROWS=()
for n in $(seq "$NODES" -1 1); do
  log "cost: $n node(s) in rotation"
  rotation "$n"
  active=$(seq 1 "$n" | paste -sd' ' -)
  BEARER=$ME_TOKEN measure "me-$n" "$active" haproxy -s "$BENCH_LUA_DIR/bearer.lua" "$HAP/api/auth/me"
  TOKEN_FILE_WARM=$WORK/refresh-$n-warm.tokens TOKEN_FILE=$WORK/refresh-$n-meas.tokens WRK_THREADS_N=$WRK_THREADS \
    measure "refresh-$n" "$active" haproxy -s "$BENCH_LUA_DIR/refresh.lua" "$HAP/api/auth/refresh"
  COST_ROWS+=("$n")
done
log "cost: straight to node 1 (no HAProxy; nodes 2.. idle)"
BEARER=$ME_TOKEN measure "me-direct" "1" direct -s "$BENCH_LUA_DIR/bearer.lua" "http://127.0.0.1:$(node_port 1)/api/auth/me"
TOKEN_FILE_WARM=$WORK/refresh-direct-warm.tokens TOKEN_FILE=$WORK/refresh-direct-meas.tokens WRK_THREADS_N=$WRK_THREADS \
  measure "refresh-direct" "1" direct -s "$BENCH_LUA_DIR/refresh.lua" "http://127.0.0.1:$(node_port 1)/api/auth/refresh"
rotation "$NODES"

# ---------- 3. kill -9 under load ----------
KPID=$(node_pid "$KILL_NODE") || die "node $KILL_NODE is not running"
log "kill -9: $MIX_THREADS client threads (register + login + me) through HAProxy; node $KILL_NODE (pid $KPID) killed after ${KILL_BEFORE_S} s, load for ${KILL_AFTER_S} s more"
py mixed --base "$HAP" --pid "$KPID" --server "node$KILL_NODE" --sock "$CLUSTER_DIR/haproxy.sock" \
  --before "$KILL_BEFORE_S" --after "$KILL_AFTER_S" --threads "$MIX_THREADS" --prefix "kill$STAMP" \
  --fallback mix1@bench.test --acked "$WORK/acked.emails" --unknown "$WORK/unknown.emails" > "$RAW/kill.json" || die "mixed load failed"
log "  $(jq -c '{requests, failed, failed_in_flight_at_kill, failed_started_after_kill, down_ms, acknowledged_registrations}' "$RAW/kill.json")"
log "kill -9: every acknowledged registration logs in (through HAProxy)"
py verify --base "$HAP" --emails "$WORK/acked.emails" > "$RAW/verify.json"
py verify --base "$HAP" --emails "$WORK/unknown.emails" > "$RAW/verify-unknown.json"
log "  $(jq -c . "$RAW/verify.json"); unanswered registrations: $(jq -c . "$RAW/verify-unknown.json")"
[ "$(jq '.emails == .logged_in' "$RAW/verify.json")" = true ] || FAILED+=("kill: acknowledged registrations that cannot log in")
[ "$(jq .failed_before_kill "$RAW/kill.json")" = 0 ] || FAILED+=("kill: requests failed before the kill")

log "kill -9: cluster.sh status right after"
"$CLUSTER_SH" status > "$RAW/status-after-kill.txt" 2>&1 || true
log "restart-node $KILL_NODE"
T0=$(date +%s%N)
"$CLUSTER_SH" restart-node "$KILL_NODE" > "$RAW/restart-node.txt" 2>&1 || { tail -20 "$RAW/restart-node.txt" >&2; die "restart-node failed"; }
RESTART_S=$(awk -v a="$T0" -v b="$(date +%s%N)" 'BEGIN {printf "%.0f", (b - a) / 1e9}')
log "  back in rotation after ${RESTART_S} s"
"$CLUSTER_SH" status > "$RAW/status-after-restart.txt" 2>&1 && STATUS_OK=yes || STATUS_OK=no
declare -A STOT0=() STOT1=()
for k in $(seq 1 "$NODES"); do STOT0[$k]=$(hap_field nodes "node$k" stot); done
BEARER=$ME_TOKEN timeout 60 wrk -t1 -c4 -d10s --timeout 30s -s "$BENCH_LUA_DIR/bearer.lua" "$HAP/api/auth/me" > "$RAW/rejoin.txt" 2>&1 || true
for k in $(seq 1 "$NODES"); do STOT1[$k]=$(hap_field nodes "node$k" stot); done
REJOIN_SHARE=$(for k in $(seq 1 "$NODES"); do printf 'node%s %s, ' "$k" $(( STOT1[$k] - STOT0[$k] )); done | sed 's/, $//')
REJOIN_NON=$(awk '/Non-2xx/ {print $5}' "$RAW/rejoin.txt"); REJOIN_NON=${REJOIN_NON:-0}
log "  requests per node over 10 s of me after the restart: $REJOIN_SHARE"
[ "$STATUS_OK" = yes ] || FAILED+=("cluster.sh status after restart-node: not every node UP")
[ "$REJOIN_NON" = 0 ] || FAILED+=("rejoin load: $REJOIN_NON non-2xx")

# ---------- 4. results ----------
set +e   # a missing figure must not cost the results file
ms() { awk -v v="$1" 'BEGIN { if (v == "" || v == "null") print "–"; else if (v >= 100) printf "%.0f", v; else if (v >= 10) printf "%.1f", v; else printf "%.2f", v }'; }
prow() {  # prow LABEL FILE
  local f=$1
  jq -r --arg l "$2" '"| \($l) | \(.count) | \(.first_request_refused) (\(100 * .first_request_refused / .count | floor)%) | \(.others_first_request_refused) of \(.others_checked) | \(.max_tries) | " +
    ([.from_response.p50, .from_response.p99, .from_response.max, .from_send.p50, .from_send.p99, .from_send.max, .revoke.p50, .revoke.p99] | map(if . == null then "–" else (. * 100 | round / 100 | tostring) end) | join(" | ")) +
    " | \(.never_refused) |"' "$f"
}
MACHINE="$CORES cores ($(lscpu 2>/dev/null | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
RUNTIME=$(grep -ho 'Payara Micro [0-9.]* (build [0-9]*)\|WildFly [0-9.]*Final' "$CLUSTER_DIR"/node-1/node.log 2>/dev/null | head -1)
{
  echo "# Gatehouse cluster benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Produced by \`bench/cluster.sh$([ "$QUICK" = 1 ] && echo " --quick")$([ "$SERVER" = wildfly ] && echo " --server wildfly")\` (run $STAMP)."
  [ "$QUICK" = 1 ] && echo "**--quick run: fewer revocations and shorter measurements than the defaults.**"
  echo "Nodes, HAProxy, PostgreSQL, wrk and the Python client share the same $CORES cores."
  if [ "${#FAILED[@]}" -gt 0 ]; then
    echo
    echo "> **Unexpected:** $(printf '%s; ' "${FAILED[@]}")raw output in \`$RAW\`."
  fi
  echo
  echo "## Setup"
  echo
  echo "| item | value |"
  echo "| --- | --- |"
  echo "| cluster | $NODES × ${RUNTIME:-$SERVER} (commit $COMMIT, target/gatehouse.war) started by \`server-config/cluster/cluster.sh start -n $NODES --server $SERVER --port $PORT\`, ready in $BOOT_S s; HAProxy $(haproxy -v | awk 'NR == 1 {print $3}') on 127.0.0.1:$PORT |"
  echo "| settings | $SETTINGS |"
  echo "| HAProxy checks | \`$CHECK_LINE\`, \`$CHECK_TIMEOUT\` (server-config/cluster/haproxy.cfg) |"
  echo "| database | PostgreSQL $PG_VERSION on 127.0.0.1:5432, database $DB_NAME |"
  echo "| machine | $MACHINE; load average before the run $LOAD_BEFORE |"
  echo
  echo "## 1. Revocation propagation"
  echo
  echo "Each revocation: log in on node A (its own port), \`GET /api/auth/me\` with the access token answers 200 on every"
  echo "other node once, then A revokes the session (\`POST /api/auth/logout\` and \`DELETE /api/sessions/{sid}\` alternately);"
  echo "right after A's \`204\` the client sends \`GET /api/auth/me\` to node B in a tight loop (keep-alive) until it answers"
  echo "\`401\`, then once to the remaining node(s). A and B rotate over the nodes. **from answer** = the first 401's arrival minus"
  echo "the arrival of A's 204; **from send** = the first 401's arrival minus the instant the revoke was sent (an upper bound"
  echo "of the time from the commit). Both include the refused request's own round trip. $WARMUP_REVOCATIONS revocations"
  echo "before these were a discarded warmup. Times in ms."
  echo
  echo "| load | revocations | refused on B's first request | other node(s) refused on their first | most requests to B | from answer p50 | p99 | max | from send p50 | p99 | max | revoke itself p50 | p99 | never refused |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  prow "$RAW/prop-loaded.json" "background load (below)"
  prow "$RAW/prop-quiet.json" "none"
  echo
  echo "Background load: \`wrk -t1 -c$BG_CONNS\` on \`GET /api/auth/me\` through HAProxy (one bearer token of another user, ${DELAY_MS} ms"
  echo "pause per connection between a response and the next request): **$BG_RPS req/s**, $BG_NON2XX not 2xx, over the ${LOADED_S} s of the"
  echo "loaded revocations."
  echo
  echo "| load | machine busy (all cores) | nodes | HAProxy | PostgreSQL backends | background wrk | other processes | B's me before the revoke (200) p50 / p99 | B's first 401 p50 / p99 |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  jq -r --arg c "| background | ${LOADED_BUSY}% | ${LOADED_NODES}% | ${LOADED_HAP}% | ${LOADED_PG}% | ${BG_WRK_PCT}% | ${LOADED_OTHER}%" \
    '"\($c) | \(.me_200.p50 * 100 | round / 100) / \(.me_200.p99 * 100 | round / 100) | \(.first_401.p50 * 100 | round / 100) / \(.first_401.p99 * 100 | round / 100) |"' "$RAW/prop-loaded.json"
  jq -r --arg c "| none | ${QUIET_BUSY}% | ${QUIET_NODES}% | ${QUIET_HAP}% | ${QUIET_PG}% | – | ${QUIET_OTHER}%" \
    '"\($c) | \(.me_200.p50 * 100 | round / 100) / \(.me_200.p99 * 100 | round / 100) | \(.first_401.p50 * 100 | round / 100) / \(.first_401.p99 * 100 | round / 100) |"' "$RAW/prop-quiet.json"
  echo
  echo "CPU columns but the first: % of one core over the phase; other = everything but the cluster, its PostgreSQL backends, the"
  echo "background wrk and the Python client (other work on this shared machine). The last two columns: one \`me\` round trip on B"
  echo "answered from its cache, and the refused one, for scale: propagation cannot be measured below one request."
  echo
  for f in loaded quiet; do
    jq -r --arg f "$f" '"Not refused on B\u0027s first request (\($f)): \(.late | length); " + (.late | map("#\(.i) \(.kind) node\(.a)→node\(.b): 401 on request \(.tries), \(.from_response_ms * 10 | round / 10) ms after the answer (that request sent after \(.sent_after_response_ms * 10 | round / 10) ms)") | .[:12] | join("; ")) + (if (.late | length) > 12 then "; …" else "" end) + "."' "$RAW/prop-$f.json"
    echo
  done
  for f in loaded quiet; do
    jq -r --arg f "$f" '"By kind (\($f)): logout from answer p50 \(.["from_response_logout"].p50 * 100 | round / 100) / p99 \(.["from_response_logout"].p99 * 100 | round / 100) ms (\(.kinds.logout)), session revoke p50 \(.["from_response_session-revoke"].p50 * 100 | round / 100) / p99 \(.["from_response_session-revoke"].p99 * 100 | round / 100) ms (\(.kinds["session-revoke"])); statuses from B before its first 401: \(.statuses_before_401)."' "$RAW/prop-$f.json"
    echo
  done
  echo "## 2. me and refresh through HAProxy with 3, 2 and 1 nodes"
  echo
  echo "\`wrk -t$WRK_THREADS -c$WRK_CONNS\`, warmup $WRK_WARMUP (discarded), measured $WRK_DURATION. The node count is HAProxy's: the nodes"
  echo "beyond it are in maintenance (still running, idle). CPU-ms per request = CPU time (utime+stime from /proc/<pid>/stat) from"
  echo "just before the run until the requests in flight at its end have drained, ÷ (completed requests + connections): the nodes"
  echo "in rotation, HAProxy, and the PostgreSQL backends of $DB_NAME (every request also takes the shared rate-limit row lock:"
  echo "RATE_LIMIT_STORE=database). \"idle nodes\" is the CPU of the nodes out of rotation over the same time, not in the total."
  echo "\"direct\" = straight to node 1's port, no HAProxy."
  echo
  echo "| scenario | nodes | req/s | p50 ms | p99 ms | requests | non-2xx | nodes CPU-ms/req | HAProxy | PostgreSQL | **total** | idle nodes | machine busy | other |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for sc in me refresh; do
    for n in "${COST_ROWS[@]}" direct; do
      k=$sc-$n
      tot=$(awk -v a="${R_NODES_MS[$k]}" -v b="${R_HAP_MS[$k]}" -v c="${R_PG_MS[$k]}" 'BEGIN {print a + b + c}')
      echo "| $sc | $n | ${R_RPS[$k]} | $(ms "${R_P50[$k]}") | $(ms "${R_P99[$k]}") | ${R_TOT[$k]} | ${R_NON[$k]}$([ "${R_OK[$k]}" = 1 ] || echo " **!**") | $(ms "${R_NODES_MS[$k]}") | $(ms "${R_HAP_MS[$k]}") | $(ms "${R_PG_MS[$k]}") | **$(ms "$tot")** | $(ms "${R_IDLE_MS[$k]}") | ${R_BUSY[$k]}% | ${R_OTHER[$k]}% |"
    done
  done
  echo
  echo "machine busy = all cores' busy time during the measured run, % of $((CORES * 100 / 100)) cores; other = % of one core used by"
  echo "processes that are neither the cluster, its PostgreSQL backends nor wrk."
  echo
  echo "## 3. kill -9 of a node under load"
  echo
  jq -r --arg n "$KILL_NODE" --arg before "$KILL_BEFORE_S" --arg after "$KILL_AFTER_S" '
    "The JVM had ended (its sockets closed) \(if .gone_ms == null then "?" else "\(.gone_ms | round)" end) ms after the signal; \(.sent_while_dying) requests were sent in between.",
    "",
    "\(.threads) client threads, each looping: register a new email, log in (as it when it got 201), `GET /api/auth/me` with the token;",
    "all through HAProxy. node\($n) got `kill -9` after \($before) s; the load went on \($after) s more (\(.requests) requests, \(.after_kill_requests) of them after the kill).",
    "",
    "| HAProxy before | first check failure seen | node DOWN after | status trace (ms after the kill: status) |",
    "| --- | --- | --- | --- |",
    "| \(.haproxy_status_before) | \(if .first_change_ms == null then "–" else "\(.first_change_ms | round) ms" end) | **\(if .down_ms == null then "not within the run" else "\(.down_ms | round) ms" end)** | \(.status_trace | map("\(.[0] | round): \(.[1])") | join(", ")) |",
    "",
    "| requests | failed | in flight at the kill | sent after the signal, before the JVM ended | sent after it ended | before the kill | registrations answered 201 | registrations never answered |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    "| \(.requests) | **\(.failed)** | \(.failed_in_flight_at_kill) | \(.failed_started_while_dying) | \(.failed_started_after_kill - .failed_started_while_dying) | \(.failed_before_kill) | \(.acknowledged_registrations) | \(.unanswered_registrations) |",
    "",
    "Statuses: \(.by_status | to_entries | map("\(.key): \(.value)") | join(", ")).",
    "",
    "RemoteDisconnected = HAProxy closed the client connection without an answer; 502 = HAProxy'"'"'s answer for a node that cut the request.",
    "",
    (if .failed > 0 then "Failures (kind, status, start and end in ms relative to the kill): \(.failures | map("\(.kind) \(.status) \(.start_ms)…\(.end_ms)") | join("; "))." else "No request failed." end)
  ' "$RAW/kill.json"
  echo
  echo "Checked interval: \`$CHECK_LINE\` with \`$CHECK_TIMEOUT\`: a dead node refuses the connection, so two failed checks take it out,"
  echo "the first at most \`inter\` (1 s) after the kill and the second \`fastinter\` (0.5 s) later: **at most about 1.5 s** expected."
  echo
  jq -r '"Afterwards, every registration answered 201 logged in through HAProxy: **\(.logged_in) of \(.emails)** (statuses \(.by_status))."' "$RAW/verify.json"
  jq -r '"Registrations that got no answer (their outcome unknown to the client): \(.emails), of which \(.logged_in) had committed (log in)."' "$RAW/verify-unknown.json"
  echo
  echo "\`cluster.sh restart-node $KILL_NODE\`: back in rotation **$RESTART_S s** later (launch, ready, HAProxy UP). Then 10 s of"
  echo "\`wrk -t1 -c4\` on \`me\` through HAProxy: requests per node $REJOIN_SHARE ($REJOIN_NON not 2xx; the restarted node"
  echo "gets its share over HAProxy's 60 s slowstart). \`cluster.sh status\` after the kill and after the restart:"
  echo
  echo '```'
  cat "$RAW/status-after-kill.txt"
  echo
  cat "$RAW/status-after-restart.txt"
  echo '```'
  echo
  echo "Raw output: \`$RAW\` (not kept in the repository)."
} > "$RESULTS"
log "results written to $RESULTS"
cat "$RESULTS"
if [ "${#FAILED[@]}" -gt 0 ]; then
  log "UNEXPECTED: ${FAILED[*]}"
  exit 1
fi
