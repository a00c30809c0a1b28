#!/usr/bin/env bash
# CI check of the trained Payara start (run.sh, what `mvn -Prun package` runs): trains once, then starts the server
# twice from the trained root and checks, each time, that the JVM mapped the class archive, that Payara deployed the
# WAR exactly once (a rooted Payara otherwise deploys the previous start's WAR first), and that a login works.
#
#   server-config/payara/launcher-check.sh        # JAVA (default java: a CDS archive on JDK 17, an AOT cache on 25+)
#
# Needs target/gatehouse.war and target/payara-micro.jar (mvn package) and curl; runs on throwaway in-memory H2
# databases under a temporary directory. Prints PASS/FAIL lines; exit status 1 if any check failed. About 90 s.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAVA=${JAVA:-java}
PORT=${PORT:-18795}
WORK=$(mktemp -d)
STATE=$WORK/payara-run
BASE=http://127.0.0.1:$PORT
FAILED=0
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

check() {
    if [ "$2" = ok ]; then echo "PASS $1"; else echo "FAIL $1: $2"; FAILED=1; fi
}

curl -s -o /dev/null --max-time 2 "$BASE/" && { echo "FAIL port $PORT is in use (set PORT)"; exit 1; }
if ! JAVA=$JAVA STATE=$STATE "$ROOT/server-config/payara/run.sh" --train --port "$PORT" > "$WORK/train.log" 2>&1; then
    tail -20 "$WORK/train.log"
    check "training" "run.sh --train failed"
    exit 1
fi
ARCHIVE=$(find "$STATE" -maxdepth 1 \( -name '*.aot' -o -name '*.jsa' \) | head -1)
check "training wrote a class archive ($(basename "${ARCHIVE:-none}"))" "$([ -s "$ARCHIVE" ] && echo ok || echo "no archive in $STATE")"

for start in 1 2; do
    log=$WORK/serve-$start.log
    DATABASE_URL="jdbc:h2:mem:check$start;DB_CLOSE_DELAY=-1" LOG_DIR=$WORK/logs-$start JAVA=$JAVA STATE=$STATE \
        "$ROOT/server-config/payara/run.sh" --port "$PORT" > "$log" 2>&1 &
    SERVER=$!
    ready=no
    for _ in $(seq 480); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/api/health/ready" || true)" = 200 ] && { ready=ok; break; }
        kill -0 "$SERVER" 2>/dev/null || break
        sleep 0.25
    done
    check "start $start: ready 200" "$([ $ready = ok ] && echo ok || echo "not ready (log: $(tail -3 "$log"))")"
    # Payara logs its banner once every deployment is done: count the deployments after it.
    for _ in $(seq 60); do grep -q 'ready in [0-9,]* (ms)' "$log" && break; sleep 0.5; done
    deployments=$(grep -c 'Loading application \[gatehouse\] at' "$log" || true)
    check "start $start: the WAR deployed once" "$([ "$deployments" = 1 ] && echo ok || echo "$deployments deployments")"
    check "start $start: the JVM mapped the archive" \
        "$(grep -qF "$ARCHIVE" "/proc/$SERVER/maps" 2>/dev/null && echo ok || echo "$ARCHIVE not mapped")"
    check "start $start: register, login, me and refresh" \
        "$("$ROOT/server-config/training-requests.sh" "$BASE" > /dev/null 2>&1 && echo ok || echo "login failed")"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
done
exit "$FAILED"
