#!/usr/bin/env bash
# What checking Entra ID bearer tokens costs. Two instances of the packaged embedded default run side by side: one open
# (jobs.auth.enabled=false) and one checking every request with quarkus-oidc against EntraIdStandIn (a local Entra ID
# issuer: discovery, JWKS, RS256 access tokens with app roles). Each path is measured on the open one, then on the
# checked one, at each number of connections, with the same request (token included) to both. The processor is off in
# both, so that accepting is what is measured. Prints a Markdown table: both, and the ratios checked / open.
# Needs wrk and curl (Debian: apt-get install wrk curl).
# Usage: src/bench/auth.sh [seconds per run, default 10] [connections, default "1 16 64"]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh
seconds=${1:-10}
connections=${2:-1 16 64}
open=http://127.0.0.1:18080
checked=http://127.0.0.1:18090
work=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
./mvnw -q -B -DskipTests package
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt

java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.github.asyncjobs.testing.identity.EntraIdStandIn "$work/issuer.env" > "$work/issuer.log" 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
until [ -s "$work/issuer.env" ]; do kill -0 "${pids[0]}" || { cat "$work/issuer.log"; exit 1; }; sleep 0.2; done
# shellcheck disable=SC1091
source "$work/issuer.env"
issuer=$JOBS_AUTH_ISSUER audience=$JOBS_AUTH_AUDIENCE bearer="Authorization: Bearer $BEARER_TOKEN"
unset JOBS_AUTH_ISSUER JOBS_AUTH_AUDIENCE # given to the checked instance only

start_service() { # base URL, then settings (a -D given after service_flags' jobs.auth.enabled=false wins)
  local port=${1##*:}
  shift
  java $(service_flags "$port") -Djobs.storage.local.data-dir="$work/data-$port" -Djobs.processor.enabled=false \
    -Djobs.queue.embedded.capacity=100000000 -Dquarkus.log.level=WARN "$@" \
    -jar target/quarkus-app/quarkus-run.jar >> "$work/service-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$(management_url "$port")/q/health/ready" && return; sleep 0.5; done
  echo "the service did not start: $(tail -5 "$work/service-$port.log")" >&2; exit 1
}
start_service $open
start_service $checked -Djobs.auth.enabled=true -Djobs.auth.issuer="$issuer" -Djobs.auth.audience="$audience"
no_token=$(curl -s -o /dev/null -w '%{http_code}' -X POST $checked/api/jobs -H 'Content-Type: application/json' -d '{"type":"echo","input":{}}')
[ "$no_token" = 401 ] || { echo "the checked instance answered $no_token without a token, not 401" >&2; exit 1; }

submit() { curl -s -X POST "$1"/api/jobs -H "$bearer" -H 'Content-Type: application/json' -d '{"type":"echo","input":{"a":1}}' | sed -E 's/.*"id":"([^"]+)".*/\1/'; }
open_job=$(submit $open)
checked_job=$(submit $checked)

compare() { # label, path on the open one, path on the checked one, wrk script
  for c in $connections; do
    read -r or o50 o99 o999 obad <<< "$(measure "$c" "$open$2" "$4" -H "$bearer")"
    read -r cr c50 c99 c999 cbad <<< "$(measure "$c" "$checked$3" "$4" -H "$bearer")"
    awk -v l="$1" -v c="$c" -v or="$or" -v o50="$o50" -v o99="$o99" -v o999="$o999" -v ob="$obad" \
        -v cr="$cr" -v c50="$c50" -v c99="$c99" -v c999="$c999" -v cb="$cbad" 'BEGIN {
      printf "| %s | %d | %d | %.2f / %.2f / %.2f | %d | %d | %.2f / %.2f / %.2f | %d | %.1f%% | %.2fx |\n",
        l, c, or, o50, o99, o999, ob, cr, c50, c99, c999, cb, 100 * cr / or, c99 / o99 }'
  done
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), ${seconds}s per run"
echo "| path | connections | open req/s | open p50 / p99 / p99.9 ms | open errors | checked req/s | checked p50 / p99 / p99.9 ms | checked errors | throughput checked / open | p99 checked / open |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
compare "accept" /api/jobs /api/jobs src/bench/post-echo.lua
compare "monitor, pending job" /api/jobs/"$open_job" /api/jobs/"$checked_job" src/bench/get.lua
compare "202 status, pending job" /api/jobs/"$open_job"/status /api/jobs/"$checked_job"/status src/bench/get.lua
