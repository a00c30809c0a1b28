#!/usr/bin/env bash
# WildFly smoke test: deploys target/gatehouse.war (the WAR Payara runs) on a fresh WildFly from
# Maven Central and walks register, login, me, refresh, logout and two-factor (enrol, confirm, the
# two login steps, removal with a recovery code) over HTTP, and checks that the console and account
# pages are served with their headers; then, with a JDK 25, trains the server (train.sh) and boots it
# on the AOT cache, and once more on the default JDK without it.
#
#   server-config/wildfly/smoke.sh
#
# Environment (all optional):
#   WILDFLY_VERSION      WildFly to test (default 39.0.1.Final)
#   WILDFLY_DIR          scratch directory, wiped each run (default target/wildfly-smoke)
#   WILDFLY_PORT_OFFSET  socket port offset (default: first free of 10000, 10100, ...)
#   GATEHOUSE_CACHE      download cache (default ~/.cache/gatehouse)
#   SMOKE_DATABASE_URL   PostgreSQL to use (default postgresql://postgres@127.0.0.1:5432/gh_wildfly,
#                        created with psql when missing); its tables are migrated, not wiped
#   JAVA_HOME            JDK to run WildFly with (default: java on PATH)
#   SMOKE_JDK25          JDK 25+ java for the trained boot (default: /usr/lib/jvm/*25*/bin/java)
#   SMOKE_BASE_URL       only run the HTTP checks against this running server (e.g. Payara Micro at
#                        http://127.0.0.1:8080); nothing is downloaded or started
# Needs bash, curl, tar, unzip, sed, socat, a JDK, base32 + openssl for TOTP codes, and mvn verify's
# test classes (for the standard OpenID client). Exits non-zero if any step
# fails; always stops WildFly.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WILDFLY_VERSION=${WILDFLY_VERSION:-39.0.1.Final}
WORK=${WILDFLY_DIR:-$ROOT/target/wildfly-smoke}
CACHE=${GATEHOUSE_CACHE:-$HOME/.cache/gatehouse}
DATABASE=${SMOKE_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/gh_wildfly}
WAR=$ROOT/target/gatehouse.war
T0=$(date +%s)

