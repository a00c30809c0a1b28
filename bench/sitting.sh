#!/usr/bin/env bash
# The same-sitting comparison in one command: Keycloak (the yardstick), Gatehouse on Payara Micro (JDK 17 as
# `java -jar` runs it, then JDK 25 with the class archive of `server-config/payara/run.sh --train`) and on WildFly
# (JDK 17, then JDK 25 with the AOT cache of `server-config/wildfly/train.sh`), then the boots (median of 3 each),
# one after the other on this machine; writes every run's own results file and bench/results/sitting-<UTC
# timestamp>.md with the table of docs/performance.md.
#
#   bench/sitting.sh                  # ~27 min on 2 cores (16:13-16:40 on 2026-12-06); builds the WAR first
#   SKIP_BUILD=1 bench/sitting.sh     # the WAR in target/ as it is
#   FROM_RESULTS="KC P17 P25 WF WF25 BOOT" bench/sitting.sh   # only the table, from six results files of an earlier sitting
#
# Steps: ../shared/peers/keycloak/run.sh (KC_RUN) with SCENARIOS="wellknown userinfo-r1 userinfo-r2 userinfo-r3
# userinfo refresh refresh-pool" HASHBENCH=0; bench/run.sh --server payara --users 2000 with SCENARIOS="health me
# refresh"; server-config/payara/run.sh --train on JDK 25 (JDK25) and bench/run.sh on its launcher and AOT cache
# with SCENARIOS="me refresh"; bench/run.sh --server wildfly the same as Payara, then with WILDFLY_TRAIN=1 on JDK 25
# with SCENARIOS="me refresh"; bench/boot.sh keycloak payara-aot wildfly-jdk17 wildfly-aot. Needs what those need
# (bench/README.md). Run it from a copy if you edit it meanwhile.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
KC_RUN=${KC_RUN:-$REPO/../shared/peers/keycloak/run.sh}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
USERS=${USERS:-2000}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$SCRIPT_DIR/results
WORK=/tmp/gatehouse-sitting/$STAMP
mkdir -p "$WORK" "$RESULTS"
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ -x "$JDK25" ] || die "no JDK 25 at $JDK25 (JDK25=...)"
[ -f "$KC_RUN" ] || die "no Keycloak peer script at $KC_RUN (KC_RUN=...)"

# newest FILE matching GLOB in results/ written after the marker
newest() { find "$RESULTS" -maxdepth 1 -name "$1" -newer "$WORK/marker" -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2-; }
mark() { touch "$WORK/marker"; sleep 1; }

runs() {
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building the WAR"
  (cd "$REPO" && mvn -B -q -DskipTests package) > "$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; die "build failed"; }
fi

log "Keycloak ($KC_RUN)"
mkdir -p "$WORK/keycloak"
SCENARIOS="wellknown userinfo-r1 userinfo-r2 userinfo-r3 userinfo refresh refresh-pool" HASHBENCH=0 OUT_DIR="$WORK/keycloak" \
  bash "$KC_RUN" > "$WORK/keycloak.log" 2>&1 || { tail -20 "$WORK/keycloak.log"; die "Keycloak run failed"; }
KC=$RESULTS/keycloak-$STAMP.md
cp "$(ls -t "$WORK"/keycloak/results-*.md | head -1)" "$KC"

log "Payara Micro, JDK 17"
mark
SCENARIOS="health me refresh" bash "$SCRIPT_DIR/run.sh" --server payara --users "$USERS" --skip-build > "$WORK/payara.log" 2>&1 \
  || log "Payara run reported an unexpected status (see its results file)"
P17=$(newest 'results-*-payara.md'); [ -n "$P17" ] || die "no Payara results"

log "Payara Micro, JDK 25, trained (server-config/payara/run.sh --train)"
STATE=$WORK/payara-run JAVA=$JDK25 "$REPO/server-config/payara/run.sh" --train --port 18680 > "$WORK/train.log" 2>&1 \
  || { tail -20 "$WORK/train.log"; die "training failed"; }
mark
MICRO_JAR=$WORK/payara-run/root/launch-micro.jar JAVA_BIN=$JDK25 \
  JVM_OPTS="-Xms128m -Xmx512m -XX:+UseSerialGC -XX:AOTCache=$WORK/payara-run/gatehouse-25.aot" \
  SCENARIOS="me refresh" bash "$SCRIPT_DIR/run.sh" --server payara --users "$USERS" --skip-build > "$WORK/payara-aot.log" 2>&1 \
  || log "trained Payara run reported an unexpected status (see its results file)"
P25=$(newest 'results-*-payara.md'); [ -n "$P25" ] || die "no trained Payara results"
mv "$P25" "${P25%.md}-jdk25-aot.md"; P25=${P25%.md}-jdk25-aot.md

log "WildFly"
mark
SCENARIOS="health me refresh" bash "$SCRIPT_DIR/run.sh" --server wildfly --users "$USERS" --skip-build > "$WORK/wildfly.log" 2>&1 \
  || log "WildFly run reported an unexpected status (see its results file)"
WF=$(newest 'results-*-wildfly.md'); [ -n "$WF" ] || die "no WildFly results"

log "WildFly, JDK 25, trained (server-config/wildfly/train.sh)"
mark
WILDFLY_TRAIN=1 JAVA_BIN=$JDK25 SCENARIOS="me refresh" bash "$SCRIPT_DIR/run.sh" --server wildfly --users "$USERS" --skip-build \
  > "$WORK/wildfly-aot.log" 2>&1 || log "trained WildFly run reported an unexpected status (see its results file)"
WF25=$(newest 'results-*-wildfly.md'); [ -n "$WF25" ] || die "no trained WildFly results"
mv "$WF25" "${WF25%.md}-jdk25-aot.md"; WF25=${WF25%.md}-jdk25-aot.md

log "boots"
mark
bash "$SCRIPT_DIR/boot.sh" keycloak payara-aot wildfly-jdk17 wildfly-aot > "$WORK/boot.log" 2>&1 || { tail -20 "$WORK/boot.log"; die "boot.sh failed"; }
BOOT=$(newest 'boot-*.md'); [ -n "$BOOT" ] || die "no boot results"
}

