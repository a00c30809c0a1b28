#!/usr/bin/env bash
# Runs target/gatehouse.war on Payara Micro as docs/deployment.md does (what `mvn -Prun package` calls), using the
# class archive of an earlier training boot when there is one: the boot then loads Payara's own classes already
# parsed and linked instead of reading them from its jars (docs/performance.md, "Boot").
#
#   server-config/payara/run.sh [--port P]      # serve; with an archive from --train when it matches this java
#   server-config/payara/run.sh --train         # once: record the archive, then exit
#   server-config/payara/run.sh --forget        # only reset STATE/root's deployments (what serving does first)
#
# --train unpacks Payara Micro into STATE/root with its launcher (a stable class path, which an archive needs), boots
# it once on a throwaway in-memory H2 database (nothing of yours is touched), serves a registration, a login, /me and
# a refresh, stops, and keeps what the JVM recorded: an AOT cache on JDK 25 or newer (-XX:AOTCacheOutput), a dynamic
# CDS archive on JDK 17 to 24 (-XX:ArchiveClassesAtExit). Train again after changing JAVA, JVM_OPTS or Payara's version.
# A rooted Payara keeps what it deployed in root/config/domain.xml and deploys it again at its next start, before
# --deploy replaces it (the previous WAR answering, then a second deployment): every start from STATE/root begins
# with the configuration --outputlauncher wrote (kept as STATE/domain.xml) and no deployed application.
# Environment: JAVA (default java), WAR (default target/gatehouse.war), MICRO (default target/payara-micro.jar), JVM_OPTS (default -Xms128m -Xmx512m -XX:+UseSerialGC), STATE (default
# target/payara-run), and Gatehouse's own settings (DATABASE_URL, SECRET_KEY, ...; docs/configuration.md).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAVA=${JAVA:-java}
JVM_OPTS=${JVM_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC}
STATE=${STATE:-$ROOT/target/payara-run}
WAR=${WAR:-$ROOT/target/gatehouse.war}
MICRO=${MICRO:-$ROOT/target/payara-micro.jar}
PORT=8080
TRAIN=false
forget_deployments() {
    cp "$STATE/domain.xml" "$STATE/root/config/domain.xml"
    rm -rf "$STATE/root/applications" "$STATE/root/generated"
}
while [ $# -gt 0 ]; do
    case "$1" in
        --train) TRAIN=true ;;
        --port) PORT=$2; shift ;;
        --forget) forget_deployments; exit 0 ;;
        *) echo "usage: run.sh [--train | --forget] [--port P]" >&2; exit 2 ;;
    esac
    shift
done
[ -s "$WAR" ] && [ -s "$MICRO" ] || { echo "no $WAR or $MICRO: mvn package first" >&2; exit 1; }

FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${FEATURE%%.*}" -ge 25 ]; then
    ARCHIVE=$STATE/gatehouse-$FEATURE.aot; RECORD=-XX:AOTCacheOutput=$ARCHIVE; USE=-XX:AOTCache=$ARCHIVE
else
    ARCHIVE=$STATE/gatehouse-$FEATURE.jsa; RECORD=-XX:ArchiveClassesAtExit=$ARCHIVE; USE=-XX:SharedArchiveFile=$ARCHIVE
fi
OPTIONS=(--deploy "$WAR" --contextroot / --port "$PORT" --disablephonehome --nocluster
         --prebootcommandfile "$ROOT/server-config/payara/boot-commands.asadmin")

if ! $TRAIN; then
    if [ -s "$ARCHIVE" ] && [ -s "$STATE/root/launch-micro.jar" ] && [ -s "$STATE/domain.xml" ]; then
        forget_deployments
        # shellcheck disable=SC2086
        exec "$JAVA" $JVM_OPTS "$USE" -jar "$STATE/root/launch-micro.jar" "${OPTIONS[@]}"
    fi
    # shellcheck disable=SC2086
    exec "$JAVA" $JVM_OPTS -jar "$MICRO" "${OPTIONS[@]}"
fi

rm -rf "$STATE" && mkdir -p "$STATE"
"$JAVA" -jar "$MICRO" --rootdir "$STATE/root" --outputlauncher > "$STATE/launcher.log" 2>&1 \
    || { tail -20 "$STATE/launcher.log" >&2; exit 1; }
cp "$STATE/root/config/domain.xml" "$STATE/domain.xml"
# shellcheck disable=SC2086
DATABASE_URL="jdbc:h2:mem:training;DB_CLOSE_DELAY=-1" LOG_DIR=$STATE/training-logs \
    "$JAVA" $JVM_OPTS "$RECORD" -jar "$STATE/root/launch-micro.jar" "${OPTIONS[@]}" > "$STATE/training.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
BASE=http://127.0.0.1:$PORT
for _ in $(seq 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/health/ready" || true)" = 200 ] && break
    kill -0 "$SERVER" 2>/dev/null || { tail -20 "$STATE/training.log" >&2; exit 1; }
    sleep 0.5
done
"$ROOT/server-config/training-requests.sh" "$BASE"
kill -TERM "$SERVER"
wait "$SERVER" || true
trap - EXIT
[ -s "$ARCHIVE" ] || { echo "the JVM wrote no archive (see $STATE/training.log)" >&2; exit 1; }
echo "trained: $ARCHIVE ($(du -m "$ARCHIVE" | cut -f1) MB); server-config/payara/run.sh (or mvn -Prun package) now uses it"
