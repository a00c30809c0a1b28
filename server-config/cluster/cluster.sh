#!/usr/bin/env bash
# Starts, shows and stops a local Gatehouse cluster: N nodes (Payara Micro or WildFly) on one PostgreSQL behind HAProxy.
#
#   server-config/cluster/cluster.sh start [-n N] [--server payara|wildfly] [--port P]
#   server-config/cluster/cluster.sh status
#   server-config/cluster/cluster.sh restart-node K
#   server-config/cluster/cluster.sh stop
#
# start   boots N nodes (default 3) of target/gatehouse.war on ports P+1..P+N, node 1 first (it applies
#         the migrations and creates the bootstrap admin), the others together; waits until each answers
#         200 on /api/health/ready; then starts HAProxy on 127.0.0.1:P (default 8400) with the
#         configuration rendered from haproxy.cfg and prints the URL. Run again, it starts only what is
#         not running, adds or removes nodes for another -n, and reloads HAProxy with haproxy.cfg as it
#         is now (the requests in flight finish on the old process).
# status  each node's process, its own /api/health/ready and HAProxy's view of it; exit status 0 only
#         when HAProxy runs and every node is UP in it.
# restart-node K   drains node K in HAProxy, stops it, starts it again and puts it back once ready
#         (also the way back for a node that died).
# stop    HAProxy first, then every node: SIGTERM, SIGKILL after STOP_TIMEOUT_S. Keeps the state directory
#         (secret key, logs); delete it to start afresh.
#
# Every node gets the same settings: DATABASE_URL, the same SECRET_KEY, PUBLIC_BASE_URL = HAProxy's URL,
# TRUSTED_PROXIES = 127.0.0.1 (HAProxy), RATE_LIMIT_STORE=database, and LOG_DIR of its own; any other
# Gatehouse variable in this script's environment (BCRYPT_COST, BOOTSTRAP_ADMIN_EMAIL, ...) reaches every
# node too, and the settings of the first start stay the cluster's (node.env) until it is stopped.
# Payara nodes get server-config/payara/boot-commands.asadmin (plus one line binding the listener to
# 127.0.0.1) and --nohazelcast (the nodes share only PostgreSQL; without the data grid Payara opens no
# port but the HTTP one); WildFly nodes are unpacked and configured by server-config/wildfly/prepare.sh,
# one server per node (13-25 s each on a busy two-core machine, reused while the WAR is unchanged),
# HTTP on P+K, https on P+20+K and management on P+40+K, all on 127.0.0.1. A node restarted after the WAR
# was rebuilt runs the new WAR: restart-node 1, 2, ... one at a time is a rolling upgrade.
#
# Environment (all optional):
#   DATABASE_URL     PostgreSQL of the cluster (default postgresql://postgres@127.0.0.1:5432/cluster)
#   SECRET_KEY, SECRET_KEY_FILE   the shared key; without either, one is generated into
#                    CLUSTER_DIR/secret-key (mode 600) on the first start and reused; never printed
#   CLUSTER_DIR      state directory: pid files, rendered configuration, one directory per node
#                    (default target/cluster)
#   PUBLIC_BASE_URL, TRUSTED_PROXIES, RATE_LIMIT_STORE   override the cluster defaults above
#   JAVA_BIN         java for Payara nodes (default java on PATH; WildFly uses JAVA_HOME or PATH)
#   NODE_JVM_OPTS    JVM options of a Payara node (default -Xms128m -Xmx512m -XX:+UseSerialGC); for WildFly,
#                    when set, they replace standalone.conf's JAVA_OPTS
#   BOOT_TIMEOUT_S   how long a node may take to become ready (default 600: three nodes booting at
#                    once on two busy cores take minutes)
#   STOP_TIMEOUT_S   SIGTERM grace before SIGKILL (default 30)
#   WILDFLY_VERSION, GATEHOUSE_CACHE   passed to prepare.sh
# Needs: bash, curl, java, haproxy (Debian: apt-get install haproxy), and socat or python3 for HAProxy's
# admin socket; psql, when present, checks the database login and its connection budget.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/server-config/cluster
STATE=$(realpath -m "${CLUSTER_DIR:-$ROOT/target/cluster}")
JAVA_BIN=${JAVA_BIN:-java}
BOOT_TIMEOUT_S=${BOOT_TIMEOUT_S:-600}
STOP_TIMEOUT_S=${STOP_TIMEOUT_S:-30}
WAR=$ROOT/target/gatehouse.war
MICRO=$ROOT/target/payara-micro.jar
MAX_NODES=19   # WildFly's https and management ports sit at P+20+K and P+40+K