say() { printf '%s\n' "$*"; }
die() { say "FAIL $*"; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Unpacks, configures and boots WildFly with the WAR; sets BASE and BOOT_MS.
start_wildfly() {
    # --- prerequisites -------------------------------------------------------------------------
    for tool in curl tar unzip sed socat; do
        command -v "$tool" >/dev/null || die "prerequisites: $tool is not installed"
    done
    if [[ ! -f $WAR ]]; then
        say "building $WAR"
        (cd "$ROOT" && mvn -B -q -DskipTests package)
    fi
    if [[ -z ${SMOKE_DATABASE_URL:-} ]] && command -v psql >/dev/null; then
        if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='gh_wildfly'" | grep -q 1; then
            psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE gh_wildfly"
        fi
    fi

    if [[ -z ${WILDFLY_PORT_OFFSET:-} ]]; then
        for offset in 10000 10100 10200 10300 10400 10500 10600 10700 10800 10900; do
            if port_free $((8080 + offset)) && port_free $((9990 + offset)); then
                WILDFLY_PORT_OFFSET=$offset
                break
            fi
        done
        [[ -n ${WILDFLY_PORT_OFFSET:-} ]] || die "prerequisites: no free port offset found"
    fi
    HTTP_PORT=$((8080 + WILDFLY_PORT_OFFSET))
    BASE=http://127.0.0.1:$HTTP_PORT

    # --- WildFly: unpack fresh, configure offline, deploy -----------------------------------------
    JBOSS_HOME=$(WILDFLY_VERSION=$WILDFLY_VERSION GATEHOUSE_CACHE=$CACHE GATEHOUSE_WAR=$WAR \
        "$ROOT/server-config/wildfly/prepare.sh" "$WORK") || die "configure: prepare.sh failed"
    say "PASS configure: configure.cli$([[ ${GATEHOUSE_TRIM:-1} == 1 ]] && echo " and trim.cli") applied to WildFly $WILDFLY_VERSION"

    # --- start ------------------------------------------------------------------------------------
    PIDFILE=$WORK/wildfly.pid
    # Stops the JVM and waits for its launcher script, whose exit removes the pid file (a launcher
    # still exiting could otherwise remove the next launch's file).
    stop_wildfly() {
        local pid=${WILDFLY_PID:-}
        [[ -n $pid ]] || pid=$(cat "$PIDFILE" 2>/dev/null) || return 0
        WILDFLY_PID=
        if kill "$pid" 2>/dev/null; then
            for _ in $(seq 60); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.5
            done
            kill -9 "$pid" 2>/dev/null || true
        fi
        [[ -z ${LAUNCHER:-} ]] || wait "$LAUNCHER" 2>/dev/null || true
    }
    trap stop_wildfly EXIT

    # A fresh key per run, passed only through the environment (never on a command line or in a file);
    # the restart below keeps it, as an operator's would.
    SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
    launch_wildfly "$DATABASE"
    say "PASS ready: GET /api/health/ready 200 on port $HTTP_PORT, ${BOOT_MS} ms after launch (WildFly reports started in ${STARTED:-?})"
}

# launch_wildfly DATABASE_URL [NAME=VALUE...]: starts WildFly (ES256 keys, so a standard client can
# verify through discovery) and waits until ready; sets BOOT_MS and STARTED.
launch_wildfly() {
    local database=$1
    shift
    T_BOOT=$(date +%s%N)
    (
        export SECRET_KEY DATABASE_URL="$database" JWT_ALGORITHM=ES256 BCRYPT_COST=5 LOG_DIR="$WORK/logs"
        for setting in "$@"; do export "${setting?}"; done
        # In the background the script passes signals on to the JVM and writes its pid.
        export LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$PIDFILE"
        exec "$JBOSS_HOME/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
            -Djboss.socket.binding.port-offset="$WILDFLY_PORT_OFFSET"
    ) >> "$WORK/server.out" 2>&1 &
    LAUNCHER=$!

    ready=
    for _ in $(seq 360); do
        if [[ -e $JBOSS_HOME/standalone/deployments/gatehouse.war.failed ]]; then
            break
        fi
        if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/api/health/ready" || true) == 200 ]]; then
            ready=1
            break
        fi
        sleep 0.5
    done
    BOOT_MS=$((($(date +%s%N) - T_BOOT) / 1000000))
    WILDFLY_PID=$(cat "$PIDFILE" 2>/dev/null || true)
    if [[ -z $ready ]]; then
        grep -E 'ERROR|Caused by' "$WORK/server.out" | head -20 || true
        die "ready: GET /api/health/ready never answered 200 (log: $WORK/server.out)"
    fi
    # The deployment can answer before WildFly logs its own boot time.
    STARTED=
    for _ in $(seq 20); do
        STARTED=$(grep -o 'WFLYSRV0025: .* started in [0-9]*ms' "$WORK/server.out" | tail -1 | sed 's/.*started in //' || true)
        [[ -n $STARTED ]] && break
        sleep 0.5
    done
}

if [[ -n ${SMOKE_BASE_URL:-} ]]; then
    BASE=${SMOKE_BASE_URL%/}
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
    say "smoke against the running server at $BASE (no WildFly started)"
else
    start_wildfly
fi

# --- smoke ------------------------------------------------------------------------------------
FAILED=0
BODY=$WORK/body.json
# call METHOD PATH [TOKEN] [JSON]: sets STATUS, body in $BODY.
call() {
    local args=(-s -o "$BODY" -w '%{http_code}' --max-time 30 -X "$1" "$BASE$2")
    [[ -n ${3:-} ]] && args+=(-H "Authorization: Bearer $3")
    [[ -n ${4:-} ]] && args+=(-H 'Content-Type: application/json' --data-binary "$4")
    STATUS=$(curl "${args[@]}" || true)
}
field() { sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" "$BODY"; }
check() { # check NAME CONDITION-RESULT DETAIL
    if [[ $2 == ok ]]; then say "PASS $1"; else say "FAIL $1: $3"; FAILED=1; fi
}
is() { [[ $1 == "$2" ]] && echo ok || echo no; }

RAND=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
EMAIL="smoke-$RAND@example.test"
PASSWORD="smoke-pass-$RAND"
CREDS="{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}"

call POST /api/auth/register "" "$CREDS"
check "register: POST /api/auth/register 201 with the email" \
    "$( [[ $STATUS == 201 && $(field email) == "$EMAIL" ]] && echo ok)" "status $STATUS"

call POST /api/auth/login "" "$CREDS"
ACCESS=$(field access_token); REFRESH=$(field refresh_token)
check "login: POST /api/auth/login 200 with access_token and refresh_token" \
    "$( [[ $STATUS == 200 && -n $ACCESS && -n $REFRESH && $(field token_type) == bearer ]] && echo ok)" "status $STATUS"

call GET /api/auth/me "$ACCESS"
check "me: GET /api/auth/me 200 as $EMAIL" \
    "$( [[ $STATUS == 200 && $(field email) == "$EMAIL" ]] && echo ok)" "status $STATUS"

call GET /api/auth/me
check "me: without a token 401 Not authenticated" \
    "$( [[ $STATUS == 401 && $(field detail) == 'Not authenticated' ]] && echo ok)" "status $STATUS"

# Request bodies are validated once, by Gatehouse's JSON reader, and a missing body is refused before the
# operation runs, whatever the runtime hands over for it.
call POST /api/auth/register "" '{"email":"not-an-email","password":"short"}'
check "validation: a bad email and a short password 400 Request validation failed, both named" \
    "$( [[ $STATUS == 400 && $(field detail) == 'Request validation failed' ]] && grep -Eq '"field" *: *"email"' "$BODY" \
        && grep -Eq '"field" *: *"password"' "$BODY" && echo ok)" "status $STATUS, $(head -c 300 "$BODY")"
STATUS=$(curl -s -o "$BODY" -w '%{http_code}' --max-time 30 -H 'Content-Type: application/json' --data-binary '' \
    "$BASE/api/auth/login" || true)
check "validation: an empty JSON body 400 Malformed JSON" \
    "$( [[ $STATUS == 400 && $(field detail) == 'Malformed JSON' ]] && echo ok)" "status $STATUS, detail '$(field detail)'"
call POST /api/auth/login
check "validation: no body and no Content-Type 400 Malformed JSON" \
    "$( [[ $STATUS == 400 && $(field detail) == 'Malformed JSON' ]] && echo ok)" "status $STATUS, detail '$(field detail)'"

# Groups from the bearer mechanism are the roles: a plain user is refused the manager route.
call GET /api/users "$ACCESS"
check "roles: GET /api/users as role user 403 Forbidden" \
    "$( [[ $STATUS == 403 && $(field detail) == Forbidden ]] && echo ok)" "status $STATUS"

# Discovery a standard client can follow: with PUBLIC_BASE_URL unset, jwks_uri is built from the
# scheme, host and port the request came to, the issuer is "gatehouse", and the token's aud is the issuer.
call GET /.well-known/openid-configuration
check "discovery: jwks_uri is $BASE/.well-known/jwks.json (from the request), issuer gatehouse" \
    "$( [[ $STATUS == 200 && $(field jwks_uri) == "$BASE/.well-known/jwks.json" && $(field issuer) == gatehouse ]] && echo ok)" \
    "status $STATUS, jwks_uri $(field jwks_uri), issuer $(field issuer)"
claims() { local part; part=$(cut -d. -f2 <<<"$1" | tr '_-' '/+'); while (( ${#part} % 4 )); do part+='='; done; base64 -d <<<"$part" 2>/dev/null; }
AUD=$(claims "$ACCESS" | sed -n 's/.*"aud":"\([^"]*\)".*/\1/p')
check "token: aud is the issuer (gatehouse)" "$(is "$AUD" gatehouse)" "aud '$AUD'"

# standard_client BASE TOKEN ISSUER_IS_BASE: the Nimbus OAuth 2.0 SDK (dev.gatehouse.it.StandardClient,
# from mvn verify's test classes) follows discovery to the key set and verifies the token with the
# stated issuer, audience and at+jwt type.
standard_client() {
    local classpath=$ROOT/target/test-classpath.txt
    if [[ ! -f $classpath || ! -d $ROOT/target/test-classes ]]; then
        echo "no test classes: run mvn verify (or mvn test-compile) first"
        return
    fi
    java -cp "$ROOT/target/test-classes:$(cat "$classpath")" dev.gatehouse.it.StandardClient "$@" 2>&1 | tail -1
}
VERIFIED=$(standard_client "$BASE" "$ACCESS" false)
check "standard client: discovery, key set and token verified (PUBLIC_BASE_URL unset)" \
    "$( [[ $VERIFIED == verified* ]] && echo ok)" "$VERIFIED"

call GET /openapi
check "openapi: GET /openapi 200" "$( [[ $STATUS == 200 ]] && grep -q '/api/auth/login' "$BODY" && echo ok)" "status $STATUS"
# Every schema a $ref names is defined (YAML: components -> schemas -> "    Name:"); a runtime's
# generator can leave out a type that only @Schema(ref = ...) names.
DANGLING=""
for name in $(grep -o '#/components/schemas/[A-Za-z0-9_]*' "$BODY" | sed 's|.*/||' | sort -u); do
    grep -q "^    $name:\$" "$BODY" || DANGLING="$DANGLING $name"
done
check "openapi: every \$ref names a defined schema" "$(is "$DANGLING" "")" "undefined:$DANGLING"

# What the runtimes would read differently is refused by Gatehouse's request screen, with the same problem
# document on both: an Accept the grammar does not allow (RESTEasy alone failed with a 500 on q=abc) and a
# raw [ or ] in the path, sent as is (--globoff; Undertow passes them on and the URI RESTEasy builds fails).
EDGE_HEADERS=$WORK/edge-headers.txt
# screened NAME DETAIL CURL-ARGS...: a 400 problem document with DETAIL, the request id and the security headers.
screened() {
    local name=$1 detail=$2
    shift 2
    STATUS=$(curl -s -D "$EDGE_HEADERS" -o "$BODY" -w '%{http_code}' --max-time 30 "$@" || true)
    check "$name" "$( [[ $STATUS == 400 && $(field detail) == "$detail" ]] \
        && grep -qi '^Content-Type: application/problem+json' "$EDGE_HEADERS" && grep -qi '^X-Request-Id: ' "$EDGE_HEADERS" \
        && grep -qi '^X-Content-Type-Options: nosniff' "$EDGE_HEADERS" && echo ok)" "status $STATUS, detail '$(field detail)'"
}
for target in /api/health/live /api/auth/me /openapi; do
    screened "edge: Accept: application/json;q=abc on $target 400 Malformed Accept header" "Malformed Accept header" \
        -H 'Accept: application/json;q=abc' "$BASE$target"
done
screened "edge: Accept: application (no subtype) 400 Malformed Accept header" "Malformed Accept header" \
    -H 'Accept: application' "$BASE/api/health/live"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H 'Accept: text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2' \
    "$BASE/api/health/live" || true)
check "edge: the JDK's default Accept (*; q=.2) is read as any type, 200" "$(is "$STATUS" 200)" "status $STATUS"
for target in '/api/users/[x]' '/api/health/live]' '/docs/[x]'; do
    screened "edge: raw brackets in GET $target 400 Invalid path" "Invalid path" --globoff "$BASE$target"
done

# The browser faces: HTML with the pages' CSP and the security headers (the two mail pages are the
# account page served in place), the folders without their slash redirect, and the modules they load
# (the UI library from the WAR's own jar) are served as JavaScript.
HEADERS=$WORK/headers.txt
header() { sed -n "s/^$1: *//Ip" "$HEADERS" | tr -d '\r' | head -1; }
PAGE_CSP="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'"
for page in /console/ /account/ "/account/reset-password?token=smoke" "/account/verify-email?token=smoke"; do
    STATUS=$(curl -s -D "$HEADERS" -o "$BODY" -w '%{http_code}' --max-time 30 "$BASE$page" || true)
    check "pages: GET $page 200 text/html with the pages' CSP, no-store, nosniff, no-referrer, DENY" \
        "$( [[ $STATUS == 200 && $(header Content-Type) == text/html* && $(header Content-Security-Policy) == "$PAGE_CSP" \
            && $(header Cache-Control) == no-store && $(header X-Content-Type-Options) == nosniff \
            && $(header Referrer-Policy) == no-referrer && $(header X-Frame-Options) == DENY ]] \
            && grep -q '<script type="module" src="/ui/' "$BODY" && echo ok)" "status $STATUS, headers: $(tr -d '\r' < "$HEADERS" | tr '\n' '|')"
done
for folder in /console /account; do
    STATUS=$(curl -s -D "$HEADERS" -o /dev/null -w '%{http_code}' --max-time 30 "$BASE$folder?from=smoke" || true)
    check "pages: GET $folder 301 to $folder/ with the query" \
        "$( [[ $STATUS == 301 && $(header Location) == *"$folder/?from=smoke" ]] && echo ok)" \
        "status $STATUS, Location $(header Location)"
done
STATUS=$(curl -s -D "$HEADERS" -o "$BODY" -w '%{http_code}' --max-time 30 "$BASE/ui/lib.js" || true)
LIBRARY=$(grep -o '/_static/htm/[^"]*' "$BODY" | head -1)
check "pages: GET /ui/lib.js 200 JavaScript naming the UI library" \
    "$( [[ $STATUS == 200 && $(header Content-Type) == *javascript* && -n $LIBRARY ]] && echo ok)" "status $STATUS"
STATUS=$(curl -s -D "$HEADERS" -o /dev/null -w '%{http_code}' --max-time 30 "$BASE$LIBRARY" || true)
check "pages: GET $LIBRARY 200 JavaScript (served from the WAR's jar)" \
    "$( [[ $STATUS == 200 && $(header Content-Type) == *javascript* ]] && echo ok)" "status $STATUS"

call POST /api/auth/refresh "" "{\"refresh_token\":\"$REFRESH\"}"
ACCESS2=$(field access_token); REFRESH2=$(field refresh_token)
check "refresh: POST /api/auth/refresh 200 with a new pair" \
    "$( [[ $STATUS == 200 && -n $ACCESS2 && -n $REFRESH2 && $ACCESS2 != "$ACCESS" && $REFRESH2 != "$REFRESH" ]] && echo ok)" "status $STATUS"

call GET /api/auth/me "$ACCESS2"
check "refresh: the new access token works (me 200)" "$(is "$STATUS" 200)" "status $STATUS"

# Presenting the rotated-away token is theft: 401, and the whole session is revoked.
call POST /api/auth/refresh "" "{\"refresh_token\":\"$REFRESH\"}"
check "refresh: the old refresh token is refused (401 Invalid token)" \
    "$( [[ $STATUS == 401 && $(field detail) == 'Invalid token' ]] && echo ok)" "status $STATUS"
call POST /api/auth/refresh "" "{\"refresh_token\":\"$REFRESH2\"}"
check "refresh: reuse revoked the session (its newest refresh token 401)" "$(is "$STATUS" 401)" "status $STATUS"

# A second session for logout.
call POST /api/auth/login "" "$CREDS"
ACCESS=$(field access_token); REFRESH=$(field refresh_token)
check "login: a second session 200" "$( [[ $STATUS == 200 && -n $ACCESS && -n $REFRESH ]] && echo ok)" "status $STATUS"

call POST /api/auth/logout "$ACCESS"
check "logout: POST /api/auth/logout 204" "$(is "$STATUS" 204)" "status $STATUS"

call GET /api/auth/me "$ACCESS"
check "logout: the access token is refused afterwards (me 401)" "$(is "$STATUS" 401)" "status $STATUS"

call POST /api/auth/refresh "" "{\"refresh_token\":\"$REFRESH\"}"
check "logout: the refresh token is refused afterwards (401)" "$(is "$STATUS" 401)" "status $STATUS"

# Two-factor: enrol, confirm with a code computed here (RFC 6238), log in in two steps, turn it off
# with a recovery code (POST /api/auth/mfa/totp/disable: the contract takes no body on DELETE).
# totp BASE32 STEP: the six-digit RFC 6238 (HMAC-SHA1) code of that time step.
totp() {
    local key mac offset
    key=$(printf '%s' "$1" | base32 -d | od -An -tx1 | tr -d ' \n')
    mac=$(printf "$(printf '%016x' "$2" | sed 's/../\\x&/g')" \
        | openssl dgst -sha1 -mac HMAC -macopt "hexkey:$key" | sed 's/.*= *//')
    offset=$(( 0x${mac:39:1} * 2 ))
    printf '%06d' $(( (0x${mac:offset:8} & 0x7fffffff) % 1000000 ))
}
# A step with a few seconds left, so the server computes the same one.
while (( $(date +%s) % 30 > 25 )); do sleep 1; done
STEP=$(( $(date +%s) / 30 ))

call POST /api/auth/login "" "$CREDS"
ACCESS=$(field access_token)
call POST /api/auth/mfa/totp "$ACCESS" "{\"current_password\":\"$PASSWORD\"}"
SECRET=$(field secret)
check "totp: POST /api/auth/mfa/totp 200 with a 160-bit base32 secret" \
    "$( [[ $STATUS == 200 && ${#SECRET} == 32 ]] && echo ok)" "status $STATUS"

call POST /api/auth/mfa/totp/confirm "$ACCESS" "{\"code\":\"$(totp "$SECRET" "$STEP")\"}"
RECOVERY=$(grep -o '[A-Z2-7]\{5\}-[A-Z2-7]\{5\}' "$BODY" | head -1)
check "totp: confirm 200 with recovery codes" "$( [[ $STATUS == 200 && -n $RECOVERY ]] && echo ok)" "status $STATUS"

call POST /api/auth/login "" "$CREDS"
MFA_TOKEN=$(field mfa_token)
check "totp: login answers mfa_required and an mfa_token" \
    "$( [[ $STATUS == 200 && -n $MFA_TOKEN ]] && grep -q '"mfa_required":true' "$BODY" && echo ok)" "status $STATUS"

call POST /api/auth/login/mfa "" "{\"mfa_token\":\"$MFA_TOKEN\",\"code\":\"$(totp "$SECRET" $((STEP + 1)))\"}"
ACCESS=$(field access_token)
check "totp: POST /api/auth/login/mfa 200 with a token pair" "$( [[ $STATUS == 200 && -n $ACCESS ]] && echo ok)" "status $STATUS"

call POST /api/auth/mfa/totp/disable "$ACCESS" "{\"current_password\":\"$PASSWORD\",\"code\":\"$RECOVERY\"}"
check "totp: POST /api/auth/mfa/totp/disable with a recovery code 204" "$(is "$STATUS" 204)" "status $STATUS"

call POST /api/auth/login "" "$CREDS"
check "totp: login is one step again" "$( [[ $STATUS == 200 && -n $(field access_token) ]] && echo ok)" "status $STATUS"

if [[ -z ${SMOKE_BASE_URL:-} ]]; then
    # --- restart: PUBLIC_BASE_URL set, the database behind a relay that is then cut ------------------
    # The same node restarted as an operator would (same SECRET_KEY, keys kept in the database), now
    # with PUBLIC_BASE_URL, so the issuer is its URL; its database connections pass through a relay.
    stop_wildfly
    RELAY_PORT=$((15432 + WILDFLY_PORT_OFFSET / 100))
    socat TCP-LISTEN:$RELAY_PORT,bind=127.0.0.1,fork,reuseaddr TCP:127.0.0.1:5432 &
    RELAY=$!
    trap 'kill $RELAY 2>/dev/null; stop_wildfly' EXIT
    launch_wildfly "${DATABASE/127.0.0.1:5432/127.0.0.1:$RELAY_PORT}" PUBLIC_BASE_URL="$BASE" AUTH_RATE_LIMIT_PER_MINUTE=200
    say "PASS restart: ready again with PUBLIC_BASE_URL=$BASE, ${BOOT_MS} ms after launch"

    call POST /api/auth/login "" "$CREDS"
    ACCESS=$(field access_token)
    call GET /.well-known/openid-configuration
    check "discovery: issuer is PUBLIC_BASE_URL" "$(is "$(field issuer)" "$BASE")" "issuer $(field issuer)"
    VERIFIED=$(standard_client "$BASE" "$ACCESS" true)
    check "standard client: discovery from the issuer URL, key set and token verified (PUBLIC_BASE_URL set)" \
        "$( [[ $VERIFIED == verified* ]] && echo ok)" "$VERIFIED"

    # The database gone: every request needing it is 503, and each adds at most two lines to the log
    # (only with the default database, which the relay stands in front of).
    [[ $DATABASE == *127.0.0.1:5432* ]] || { say "SKIP outage: SMOKE_DATABASE_URL is not behind the relay"; DATABASE_CUT=no; }
fi
if [[ -z ${SMOKE_BASE_URL:-} && ${DATABASE_CUT:-yes} == yes ]]; then
    kill $RELAY; wait $RELAY 2>/dev/null || true
    pkill -f "socat TCP-LISTEN:$RELAY_PORT" 2>/dev/null || true
    sleep 2
    LINES_BEFORE=$(wc -l < "$WORK/server.out")
    REFUSED=0
    for i in $(seq 10); do
        call POST /api/auth/login "" "$CREDS"; [[ $STATUS == 503 ]] && REFUSED=$((REFUSED + 1))
        call POST /api/auth/register "" "{\"email\":\"outage-$i-$RAND@example.test\",\"password\":\"$PASSWORD\"}"
        [[ $STATUS == 503 ]] && REFUSED=$((REFUSED + 1))
    done
    sleep 1
    ADDED=$(( $(wc -l < "$WORK/server.out") - LINES_BEFORE ))
    check "outage: 20 requests needing the database answered 503" "$(is "$REFUSED" 20)" "$REFUSED of 20"
    check "outage: at most two log lines per failed request ($ADDED lines for 20)" \
        "$( (( ADDED <= 40 )) && echo ok)" "$ADDED lines; see $WORK/server.out"

    # The database back: the connections that died are dropped as they are met, and requests succeed.
    socat TCP-LISTEN:$RELAY_PORT,bind=127.0.0.1,fork,reuseaddr TCP:127.0.0.1:5432 &
    RELAY=$!
    RECOVERED=
    for _ in $(seq 60); do
        call POST /api/auth/login "" "$CREDS"
        [[ $STATUS == 200 ]] && { RECOVERED=1; break; }
        sleep 0.5
    done
    check "outage: login 200 again once the database is back" "$(is "$RECOVERED" 1)" "last status $STATUS"
    call GET /api/health/ready
    check "outage: ready 200 again" "$(is "$STATUS" 200)" "status $STATUS"
fi

# --- trained: train.sh's AOT cache on JDK 25, and ignored by another JDK ------------------------------
JDK25=${SMOKE_JDK25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
if [[ -z ${SMOKE_BASE_URL:-} && -z $JDK25 ]]; then
    say "SKIP trained: no JDK 25 (SMOKE_JDK25)"
elif [[ -z ${SMOKE_BASE_URL:-} ]]; then
    stop_wildfly
    if JAVA=$JDK25 PORT=$HTTP_PORT "$ROOT/server-config/wildfly/train.sh" "$JBOSS_HOME" > "$WORK/train.out" 2>&1; then
        say "PASS trained: $(tail -1 "$WORK/train.out" | sed 's/^trained: //; s/;.*//')"
    else
        say "FAIL trained: train.sh failed"; tail -5 "$WORK/train.out"; FAILED=1
    fi
    trained_boot() { grep -a 'JAVA_OPTS:' "$WORK/server.out" | tail -1 | grep -c -- '-XX:AOTCache=' || true; }
    launch_wildfly "$DATABASE" JAVA="$JDK25"
    check "trained: JDK 25 boots with the cache, ready in ${BOOT_MS} ms" "$(is "$(trained_boot)" 1)" "no -XX:AOTCache in JAVA_OPTS"
    REFUSED_CACHE=$(grep -a -c -E '\[(error|warning) *\]\[aot' "$WORK/server.out" || true)
    check "trained: the JVM took the cache without a complaint" "$(is "$REFUSED_CACHE" 0)" \
        "$(grep -a -m1 -E '\[(error|warning) *\]\[aot' "$WORK/server.out")"
    call POST /api/auth/login "" "$CREDS"
    ACCESS=$(field access_token)
    call GET /api/auth/me "$ACCESS"
    check "trained: login and me on the cache" "$(is "$STATUS" 200)" "status $STATUS"
    stop_wildfly
    if [[ $(readlink -f "$(command -v java)") != "$(readlink -f "$JDK25")" ]]; then
        launch_wildfly "$DATABASE"
        check "trained: another JDK boots without the cache, ready in ${BOOT_MS} ms" "$(is "$(trained_boot)" 0)" \
            "-XX:AOTCache passed to $(command -v java)"
    fi
fi

if [[ -z ${SMOKE_BASE_URL:-} ]]; then
    say "WildFly $WILDFLY_VERSION: boot to ready ${BOOT_MS} ms; smoke.sh total $(($(date +%s) - T0)) s"
fi
if [[ $FAILED != 0 ]]; then
    [[ -n ${SMOKE_BASE_URL:-} ]] || say "server log: $WORK/server.out"
    say "FAIL smoke: see above"
    exit 1
fi
say "PASS smoke: all steps passed"
