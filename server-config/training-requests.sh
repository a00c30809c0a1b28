#!/usr/bin/env bash
# The requests a training boot serves before the JVM writes its class archive (server-config/payara/run.sh
# --train, server-config/wildfly/train.sh): a registration, a login, 20 calls of /me, a refresh and the OpenAPI
# document, so that the archive holds the request path's classes and, on JDK 25, its method profiles.
#
#   server-config/training-requests.sh BASE_URL      # exit status 1 when the login fails
set -euo pipefail

BASE=${1:?usage: training-requests.sh BASE_URL}
json='{"email":"training@example.test","password":"training-only-password"}'
post() { curl -s -H 'Content-Type: application/json' --data-binary "$2" "$BASE$1"; }
post /api/auth/register "$json" > /dev/null
tokens=$(post /api/auth/login "$json")
access=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<< "$tokens")
refresh=$(sed -n 's/.*"refresh_token":"\([^"]*\)".*/\1/p' <<< "$tokens")
[[ -n $access && -n $refresh ]] || { echo "training login failed: ${tokens:0:200}" >&2; exit 1; }
for _ in $(seq 20); do curl -s -o /dev/null -H "Authorization: Bearer $access" "$BASE/api/auth/me"; done
post /api/auth/refresh "{\"refresh_token\":\"$refresh\"}" > /dev/null
curl -s -o /dev/null "$BASE/openapi"