say() { printf '%s\n' "$*"; }
die() { printf 'cluster.sh: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
# The caller's environment as it was, to tell when it differs from the cluster's recorded settings.
declare -A CALLER_ENV=()
while IFS= read -r -d '' kv; do CALLER_ENV[${kv%%=*}]=${kv#*=}; done < <(env -0)

# ---------- state ----------------------------------------------------------------------------------------
# cluster.env holds what start was asked for: SERVER, NODES, PORT (plain NAME=value lines, read, not sourced).
load_state() {
    SERVER=""; NODES=""; PORT=""
    [[ -f $STATE/cluster.env ]] || return 1
    local name value
    while IFS='=' read -r name value; do
        case $name in
            SERVER) SERVER=$value ;; NODES) NODES=$value ;; PORT) PORT=$value ;;
        esac
    done < "$STATE/cluster.env"
    [[ $SERVER =~ ^(payara|wildfly)$ && $NODES =~ ^[0-9]+$ && $PORT =~ ^[0-9]+$ ]] \
        || die "$STATE/cluster.env is damaged; run stop, then delete it"
}
save_state() { printf 'SERVER=%s\nNODES=%s\nPORT=%s\n' "$SERVER" "$NODES" "$PORT" > "$STATE/cluster.env"; }

node_dir() { printf '%s/node-%s' "$STATE" "$1"; }
node_port() { printf '%s' $((PORT + $1)); }

# pid_of FILE: the pid in FILE if that process runs and is one of ours (its command line names the
# state directory), so a stale file never makes us signal a stranger.
pid_of() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    grep -qaF -- "$STATE" "/proc/$pid/cmdline" 2>/dev/null || return 1
    printf '%s' "$pid"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-2}" "$1" 2>/dev/null || true; }

