#!/usr/bin/env bash
# Boot levers: time from launch to the first 200 on /api/health/ready, on an existing database,
# for the same WAR under several launch variants; BOOTS boots per variant, median reported.
#
#   bench/boot.sh                          # every variant, 3 boots each (~8 min on 2 cores)
#   BOOTS=5 bench/boot.sh payara-jdk17 payara-aot
#
# Payara variants boot as docs/deployment.md deploys: --prebootcommandfile server-config/payara/boot-commands.asadmin
# (BOOT_COMMANDS overrides the file).
# Variants (any subset, in the order given):
#   payara-grid       java -jar payara-micro.jar with the boot commands minus the line that turns Payara's Hazelcast
#                     data grid off (the grid as stock Payara Micro starts it, bound to no peer by --nocluster)
#   payara-jdk17      java -jar payara-micro.jar (unpacks its runtime into a temporary directory each boot)
#   payara-jdk25      the same on JDK 25
#   payara-launcher   JDK 25, persistent --rootdir and its launch-micro.jar (--outputlauncher): nothing unpacked
#   payara-cds        server-config/payara/run.sh on JDK 17 after its --train: Payara's launcher and a dynamic CDS archive
#   payara-aot        server-config/payara/run.sh on JDK 25 after its --train: Payara's launcher and an AOT cache
#   wildfly-jdk17     WildFly 39 (server-config/wildfly/prepare.sh), standalone.sh
#   wildfly-jdk25     the same on JDK 25
#   wildfly-aot       wildfly-jdk25 + the AOT cache of server-config/wildfly/train.sh
#   keycloak          the yardstick: Keycloak as ../shared/peers/keycloak/run.sh left it (KC_HOME, default
#                     /tmp/kc-peer/keycloak-26.7.3, built for PostgreSQL; its database `keycloak` with realm `bench`),
#                     `kc.sh start --optimized` on JDK 25, ready = 200 on the realm's well-known document
# Writes bench/results/boot-<UTC timestamp>.md. Needs target/gatehouse.war and target/payara-micro.jar
# (mvn package), a local PostgreSQL (trust auth for postgres on 127.0.0.1), curl, openssl.
# Knobs: JDK17 (java), JDK25 (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java), PAYARA_JVM_OPTS ("-Xms128m -Xmx512m
# -XX:+UseSerialGC", or JVM_OPTS when given), JVM_OPTS
# ("-Xms64m -Xmx512m -XX:+UseSerialGC"), GH_PORT (18580), BOOTS (3), DB_NAME (gatehouse_bench_boot), WAR (another
# build of the WAR to compare, default target/gatehouse.war).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
JDK17=${JDK17:-java}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
# Payara boots faster from a 128 MB heap, WildFly showed no clear gain (bench/results/boot-levers-20261206T2305Z.md); JVM_OPTS, when
# given, applies to both
PAYARA_JVM_OPTS=${PAYARA_JVM_OPTS:-${JVM_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC}}
JVM_OPTS=${JVM_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC}
PORT=${GH_PORT:-18580}
BOOTS=${BOOTS:-3}
DB_NAME=${DB_NAME:-gatehouse_bench_boot}
VARIANTS=("$@")
[ "${#VARIANTS[@]}" -gt 0 ] || VARIANTS=(payara-grid payara-jdk17 payara-cds payara-jdk25 payara-launcher payara-aot wildfly-jdk17 wildfly-jdk25 wildfly-aot)
BOOT_COMMANDS=${BOOT_COMMANDS:-$REPO/server-config/payara/boot-commands.asadmin}
KC_HOME=${KC_HOME:-/tmp/kc-peer/keycloak-26.7.3}
case "$DB_NAME" in *bench*) ;; *) echo "DB_NAME must contain 'bench' (this script drops it)" >&2; exit 2 ;; esac

WAR=$(realpath "${WAR:-$REPO/target/gatehouse.war}"); MICRO=$REPO/target/payara-micro.jar
export GATEHOUSE_WAR=$WAR
[ -s "$WAR" ] && [ -s "$MICRO" ] || { echo "missing $WAR or $MICRO (mvn package first)" >&2; exit 1; }
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK=/tmp/gatehouse-boot/run-$STAMP
mkdir -p "$WORK/tmp" "$SCRIPT_DIR/results"
RESULTS=$SCRIPT_DIR/results/boot-$STAMP.md
BASE=http://127.0.0.1:$PORT
CLK_TCK=$(getconf CLK_TCK)
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }

SPID=""
stop() {
  [ -n "$SPID" ] || return 0
  kill -TERM "$SPID" 2>/dev/null || true
  for _ in $(seq 1 240); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$SPID" 2>/dev/null || true
  SPID=""
  sleep 1   # the launcher script (WildFly) and the port are gone too
}
trap 'stop; psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
psql_db -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME" >/dev/null
SECRET=$(openssl rand -base64 48 | tr -d '\n')
ADMIN_PW=$(openssl rand -hex 16)
export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB_NAME" SECRET_KEY="$SECRET" BCRYPT_COST=10 \
  BOOTSTRAP_ADMIN_EMAIL=admin@bench.test BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PW" LOG_DIR="$WORK/app-logs"