if [ -n "${FROM_RESULTS:-}" ]; then
  read -r KC P17 P25 WF WF25 BOOT <<< "$FROM_RESULTS"
else
  runs
fi

OUT=$RESULTS/sitting-$STAMP.md
python3 - "$KC" "$P17" "$P25" "$WF" "$WF25" "$BOOT" "$OUT" "$(git -C "$REPO" rev-parse --short HEAD)" <<'PY'
import re, sys, os
kc, p17, p25, wf, wf25, boot, out, commit = sys.argv[1:9]
text = {k: open(v).read() for k, v in dict(kc=kc, p17=p17, p25=p25, wf=wf, wf25=wf25, boot=boot).items()}
G = ('p17', 'p25', 'wf', 'wf25')

def rows(t, first):
    """Table rows (cells) of t whose first cell is first."""
    return [[c.strip() for c in line.strip().strip('|').split('|')] for line in t.splitlines()
            if line.startswith('|') and line.strip('|').split('|')[0].strip() == first]

def gh(t, scenario):
    """Gatehouse scenario row: req/s at server CPU-ms (+ PostgreSQL)."""
    r = [c for c in rows(t, scenario) if len(c) >= 11]   # the scenarios table, not the rounds summary
    if not r:
        return '–'
    c = r[0]
    pg = f" + {float(c[10]):.2f} PostgreSQL" if scenario.startswith('refresh') else ''
    return f"{float(c[3]):,.0f} at {float(c[9]):.2f}{pg}"

def kcrow(scenario):
    r, cpu = rows(text['kc'], scenario), rows(text['kc'], scenario)
    res = [c for c in r if len(c) >= 9]
    cpus = [c for c in cpu if len(c) == 7]
    if not res or not cpus:
        return '–'
    pg = f" + {float(cpus[0][6]):.2f} PostgreSQL" if scenario.startswith('refresh') else ''
    return f"{float(res[0][3]):,.0f} at {float(cpus[0][5]):.2f}{pg}"

def boot_median(variant):
    r = rows(text['boot'], variant)
    return f"{r[0][1].strip('*')} s ({r[0][2]})" if r else '–'

def one(pattern, t):
    m = re.search(pattern, t)
    return m.group(1) if m else '–'

def runs(scenario):
    return tuple(gh(text[k], scenario) for k in G)

def run_boot(k):
    return one(r'\*\*boot, existing database\*\* \| \*\*([0-9.]+ s)\*\*', text[k])

def rss(k):
    return one(r'\*\*([0-9]+ MB) after the load\*\*', text[k])

table = [
    ('`health` ↔ well-known (floor)', gh(text['p17'], 'health'), '–', gh(text['wf'], 'health'), '–', kcrow('wellknown')),
    ('**`me` ↔ userinfo, warm**', *runs('me'), kcrow('userinfo')),
    ('**`me` round 1 from a fresh boot**', *runs('me-r1'), kcrow('userinfo-r1')),
    ('`me` round 2', *runs('me-r2'), kcrow('userinfo-r2')),
    ('`me` round 3', *runs('me-r3'), kcrow('userinfo-r3')),
    ('**`refresh`** ↔ refresh grant (one token / 32 sessions)', *runs('refresh'), kcrow('refresh') + ' / ' + kcrow('refresh-pool')),
    ('`refresh` round 1', *runs('refresh-r1'), '–'),
    ('**boot, existing database, median of 3** (`boot.sh`)', '–', boot_median('payara-aot'), boot_median('wildfly-jdk17'),
     boot_median('wildfly-aot'), boot_median('keycloak')),
    ('boot, existing database, one boot (`run.sh`)', *(run_boot(k) for k in G),
     one(r'\*\*boot, existing DB\*\* \| \*\*([0-9.]+ s)\*\*', text['kc'])),
    ('RSS after the load', *(rss(k) for k in G), one(r'([0-9]+ MB) right after the load', text['kc'])),
]
with open(out, 'w') as f:
    f.write(f"# Same sitting — Gatehouse (commit {commit}) beside Keycloak\n\n")
    f.write("Produced by `bench/sitting.sh`. req/s at server CPU-ms per request (PostgreSQL's CPU-ms beside it for refresh).\n")
    f.write("Raw results: " + ", ".join(f"`{os.path.basename(p)}`" for p in (kc, p17, p25, wf, wf25, boot)) + ".\n\n")
    f.write("| scenario (Gatehouse ↔ Keycloak) | Payara Micro, JDK 17 | Payara Micro, JDK 25 trained "
            "| WildFly 39, JDK 17 | WildFly 39, JDK 25 trained | Keycloak |\n")
    f.write("| --- | --- | --- | --- | --- | --- |\n")
    for r in table:
        f.write("| " + " | ".join(r) + " |\n")
print(open(out).read())
PY
log "written $OUT"