# stop_pids NAME PID...: SIGTERM to all, then SIGKILL to whatever is left after STOP_TIMEOUT_S.
stop_pids() {
    local what=$1 pid waited=0 alive
    shift
    [[ $# -gt 0 ]] || return 0
    kill -TERM "$@" 2>/dev/null || true
    while :; do
        alive=()
        for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
        [[ ${#alive[@]} -eq 0 ]] && return 0
        if (( waited >= STOP_TIMEOUT_S * 4 )); then
            say "$what: ${alive[*]} still running after ${STOP_TIMEOUT_S} s, SIGKILL"
            kill -KILL "${alive[@]}" 2>/dev/null || true
            return 0
        fi
        sleep 0.25
        waited=$((waited + 1))
    done
}

# ---------- HAProxy's admin socket ------------------------------------------------------------------------
hap_cmd() {
    local sock=$STATE/haproxy.sock
    [[ -S $sock ]] || return 1
    if command -v socat >/dev/null; then
        printf '%s\n' "$1" | socat -t 2 - "UNIX-CONNECT:$sock"
    elif command -v python3 >/dev/null; then
        python3 -c 'import socket,sys
s=socket.socket(socket.AF_UNIX); s.settimeout(2); s.connect(sys.argv[1]); s.sendall(sys.argv[2].encode()+b"\n")
while (b:=s.recv(65536)): sys.stdout.write(b.decode())' "$sock" "$1"
    else
        die "HAProxy's admin socket needs socat or python3"
    fi
}

# hap_servers: "name status check_status check_code seconds_since_change" per checked node of the
# backend (the unchecked backup lines are left out). A status with a space ("DOWN 1/2") becomes DOWN_1/2.
hap_servers() {
    hap_cmd "show stat" 2>/dev/null | awk -F, '
        NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == "nodes" && $2 ~ /^node[0-9]+$/ {
            st = $col["status"]; gsub(/ /, "_", st)
            ck = $col["check_status"]; sub(/^\* /, "", ck); gsub(/ /, "_", ck)   # "* L7OK": a check is running
            cc = $col["check_code"]; if (cc == "" || cc == "0") cc = "-"              # none while it runs
            printf "%s %s %s %s %s\n", $2, st, (ck == "" ? "-" : ck), cc, $col["lastchg"]
        }' || true
}
hap_state() { hap_servers | awk -v s="$1" '$1 == s {print $2}'; }

# ---------- checks ----------------------------------------------------------------------------------------
# check_database [NEW_NODES]: the database answers (and has room for NEW_NODES more nodes' pools).
check_database() {
    local rest hostport host port
    case $DATABASE_URL in
        postgresql://*|postgres://*|jdbc:postgresql://*) ;;
        *) die "DATABASE_URL must be a PostgreSQL URL (postgresql://user@host:5432/db): nodes share only PostgreSQL" ;;
    esac
    rest=${DATABASE_URL#jdbc:}; rest=${rest#*://}; rest=${rest##*@}; hostport=${rest%%/*}
    host=${hostport%:*}; port=${hostport##*:}
    [[ $hostport =~ :[0-9]+$ ]] || { host=$hostport; port=5432; }
    host=${host#[}; host=${host%]}
    # the URL may hold a password: name only host, port and database in messages
    local where="$host:$port/${rest#*/}"; where=${where%%\?*}
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null || die "database unreachable: nothing answers on $host:$port"
    if command -v psql >/dev/null; then
        local url=${DATABASE_URL#jdbc:} err
        err=$(psql -X -q -At -d "$url" -c 'SELECT 1' 2>&1 >/dev/null) \
            || die "database unreachable: cannot log in to $where (${err%%$'\n'*})"
        # Each node keeps DB_POOL_SIZE connections, opens up to DB_MAX_OVERFLOW more and holds one
        # listening connection outside its pool (revocation notices).
        local per_node=$(( ${DB_POOL_SIZE:-10} + ${DB_MAX_OVERFLOW:-10} + 1 )) budget
        budget=$(psql -X -q -At -d "$url" -c "SELECT current_setting('max_connections')::int
                 - current_setting('superuser_reserved_connections')::int - count(*) FROM pg_stat_activity" 2>/dev/null || echo "")
        if [[ $budget =~ ^-?[0-9]+$ ]] && (( ${1:-0} * per_node > budget )); then
            say "warning: $1 more node(s) may open $(($1 * per_node)) connections; PostgreSQL has $budget left (lower DB_POOL_SIZE or DB_MAX_OVERFLOW)"
        fi
    fi
}

check_tools() {
    command -v curl >/dev/null || die "curl is not installed"
    command -v haproxy >/dev/null || die "haproxy is not installed (Debian: apt-get install haproxy)"
    command -v socat >/dev/null || command -v python3 >/dev/null || die "neither socat nor python3 is installed (needed for HAProxy's admin socket)"
    [[ -s $WAR ]] || die "no $WAR: build it first (mvn -B package -DskipTests)"
    if [[ $SERVER == payara ]]; then
        [[ -s $MICRO ]] || die "no $MICRO: build it first (mvn -B package -DskipTests copies it there)"
        command -v "$JAVA_BIN" >/dev/null || die "java not found (JAVA_BIN=$JAVA_BIN)"
    fi
}

# ---------- the nodes' settings ----------------------------------------------------------------------------
# Every node must run with the same settings, also one restarted hours later from another shell. The
# first start records the Gatehouse variables of its environment (the names in docs/configuration.md's
# table, and their _FILE forms) in node.env (mode 600: it may hold secrets); later starts of missing
# nodes and restart-node use the recorded values, whatever the caller's environment says.
gatehouse_names() {
    grep -oE '^\| `[A-Z][A-Z0-9_]*`' "$ROOT/docs/configuration.md" | tr -d '|` ' | grep -vx LOG_DIR
}
record_settings() {
    local name file=$STATE/node.env
    (umask 077 && : > "$file.tmp")
    for name in $(gatehouse_names); do
        for name in "$name" "${name}_FILE"; do
            [[ -n ${!name+set} ]] && printf '%s=%s\0' "$name" "${!name}" >> "$file.tmp"
        done
    done
    mv "$file.tmp" "$file"
}
load_settings() {
    local file=$STATE/node.env kv name differs=()
    [[ -f $file ]] || return 0
    for name in $(gatehouse_names); do     # what was not recorded was not set at the first start
        for name in "$name" "${name}_FILE"; do
            if [[ -n ${!name+set} ]] && ! grep -qz "^$name=" "$file"; then differs+=("$name"); fi
            unset "$name"
        done
    done
    while IFS= read -r -d '' kv; do
        name=${kv%%=*}
        [[ -n ${CALLER_ENV[$name]+set} && ${CALLER_ENV[$name]} != "${kv#*=}" ]] && differs+=("$name")
        export "$kv"
    done < "$file"
    [[ ${#differs[@]} -eq 0 ]] \
        || say "note: ${differs[*]} differ(s) from the cluster's first start; the nodes keep the recorded settings (stop the cluster to change them)"
}
# The settings a node gets beyond the caller's: the cluster's defaults.
settle_settings() {
    export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/cluster}
}

# The shared key: the caller's SECRET_KEY or SECRET_KEY_FILE, else a generated one kept in the state
# directory; the nodes read it from the file, so it is never on a command line or printed.
ensure_secret() {
    if [[ -n ${SECRET_KEY:-} || -n ${SECRET_KEY_FILE:-} ]]; then
        return 0
    fi
    local file=$STATE/secret-key
    if [[ ! -s $file ]]; then
        (umask 077 && head -c 48 /dev/urandom | base64 -w0 > "$file.tmp" && mv "$file.tmp" "$file")
        say "generated a shared SECRET_KEY in $file (mode 600)"
    fi
    chmod 600 "$file"
    export SECRET_KEY_FILE=$file
}

# ---------- nodes -----------------------------------------------------------------------------------------
# Payara Micro's boot commands, plus the listener bound to loopback (Payara listens on every interface).
render_payara_boot() {
    {
        cat "$ROOT/server-config/payara/boot-commands.asadmin"
        printf '%s\n' "# cluster.sh: listen on loopback only; HAProxy is the way in." \
            "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1"
    } > "$STATE/boot-commands.asadmin"
}

# prepare_wildfly K: one unpacked, configured WildFly per node, reused while it holds the current WAR.
prepare_wildfly() {
    local dir home t0
    dir=$(node_dir "$1")
    home=$(cat "$dir/jboss-home" 2>/dev/null || true)
    if [[ -n $home && -x $home/bin/standalone.sh ]] && cmp -s "$WAR" "$home/../gatehouse.war"; then
        return 0
    fi
    t0=$(date +%s)
    say "node $1: preparing WildFly in $dir/wildfly (server-config/wildfly/prepare.sh)"
    home=$(GATEHOUSE_WAR=$WAR "$ROOT/server-config/wildfly/prepare.sh" "$dir/wildfly" 2> "$dir/prepare.log") \
        || { tail -20 "$dir/prepare.log" >&2; die "node $1: prepare.sh failed (log: $dir/prepare.log)"; }
    printf '%s\n' "$home" > "$dir/jboss-home"
    say "node $1: WildFly prepared in $(( $(date +%s) - t0 )) s"
}

# start_node K: launches node K in the background and returns; its pid goes to node.pid.
start_node() {
    local k=$1 dir port extra_port
    dir=$(node_dir "$k"); port=$(node_port "$k")
    port_free "$port" || die "node $k: port $port is taken by another process"
    if [[ $SERVER == wildfly ]]; then
        for extra_port in $((PORT + 20 + k)) $((PORT + 40 + k)); do
            port_free "$extra_port" || die "node $k: port $extra_port (WildFly's https or management) is taken by another process"
        done
    fi
    mkdir -p "$dir/logs" "$dir/tmp"
    rm -f "$dir/node.pid"
    local env=(
        DATABASE_URL="$DATABASE_URL"
        PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://127.0.0.1:$PORT}"
        TRUSTED_PROXIES="${TRUSTED_PROXIES:-127.0.0.1}"
        RATE_LIMIT_STORE="${RATE_LIMIT_STORE:-database}"
        LOG_DIR="$dir/logs"
    )
    if [[ $SERVER == payara ]]; then
        rm -rf "$dir/tmp" && mkdir -p "$dir/tmp"
        # shellcheck disable=SC2086  # NODE_JVM_OPTS is a list of options
        (cd "$dir" && exec env "${env[@]}" setsid bash -c 'echo $$ > "$0"; exec "$@"' "$dir/node.pid" \
            "$JAVA_BIN" ${NODE_JVM_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC} -Djava.io.tmpdir="$dir/tmp" \
            -jar "$MICRO" --deploy "$WAR" --contextroot / --port "$port" \
            --disablephonehome --nohazelcast --prebootcommandfile "$STATE/boot-commands.asadmin" \
            > "$dir/node.log" 2>&1 < /dev/null) &
    else
        local home
        home=$(cat "$dir/jboss-home")
        [[ -n ${NODE_JVM_OPTS:-} ]] && env+=(JAVA_OPTS="$NODE_JVM_OPTS")
        # HTTP on P+K; https and management moved out of each other's way, all on loopback. In the
        # background standalone.sh writes the JVM's pid to JBOSS_PIDFILE and passes signals on to it.
        (cd "$dir" && exec env "${env[@]}" LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$dir/node.pid" \
            setsid "$home/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
            -Djboss.http.port="$port" -Djboss.https.port=$((PORT + 20 + k)) \
            -Djboss.management.http.port=$((PORT + 40 + k)) \
            > "$dir/node.log" 2>&1 < /dev/null) &
    fi
    NODE_T0[$k]=$(date +%s)
}

# await_node K: until node K answers 200 on /api/health/ready; dies with its log's tail if it cannot.
await_node() {
    local k=$1 dir port deadline status pid=""
    dir=$(node_dir "$k"); port=$(node_port "$k")
    deadline=$(( $(date +%s) + BOOT_TIMEOUT_S ))
    while :; do
        status=$(http_status "http://127.0.0.1:$port/api/health/ready")
        if [[ $status == 200 ]]; then
            say "node $k: ready on 127.0.0.1:$port ($(( $(date +%s) - ${NODE_T0[$k]:-$(date +%s)} )) s after launch)"
            return 0
        fi
        pid=$(pid_of "$dir/node.pid" || true)
        if [[ -z $pid && ( -f $dir/node.pid || $(( $(date +%s) - ${NODE_T0[$k]:-0} )) -gt 20 ) ]]; then
            tail -25 "$dir/node.log" >&2 || true
            die "node $k: the server process ended during boot (log: $dir/node.log)"
        fi
        # Payara Micro prints "ready in" even after a failed deployment, then answers 404 to everything.
        if [[ $SERVER == payara ]] && grep -q 'ready in' "$dir/node.log" 2>/dev/null \
                && [[ $(http_status "http://127.0.0.1:$port/api/health/live") == 404 ]]; then
            grep -E 'SEVERE|Exception' "$dir/node.log" | head -10 >&2 || true
            die "node $k: the WAR did not deploy (log: $dir/node.log)"
        fi
        if [[ $SERVER == wildfly ]] && compgen -G "$(cat "$dir/jboss-home")/standalone/deployments/gatehouse.war.failed" >/dev/null; then
            grep -E 'ERROR' "$dir/node.log" | head -10 >&2 || true
            die "node $k: the WAR did not deploy (log: $dir/node.log)"
        fi
        (( $(date +%s) < deadline )) || die "node $k: not ready after $BOOT_TIMEOUT_S s (last status ${status:-none}; log: $dir/node.log)"
        sleep 1
    done
}

# ---------- HAProxy ---------------------------------------------------------------------------------------
render_haproxy() {
    local servers="" k
    for k in $(seq 1 "$NODES"); do
        servers+="    server node$k 127.0.0.1:$(node_port "$k") check"$'\n'
    done
    for k in $(seq 1 "$NODES"); do
        servers+="    server node$k-unchecked 127.0.0.1:$(node_port "$k") backup"$'\n'
    done
    SERVERS=$servers awk -v port="$PORT" -v state="$STATE" -v conf="$HERE" '
        /^    # @SERVERS@$/ { printf "%s", ENVIRON["SERVERS"]; next }
        { gsub(/@PORT@/, port); gsub(/@STATE_DIR@/, state); gsub(/@CONFIG_DIR@/, conf); print }
    ' "$HERE/haproxy.cfg" > "$STATE/haproxy.cfg.new"
    local out
    out=$(haproxy -c -f "$STATE/haproxy.cfg.new" 2>&1) \
        || { grep -E 'ALERT|WARNING' <<< "$out" >&2; die "the rendered HAProxy configuration is invalid ($STATE/haproxy.cfg.new)"; }
    mv "$STATE/haproxy.cfg.new" "$STATE/haproxy.cfg"
}

# start_haproxy: starts HAProxy, or replaces a running one (it hands over the port and finishes the
# requests in flight: -sf), and waits until it sees every node UP.
start_haproxy() {
    local old new extra=()
    old=$(pid_of "$STATE/haproxy.pid" || true)
    if [[ -n $old ]]; then
        extra=(-sf "$old")
    else
        port_free "$PORT" || die "HAProxy: port $PORT is taken by another process (use --port)"
    fi
    rm -f "$STATE/haproxy.pid.new"
    setsid bash -c 'echo $$ > "$0"; exec "$@"' "$STATE/haproxy.pid.new" \
        haproxy -db -f "$STATE/haproxy.cfg" "${extra[@]}" >> "$STATE/haproxy.log" 2>&1 < /dev/null &
    local deadline=$(( $(date +%s) + 15 )) up
    while :; do
        new=$(pid_of "$STATE/haproxy.pid.new" || true)
        if [[ -n $new ]] && ! port_free "$PORT" && [[ -S $STATE/haproxy.sock ]]; then
            up=$(hap_servers | awk '$2 == "UP"' | wc -l)
            (( up >= NODES )) && break
        fi
        if (( $(date +%s) >= deadline )); then
            [[ -n $new ]] || { tail -5 "$STATE/haproxy.log" >&2; die "HAProxy did not start (log: $STATE/haproxy.log)"; }
            say "warning: HAProxy sees ${up:-0} of $NODES nodes UP after 15 s (cluster.sh status)"
            break
        fi
        sleep 0.25
    done
    mv "$STATE/haproxy.pid.new" "$STATE/haproxy.pid"
}

# ---------- commands --------------------------------------------------------------------------------------
cmd_start() {
    local want_n=3 want_server=payara want_port=8400
    while [[ $# -gt 0 ]]; do
        case $1 in
            -n) want_n=${2:?-n needs a number}; shift 2 ;;
            --server) want_server=${2:?--server needs payara or wildfly}; shift 2 ;;
            --server=*) want_server=${1#*=}; shift ;;
            --port) want_port=${2:?--port needs a number}; shift 2 ;;
            --port=*) want_port=${1#*=}; shift ;;
            *) die "start: unknown argument $1 (try --help)" ;;
        esac
    done
    [[ $want_n =~ ^[0-9]+$ ]] && (( want_n >= 1 && want_n <= MAX_NODES )) || die "-n must be 1 to $MAX_NODES"
    [[ $want_server =~ ^(payara|wildfly)$ ]] || die "--server must be payara or wildfly"
    [[ $want_port =~ ^[0-9]+$ ]] && (( want_port >= 1024 && want_port + 60 <= 65535 )) || die "--port must be 1024 to 65475"

    mkdir -p "$STATE"
    chmod 700 "$STATE"
    if load_state && [[ -n $(running_pids) ]] && [[ $SERVER != "$want_server" || $PORT != "$want_port" ]]; then
        die "a $SERVER cluster on port $PORT is running (state: $STATE): stop it first"
    fi
    local old_nodes=${NODES:-0}
    SERVER=$want_server; NODES=$want_n; PORT=$want_port
    check_tools
    local k pid todo=() extra=()
    for k in $(seq 1 "$NODES"); do
        if pid=$(pid_of "$(node_dir "$k")/node.pid"); then
            say "node $k: already running (pid $pid)"
        else
            todo+=("$k")
        fi
    done
    # Nodes beyond -n (a smaller -n than last time) are stopped once HAProxy no longer lists them.
    for k in $(seq $((NODES + 1)) "$(( old_nodes > NODES ? old_nodes : NODES ))"); do
        pid=$(pid_of "$(node_dir "$k")/node.pid" || true)
        [[ -n $pid ]] && extra+=("$pid")
    done
    if [[ -z $(running_pids) ]]; then
        record_settings
    else
        load_settings
    fi
    settle_settings
    check_database "${#todo[@]}"
    ensure_secret
    save_state

    [[ $SERVER == payara ]] && render_payara_boot
    declare -gA NODE_T0=()
    if [[ $SERVER == wildfly ]]; then
        for k in "${todo[@]}"; do mkdir -p "$(node_dir "$k")"; prepare_wildfly "$k"; done
    fi
    local t0 rest=()
    t0=$(date +%s)
    # Node 1 boots alone when it is not running (the database may be new): it applies the Flyway
    # migrations and creates the bootstrap admin; the others then boot together on a ready schema.
    for k in "${todo[@]}"; do
        if [[ $k == 1 ]]; then
            say "node 1: starting ($SERVER, 127.0.0.1:$(node_port 1))"
            start_node 1
            await_node 1
        else
            rest+=("$k")
        fi
    done
    for k in "${rest[@]}"; do
        say "node $k: starting ($SERVER, 127.0.0.1:$(node_port "$k"))"
        start_node "$k"
    done
    for k in "${rest[@]}"; do await_node "$k"; done
    [[ ${#todo[@]} -gt 0 ]] && say "nodes ready $(( $(date +%s) - t0 )) s after the first launch"

    render_haproxy
    start_haproxy
    [[ ${#extra[@]} -gt 0 ]] && stop_pids "nodes beyond $NODES" "${extra[@]}" && say "stopped ${#extra[@]} node(s) beyond $NODES"
    say "Gatehouse cluster of $NODES $SERVER nodes: http://127.0.0.1:$PORT"
    say "  status: $0 status    stop: $0 stop    logs: $STATE/node-*/logs, $STATE/haproxy.log"
}

# running_pids: every live process of ours listed in the state directory.
running_pids() {
    local f pid
    for f in "$STATE"/haproxy.pid "$STATE"/node-*/node.pid; do
        pid=$(pid_of "$f" || true)
        [[ -n $pid ]] && printf '%s ' "$pid"
    done
    return 0
}

cmd_stop() {
    local pid f pids=()
    if pid=$(pid_of "$STATE/haproxy.pid"); then
        stop_pids haproxy "$pid"
        say "haproxy stopped"
    fi
    rm -f "$STATE/haproxy.pid" "$STATE/haproxy.sock"
    for f in "$STATE"/node-*/node.pid; do
        pid=$(pid_of "$f" || true)
        [[ -n $pid ]] && pids+=("$pid")
    done
    if [[ ${#pids[@]} -gt 0 ]]; then
        stop_pids nodes "${pids[@]}"
        say "${#pids[@]} node(s) stopped"
    fi
    rm -f "$STATE"/node-*/node.pid
    [[ ${#pids[@]} -gt 0 ]] || say "no node was running"
}

cmd_status() {
    load_state || { say "no cluster in $STATE"; return 3; }
    local k dir port pid ready view hap ok=0 line
    local servers
    if hap=$(pid_of "$STATE/haproxy.pid"); then
        servers=$(hap_servers)
        say "haproxy  http://127.0.0.1:$PORT  pid $hap"
    else
        servers=""
        say "haproxy  http://127.0.0.1:$PORT  not running"
        ok=1
    fi
    printf '%-6s %-16s %-8s %-6s %s\n' node address pid ready "haproxy (state, last check, seconds since change)"
    for k in $(seq 1 "$NODES"); do
        dir=$(node_dir "$k"); port=$(node_port "$k")
        pid=$(pid_of "$dir/node.pid" || echo "-")
        ready=$(http_status "http://127.0.0.1:$port/api/health/ready")
        [[ $ready == 000 ]] && ready="-"
        line=$(awk -v s="node$k" '$1 == s' <<< "$servers")
        if [[ -n $line ]]; then
            view=$(awk '{printf "%s, %s %s, %ss", $2, $3, $4, $5}' <<< "$line")
            [[ $(awk '{print $2}' <<< "$line") == UP ]] || ok=1
        else
            view="-"; ok=1
        fi
        printf '%-6s %-16s %-8s %-6s %s\n' "$k" "127.0.0.1:$port" "$pid" "$ready" "$view"
    done
    return "$ok"
}

cmd_restart_node() {
    local k=${1:?restart-node needs a node number}
    load_state || die "no cluster in $STATE"
    [[ $k =~ ^[0-9]+$ ]] && (( k >= 1 && k <= NODES )) || die "restart-node: node must be 1 to $NODES"
    check_tools
    load_settings
    settle_settings
    check_database
    ensure_secret
    local dir pid scur waited=0
    dir=$(node_dir "$k")
    declare -gA NODE_T0=()
    if pid=$(pid_of "$dir/node.pid"); then
        # Drain: no new requests, the ones in flight finish (at most 10 s), then stop.
        if hap_cmd "set server nodes/node$k state drain" >/dev/null 2>&1; then
            hap_cmd "set server nodes/node$k-unchecked state drain" >/dev/null 2>&1 || true
            while (( waited < 40 )); do
                scur=$(hap_cmd "show stat" | awk -F, -v s="node$k" '$1 == "nodes" && $2 == s {print $5}')
                [[ ${scur:-0} == 0 ]] && break
                sleep 0.25; waited=$((waited + 1))
            done
        fi
        stop_pids "node $k" "$pid"
        say "node $k: stopped"
    fi
    [[ $SERVER == payara ]] && render_payara_boot
    [[ $SERVER == wildfly ]] && prepare_wildfly "$k"
    say "node $k: starting ($SERVER, 127.0.0.1:$(node_port "$k"))"
    start_node "$k"
    await_node "$k"
    if pid_of "$STATE/haproxy.pid" >/dev/null; then
        hap_cmd "set server nodes/node$k state ready" >/dev/null 2>&1 || true
        hap_cmd "set server nodes/node$k-unchecked state ready" >/dev/null 2>&1 || true
        local deadline=$(( $(date +%s) + 15 ))
        until [[ $(hap_state "node$k") == UP ]]; do
            (( $(date +%s) < deadline )) || { say "warning: HAProxy does not see node $k UP yet"; return 0; }
            sleep 0.25
        done
        say "node $k: back in rotation"
    fi
}

case ${1:-} in
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop ;;
    status) shift; cmd_status ;;
    restart-node) shift; cmd_restart_node "$@" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
esac