ROOTDIR=$WORK/micro/root
grep -v 'hazelcast-config-specific-configuration.enabled=false' "$BOOT_COMMANDS" > "$WORK/boot-commands-grid.asadmin"
JBOSS_HOME=""

# launch VARIANT LOG: starts the server in the background, sets SPID
launch() {
  local v=$1 logf=$2 extra="-XX:ErrorFile=$WORK/hs_err_%p.log" java=$JDK25 commands=$BOOT_COMMANDS
  case "$v" in *jdk17) java=$JDK17 ;; esac
  case "$v" in
    payara-jdk17|payara-jdk25|payara-grid)
      [ "$v" = payara-grid ] && java=$JDK17 && commands=$WORK/boot-commands-grid.asadmin
      # shellcheck disable=SC2086
      "$java" $PAYARA_JVM_OPTS $extra -Djava.io.tmpdir="$WORK/tmp" -jar "$MICRO" --deploy "$WAR" --contextroot / \
        --port "$PORT" --disablephonehome --nocluster --prebootcommandfile "$commands" > "$logf" 2>&1 &
      SPID=$! ;;
    payara-launcher)
      STATE=$WORK/micro "$REPO/server-config/payara/run.sh" --forget
      # shellcheck disable=SC2086
      "$java" $PAYARA_JVM_OPTS $extra -Djava.io.tmpdir="$WORK/tmp" -jar "$ROOTDIR/launch-micro.jar" --deploy "$WAR" --contextroot / \
        --port "$PORT" --disablephonehome --nocluster --prebootcommandfile "$commands" > "$logf" 2>&1 &
      SPID=$! ;;
    payara-cds|payara-aot)
      [ "$v" = payara-cds ] && java=$JDK17
      WAR=$WAR JAVA=$java STATE=$WORK/$v JVM_OPTS="$PAYARA_JVM_OPTS $extra -Djava.io.tmpdir=$WORK/tmp" \
        "$REPO/server-config/payara/run.sh" --port "$PORT" > "$logf" 2>&1 &
      SPID=$! ;;
    keycloak)
      ( export JAVA_HOME=${JDK25%/bin/java} KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=unused-here
        exec "$KC_HOME/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 --http-port="$PORT" \
          --hostname-strict=false --cache=local --db-url="jdbc:postgresql://127.0.0.1:5432/keycloak" \
          --db-username=keycloak --db-password=keycloak ) > "$logf" 2>&1 &
      SPID=$! ;;
    wildfly-*)
      rm -f "$WORK/wildfly.pid"
      ( export LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$WORK/wildfly.pid" JAVA="$java" \
          JAVA_OPTS="$JVM_OPTS $extra -Djava.io.tmpdir=$WORK/tmp -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true"
        exec "$JBOSS_HOME/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
          -Djboss.socket.binding.port-offset=$((PORT - 8080)) ) > "$logf" 2>&1 &
      for _ in $(seq 1 200); do [ -s "$WORK/wildfly.pid" ] && break; sleep 0.05; done
      SPID=$(cat "$WORK/wildfly.pid") ;;
  esac
}

# jit_cpu PID: CPU seconds the JVM's JIT compiler threads (C1, C2) have used so far
jit_cpu() {
  local t v ticks=0
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      # compiler threads come and go (a dynamic number of them): one gone since the listing counts 0
      C1\ CompilerThre*|C2\ CompilerThre*) v=$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}'); ticks=$((ticks + ${v:-0})) ;;
    esac
  done
  awk -v s="$ticks" -v t="$CLK_TCK" 'BEGIN {printf "%.1f", s / t}'
}

# boot VARIANT LABEL: launch, wait for ready; sets BOOT_S, CPU_S (JVM CPU until ready) and JIT_S (of it the JIT's)
boot() {
  local t0 code logf=$WORK/$2.log
  t0=$(date +%s%N)
  launch "$1" "$logf"
  local ready=$BASE/api/health/ready
  [ "$1" = keycloak ] && ready=$BASE/realms/bench/.well-known/openid-configuration
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$ready" || true)
    [ "$code" = 200 ] && break
    kill -0 "$SPID" 2>/dev/null || { tail -20 "$logf" >&2; die "$2: server exited during boot (log $logf)"; }
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -ge 300 ] && die "$2: not ready after 300 s (log $logf)"
    sleep 0.1
  done
  BOOT_S=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
  local jvm=$SPID
  [ "$1" = keycloak ] && jvm=$(pgrep -P "$SPID" java | head -1 || true) && jvm=${jvm:-$SPID}   # kc.sh may run java as its child
  CPU_S=$(awk -v t="$CLK_TCK" '{printf "%.1f", ($14 + $15) / t}' "/proc/$jvm/stat")
  JIT_S=$(jit_cpu "$jvm")
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

