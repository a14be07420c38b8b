#!/usr/bin/env bash
# What a backlog of pending jobs costs the service per second while nothing else happens, in full Azure mode on the
# stand-ins: the listings of the pending markers (the backlog sample, the outbox sweep, expiry, each on one instance per
# interval). One instance, processor off: CPU a second of the service process alone (from /proc) and List Blobs calls a
# second, first with nothing pending, then after SECONDS of accepting at full speed, over the same MEASURE seconds each.
# Needs wrk, curl, bc, Node.js/npm and port 5671. Usage: [NATIVE=1] [MEASURE=60] src/bench/backlog-cost.sh [seconds of accepting, default 120]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh
port=18096
hz=$(getconf CLK_TCK)
measure_s=${MEASURE:-60}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -n "${NATIVE:-}" ] || [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
if [ -n "${NATIVE:-}" ]; then service=("$(ls target/*-runner | head -1)"); else service=(java -jar target/quarkus-app/quarkus-run.jar); fi
pids=()
trap '[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; rm -rf "${standins_env:-/nonexistent}"*' EXIT

# metric NAME [FILTER]: the sum of NAME's series whose line matches FILTER.
metric() { curl -s "$(management_url $port)/q/metrics" | awk -v m="$1" -v f="${2:-}" '$1 ~ "^"m"({|$)" && $0 ~ f {s += $2} END {printf "%.0f", s}'; }
lists() { metric jobs_storage_requests_total 'comp="list"'; }
# CPU ms a second and List Blobs calls a second over MEASURE seconds.
quiet() {
  local c0 l0
  c0=$(ticks "$app"); l0=$(lists)
  sleep "$measure_s"
  echo "$(echo "($(ticks "$app") - $c0) * 1000 / $hz / $measure_s" | bc -l) $(echo "($(lists) - $l0) / $measure_s" | bc -l)"
}

start_standins "${DELAY_MS:-5}"
pids=("$standins_pid")
"${service[0]}" -Djobs.processor.enabled=false -Djavax.net.ssl.trustStore="$TRUST_STORE" -Djavax.net.ssl.trustStorePassword="$TRUST_STORE_PASSWORD" \
  -Djavax.net.ssl.trustStoreType=PKCS12 $(service_flags $port) -Djobs.limits.rate=1000 -Djobs.limits.burst=2000 -Djobs.limits.max-unfinished=1000000 -Dquarkus.log.level=WARN \
  "${service[@]:1}" > target/bench-backlog-service.log 2>&1 &
app=$!
pids+=("$app")
until curl -sf -o /dev/null "$(management_url $port)/q/health/ready"; do kill -0 "$app" || { tail target/bench-backlog-service.log; exit 1; }; sleep 0.2; done
kind=$([ -n "${NATIVE:-}" ] && echo native || echo JVM)
echo "# $kind, full Azure mode on the stand-ins, processor off; $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(git rev-parse --short HEAD)"
read -r cpu lists < <(quiet)
printf 'nothing pending: %.1f ms of CPU a second, %.2f List Blobs calls a second\n' "$cpu" "$lists"
wrk -t2 -c16 -d"${1:-120}s" -s src/bench/post-echo.lua "http://127.0.0.1:$port/api/jobs" > /dev/null
pending=$(metric jobs_accepted_total)
sleep 20 # the accepts' background writes (queued flags) land
read -r cpu lists < <(quiet)
printf '%d pending: %.1f ms of CPU a second, %.2f List Blobs calls a second\n' "$pending" "$cpu" "$lists"
