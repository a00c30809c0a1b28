#!/usr/bin/env bash
# Records an AOT cache (JDK 25 or newer) for a WildFly prepared by prepare.sh, so that later boots load the runtime's
# classes already parsed and linked, with the method profiles of a few requests (docs/performance.md, "Boot").
#
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java server-config/wildfly/train.sh JBOSS_HOME
#   server-config/wildfly/train.sh --forget JBOSS_HOME     # boot without the cache again (it is deleted)
#
# Boots the server once on a throwaway in-memory H2 database (nothing of yours is touched), serves a registration, a
# login, /me and a refresh, stops, and keeps JBOSS_HOME/standalone/data/gatehouse.aot. It then adds one block to
# JBOSS_HOME/bin/standalone.conf: standalone.sh passes -XX:AOTCache only when it runs the same java binary, so a
# server started with another JDK boots as before instead of failing on the option. Train again after changing
# JAVA, JVM_OPTS or WildFly; a rebuilt WAR needs no new training.
# Class unloading is off during the training only: with it on, Temurin 25.0.3 crashed while writing the cache
# (InstanceKlass::can_be_verified_at_dumptime, a class whose superclass had been unloaded).
# Environment: JAVA (default java), JVM_OPTS (default -Xms64m -Xmx512m -XX:+UseSerialGC, the options you serve with),
# PORT (default 8080; the training server listens there on 127.0.0.1).
set -euo pipefail

FORGET=false
[[ ${1:-} == --forget ]] && { FORGET=true; shift; }
JBOSS_HOME=$(cd "${1:?usage: train.sh [--forget] JBOSS_HOME}" && pwd)
JAVA=${JAVA:-java}
JVM_OPTS=${JVM_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC}
PORT=${PORT:-8080}
CACHE=$JBOSS_HOME/standalone/data/gatehouse.aot
CONF=$JBOSS_HOME/bin/standalone.conf
MARK='# gatehouse AOT cache (server-config/wildfly/train.sh)'

die() { printf 'FAIL %s\n' "$*" >&2; exit 1; }
[[ -x $JBOSS_HOME/bin/standalone.sh ]] || die "no $JBOSS_HOME/bin/standalone.sh"
sed -i '\|^# gatehouse AOT cache|,\|^# end gatehouse AOT cache|d' "$CONF"
rm -f "$CACHE"
$FORGET && { echo "forgotten: $JBOSS_HOME/bin/standalone.sh boots without an AOT cache"; exit 0; }
JAVA_BIN=$(readlink -f "$(command -v "$JAVA")") || die "no java at $JAVA"
FEATURE=$("$JAVA_BIN" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[[ ${FEATURE%%.*} -ge 25 ]] || die "an AOT cache needs JDK 25 or newer; $JAVA_BIN is $FEATURE"

mkdir -p "$JBOSS_HOME/standalone/data"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(
    export DATABASE_URL="jdbc:h2:mem:training;DB_CLOSE_DELAY=-1" LOG_DIR=$WORK/logs SECRET_KEY=$(head -c 48 /dev/urandom | base64 -w0) \
        LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE=$WORK/pid JAVA=$JAVA_BIN \
        JAVA_OPTS="$JVM_OPTS -XX:-ClassUnloading -XX:AOTCacheOutput=$CACHE -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true"
    exec "$JBOSS_HOME/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 -Djboss.socket.binding.port-offset=$((PORT - 8080))
) > "$WORK/training.log" 2>&1 &
for _ in $(seq 200); do [[ -s $WORK/pid ]] && break; sleep 0.05; done
[[ -s $WORK/pid ]] || { tail -20 "$WORK/training.log" >&2; die "WildFly wrote no pid file"; }
SERVER=$(cat "$WORK/pid")
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
BASE=http://127.0.0.1:$PORT
for _ in $(seq 600); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/health/ready" || true) == 200 ]] && break
    kill -0 "$SERVER" 2>/dev/null || { tail -20 "$WORK/training.log" >&2; die "the training server stopped"; }
    sleep 0.5
done
"$(dirname "${BASH_SOURCE[0]}")/../training-requests.sh" "$BASE" || { tail -20 "$WORK/training.log" >&2; die "training requests failed"; }
kill -TERM "$SERVER"
for _ in $(seq 240); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.5; done   # the JVM writes the cache on exit
trap 'rm -rf "$WORK"' EXIT
[[ -s $CACHE ]] || { grep -a -m3 -E 'Problematic frame|AOT|error' "$WORK/training.log" >&2 || true; die "the JVM wrote no AOT cache"; }

[[ -z $(tail -c1 "$CONF") ]] || echo >> "$CONF"
cat >> "$CONF" <<EOF
$MARK: used only with the java that recorded it
gatehouse_java=\${JAVA:-\${JAVA_HOME:+\$JAVA_HOME/bin/java}}
if [ -s "$CACHE" ] && [ "\$(readlink -f "\$(command -v "\${gatehouse_java:-java}")" 2>/dev/null)" = "$JAVA_BIN" ]; then
   JAVA_OPTS="\$JAVA_OPTS -XX:AOTCache=$CACHE"
fi
# end gatehouse AOT cache
EOF
echo "trained: $CACHE ($(du -m "$CACHE" | cut -f1) MB); $JBOSS_HOME/bin/standalone.sh now uses it with $JAVA_BIN"