log "first boot: Flyway creates the schema (not measured)"
boot payara-jdk17 schema; stop

declare -A ROW=()
for v in "${VARIANTS[@]}"; do
  case "$v" in
    payara-launcher)
      if [ ! -s "$ROOTDIR/launch-micro.jar" ]; then
        log "persistent root directory + launcher (--outputlauncher)"
        "$JDK25" -jar "$MICRO" --rootdir "$ROOTDIR" --outputlauncher > "$WORK/outputlauncher.log" 2>&1 \
          || { tail "$WORK/outputlauncher.log" >&2; die "--outputlauncher failed"; }
        cp "$ROOTDIR/config/domain.xml" "$WORK/micro/domain.xml"
      fi ;;
    payara-cds|payara-aot)
      java=$JDK25; [ "$v" = payara-cds ] && java=$JDK17
      log "$v: server-config/payara/run.sh --train"
      t0=$(date +%s)
      WAR=$WAR JAVA=$java STATE=$WORK/$v JVM_OPTS="$PAYARA_JVM_OPTS -Djava.io.tmpdir=$WORK/tmp" "$REPO/server-config/payara/run.sh" --train \
        --port "$PORT" > "$WORK/$v-training.out" 2>&1 || { tail "$WORK/$v-training.out" >&2; die "$v: training failed"; }
      ROW[$v-train]="training $(( $(date +%s) - t0 )) s: $(tail -1 "$WORK/$v-training.out" | sed 's/;.*//')" ;;
    wildfly-*)
      if [ -z "$JBOSS_HOME" ]; then
        log "preparing WildFly"
        JBOSS_HOME=$("$REPO/server-config/wildfly/prepare.sh" "$WORK/wildfly" 2> "$WORK/prepare.log") \
          || { tail "$WORK/prepare.log" >&2; die "prepare.sh failed"; }
        boot wildfly-jdk17 wildfly-first; stop   # deploys the WAR once
      fi ;;
    payara-jdk17|payara-jdk25|payara-grid) ;;
    keycloak) [ -x "$KC_HOME/bin/kc.sh" ] || die "no Keycloak at $KC_HOME: run ../shared/peers/keycloak/run.sh first" ;;
    *) die "unknown variant $v" ;;
  esac
  case "$v" in
    wildfly-aot)
      log "$v: server-config/wildfly/train.sh (JDK 25)"
      t0=$(date +%s)
      JAVA=$JDK25 JVM_OPTS="$JVM_OPTS" PORT=$PORT "$REPO/server-config/wildfly/train.sh" "$JBOSS_HOME" > "$WORK/$v-training.out" 2>&1 \
        || { tail "$WORK/$v-training.out" >&2; die "$v: training failed"; }
      ROW[$v-train]="training $(( $(date +%s) - t0 )) s: $(tail -1 "$WORK/$v-training.out" | sed 's/;.*//')" ;;
  esac
  times=(); cpus=(); jits=()
  for b in $(seq 1 "$BOOTS"); do
    boot "$v" "$v-$b"; times+=("$BOOT_S"); cpus+=("$CPU_S"); jits+=("$JIT_S")
    log "$v boot $b: ready in ${BOOT_S} s (JVM CPU ${CPU_S} s, of it JIT compilers ${JIT_S} s)"
    stop
  done
  ROW[$v]="| $v | **$(median "${times[@]}")** | ${times[*]} | $(median "${cpus[@]}") | $(median "${jits[@]}") | ${ROW[$v-train]:-} |"
  # the trained standalone.conf would hand the cache to every later JDK 25 variant: forget it
  if [ "$v" = wildfly-aot ]; then "$REPO/server-config/wildfly/train.sh" --forget "$JBOSS_HOME" > /dev/null; fi
done

{
  echo "# Gatehouse boot levers — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Produced by \`bench/boot.sh\` (run $STAMP): launch → first 200 on /api/health/ready, existing database"
  echo "(PostgreSQL, schema made by an earlier boot), $BOOTS boots per variant, JVM options \`$PAYARA_JVM_OPTS\` (Payara), \`$JVM_OPTS\` (WildFly),"
  echo "WAR: $(realpath --relative-to="$REPO" "$WAR") ($(du -sm "$WAR" | cut -f1) MB)."
  echo "Payara with \`--prebootcommandfile $(realpath --relative-to="$REPO" "$BOOT_COMMANDS")\`, commit $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src pom.xml server-config || echo ' + uncommitted changes')."
  echo "JDK 17: $("$JDK17" -version 2>&1 | sed -n 2p); JDK 25: $("$JDK25" -version 2>&1 | sed -n 2p). Machine: $(nproc) cores."
  echo
  echo "| variant | boot s (median) | boots | JVM CPU s to ready (median) | of it the JIT compiler threads (median) | note |"
  echo "| --- | --- | --- | --- | --- | --- |"
  for v in "${VARIANTS[@]}"; do echo "${ROW[$v]}"; done
} > "$RESULTS"
cat "$RESULTS"
log "results written to $RESULTS"
