#!/usr/bin/env bash
# Unpacks a fresh WildFly from Maven Central into DIR, applies configure.cli and deploys
# target/gatehouse.war (the WAR Payara runs); prints the server's home (JBOSS_HOME) on stdout.
# Used by smoke.sh and bench/run.sh, so both run the same configured server.
#
#   server-config/wildfly/prepare.sh DIR
#
# Environment (optional): WILDFLY_VERSION (default 39.0.1.Final), GATEHOUSE_CACHE (download cache,
# default ~/.cache/gatehouse), GATEHOUSE_WAR (default target/gatehouse.war), GATEHOUSE_EXPLODED (default 1: the
# WAR unpacked into deployments/gatehouse.war/ with a .dodeploy marker, ~1 s faster to boot; 0: the archive),
# GATEHOUSE_TRIM (default 1: trim.cli removes the subsystems Gatehouse does not use; 0: the stock standalone.xml).
# Needs curl, tar, unzip, sed. DIR is wiped first.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${1:?usage: prepare.sh DIR}
WILDFLY_VERSION=${WILDFLY_VERSION:-39.0.1.Final}
CACHE=${GATEHOUSE_CACHE:-$HOME/.cache/gatehouse}
WAR=${GATEHOUSE_WAR:-$ROOT/target/gatehouse.war}
CENTRAL=https://repo1.maven.org/maven2

die() { printf 'FAIL %s\n' "$*" >&2; exit 1; }

# Downloads $1 (a Central path) into the cache once; prints the cached file.
fetch() {
    local file=$CACHE/${1##*/}
    if [[ ! -s $file ]]; then
        mkdir -p "$CACHE"
        printf 'downloading %s\n' "$CENTRAL/$1" >&2
        curl -fsSL --retry 3 -o "$file.part" "$CENTRAL/$1"
        mv "$file.part" "$file"
    fi
    printf '%s\n' "$file"
}

for tool in curl tar unzip sed; do
    command -v "$tool" >/dev/null || die "prerequisites: $tool is not installed"
done
[[ -f $WAR ]] || die "prerequisites: no $WAR (mvn package first)"

DIST=$(fetch "org/wildfly/wildfly-dist/$WILDFLY_VERSION/wildfly-dist-$WILDFLY_VERSION.tar.gz")
rm -rf "$WORK"
mkdir -p "$WORK"
tar xzf "$DIST" -C "$WORK"
JBOSS_HOME=$WORK/wildfly-$WILDFLY_VERSION
[[ -x $JBOSS_HOME/bin/standalone.sh ]] || die "unpack: no $JBOSS_HOME/bin/standalone.sh"

# The WAR's own persistence.xml with WildFly's JTA platform in place of Payara's (see configure.cli).
unzip -p "$WAR" WEB-INF/classes/META-INF/persistence.xml \
    | sed 's/jta\.platform\.internal\.SunOneJtaPlatform/jta.platform.internal.JBossAppServerJtaPlatform/' \
    > "$WORK/persistence.xml"
grep -q 'JBossAppServerJtaPlatform' "$WORK/persistence.xml" || die "configure: persistence.xml has no SunOneJtaPlatform to replace"
{
    printf 'gatehouse.persistence.xml=%s\n' "$WORK/persistence.xml"
} > "$WORK/cli.properties"
if ! "$JBOSS_HOME/bin/jboss-cli.sh" --properties="$WORK/cli.properties" \
        --file="$ROOT/server-config/wildfly/configure.cli" > "$WORK/configure.log" 2>&1; then
    cat "$WORK/configure.log" >&2
    die "configure: configure.cli failed"
fi
if [[ ${GATEHOUSE_TRIM:-1} == 1 ]] && ! "$JBOSS_HOME/bin/jboss-cli.sh" --file="$ROOT/server-config/wildfly/trim.cli" \
        >> "$WORK/configure.log" 2>&1; then
    cat "$WORK/configure.log" >&2
    die "configure: trim.cli failed"
fi
cp "$WAR" "$WORK/gatehouse.war"   # what was deployed, for callers that reuse a prepared server while the WAR is unchanged
if [[ ${GATEHOUSE_EXPLODED:-1} == 1 ]]; then
    # The WAR unpacked: WildFly reads its jars in place instead of copying each out of the archive at every boot.
    mkdir -p "$JBOSS_HOME/standalone/deployments/gatehouse.war"
    unzip -q "$WAR" -d "$JBOSS_HOME/standalone/deployments/gatehouse.war"
    touch "$JBOSS_HOME/standalone/deployments/gatehouse.war.dodeploy"
else
    cp "$WAR" "$JBOSS_HOME/standalone/deployments/gatehouse.war"
fi
printf '%s\n' "$JBOSS_HOME"
