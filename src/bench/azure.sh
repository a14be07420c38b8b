#!/usr/bin/env bash
# One instance (both roles, JVM) in full Azure mode with an Azure region's latency: Blob Storage (Azurite over HTTPS with
# OAuth) and Service Bus (the test broker behind TLS on 5671) reached through a proxy that holds every byte DELAY_MS in
# each direction, tokens from a local managed-identity endpoint (the stand-ins: AzureStandIns in the test sources).
# Alternating in the same run with the no-op upper bound (src/bench/noop: the same Quarkus answering 202 without work):
#   accept    wrk POST /api/jobs at 16, 64 and 256 connections, 10 s each: req/s and latency, and the ratio to the bound
#   e2e       how long until every job accepted in those runs has finished: jobs/s per instance, and how fast the
#             backlog left after the accept runs drains (processing alone)
#   storage   Blob requests per job (the service's jobs_storage_requests_total)
#   status    GET of a finished job's monitor and redirect status at 64 connections, against the bound
# CPU per process is shown for each service run and for the drain, to tell whether the service or a stand-in is the
# saturated one. Azurite runs in memory without its debug log (STANDINS_OPTS=-Dstandins.azurite-debug=true: as in tests).
# ACCEPT_ONLY=1 runs the service with its processor off (accept alone; no e2e or drain). NATIVE=1 runs the native
# executable target/*-runner (build it first: ./mvnw package -Dnative) instead of the JVM.
# Needs: wrk, curl, bc, Node.js/npm, port 5671. Usage: [DELAY_MS=5] [SERVICE_OPTS=-D...] src/bench/azure.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh
seconds=${1:-10}
delay=${DELAY_MS:-5}
port=18093
noop_port=18094
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

[ -n "${NATIVE:-}" ] || ./mvnw -q -B -DskipTests package
./mvnw -q -B -f src/bench/noop/pom.xml package
start_standins "$delay"
pids=("$standins_pid")
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; rm -f "$standins_env"*' EXIT
accept_only=${ACCEPT_ONLY:-}
if [ -n "${NATIVE:-}" ]; then service=("$(ls target/*-runner | head -1)"); else service=(java -jar target/quarkus-app/quarkus-run.jar); fi
"${service[0]}" ${SERVICE_OPTS:-} ${accept_only:+-Djobs.processor.enabled=false} -Djavax.net.ssl.trustStore="$TRUST_STORE" \
  -Djavax.net.ssl.trustStorePassword="$TRUST_STORE_PASSWORD" -Djavax.net.ssl.trustStoreType=PKCS12 $(service_flags $port) \
  -Dquarkus.log.level=WARN "${service[@]:1}" > target/bench-azure-service.log 2>&1 &
pids+=($!)
java -Dquarkus.http.port=$noop_port -jar src/bench/noop/target/quarkus-app/quarkus-run.jar > target/bench-noop.log 2>&1 &
pids+=($!)
until curl -sf -o /dev/null "$(management_url $port)/q/health/ready" && curl -s -o /dev/null "http://127.0.0.1:$noop_port/"; do sleep 0.2; done

cpu_since() { # seconds, then "pid ticks" pairs taken at the start -> CPU% of each process since
  local secs=$1; shift
  while [ $# -gt 0 ]; do printf '%.0f%% ' "$(echo "100 * ($(ticks "$1") - $2) / $hz / $secs" | bc -l)"; shift 2; done
}
metric() { curl -s "$(management_url $port)/q/metrics" | awk -v m="$1" '$1 ~ "^"m"({|$)" {s += $2} END {printf "%.0f", s}'; }
run() { # url connections -> "req/s p50 p99"
  wrk -t2 -c"$2" -d"${seconds}s" --latency -s src/bench/post-echo.lua "$1" \
    | awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print r, p50, p99}'
}

echo "Full Azure mode, ${delay} ms each way to Blob Storage and Service Bus, one $([ -n "${NATIVE:-}" ] && echo native || echo JVM) instance; $(date -u +%F), $(nproc) cores"
wrk -t2 -c16 -d5s -s src/bench/post-echo.lua "http://127.0.0.1:$port/api/jobs" > /dev/null   # warm-up
wrk -t2 -c16 -d5s -s src/bench/post-echo.lua "http://127.0.0.1:$noop_port/api/jobs" > /dev/null
requests_before=$(metric jobs_storage_requests_total)
accepted_before=$(metric jobs_accepted_total)
start=$(date +%s%N)
azurite_pid=$(pgrep -f azurite-blob | head -1)
hz=$(getconf CLK_TCK)
printf '%-12s %-26s %-26s %-7s %s\n' connections "service req/s p50 p99" "no-op req/s p50 p99" ratio "CPU during the service run: service, stand-ins JVM (broker, proxies), Azurite"
for c in 16 64 256; do
  t0=$(date +%s%N); a0=$(ticks "${pids[1]}"); b0=$(ticks "${pids[0]}"); z0=$(ticks "$azurite_pid")
  read -r s50 sp50 sp99 < <(run "http://127.0.0.1:$port/api/jobs" "$c")
  cpu=$(cpu_since "$(echo "($(date +%s%N) - $t0) / 1000000000" | bc -l)" "${pids[1]}" "$a0" "${pids[0]}" "$b0" "$azurite_pid" "$z0")
  read -r n50 np50 np99 < <(run "http://127.0.0.1:$noop_port/api/jobs" "$c")
  printf '%-12s %-26s %-26s %-7s %s\n' "$c" "$s50 $sp50 $sp99" "$n50 $np50 $np99" "$(printf '%.1f%%' "$(echo "100 * $s50 / $n50" | bc -l)")" "$cpu"
done
accepted=$(( $(metric jobs_accepted_total) - accepted_before ))
if [ -n "$accept_only" ]; then
  echo "storage: $(echo "scale=1; ($(metric jobs_storage_requests_total) - requests_before) / $accepted" | bc) Blob requests per accepted job"
  exit 0
fi
t0=$(date +%s%N); a0=$(ticks "${pids[1]}"); b0=$(ticks "${pids[0]}"); z0=$(ticks "$azurite_pid")
backlog=$(( $(metric jobs_accepted_total) - $(metric jobs_completed_total) ))
until [ "$(metric jobs_completed_total)" -ge "$(metric jobs_accepted_total)" ]; do sleep 0.5; done
end=$(date +%s%N)
drain_s=$(echo "($end - $t0) / 1000000000" | bc -l)
cpu=$(cpu_since "$drain_s" "${pids[1]}" "$a0" "${pids[0]}" "$b0" "$azurite_pid" "$z0")
elapsed_ms=$(( (end - start) / 1000000 ))
requests=$(( $(metric jobs_storage_requests_total) - requests_before ))
echo "e2e: $accepted jobs accepted during the accept runs, all finished after $((elapsed_ms / 1000)) s: $(echo "$accepted * 1000 / $elapsed_ms" | bc) jobs/s"
echo "drain: the $backlog jobs still unfinished after the accept runs took $(printf '%.0f' "$drain_s") s: $(printf '%.0f' "$(echo "$backlog / $drain_s" | bc -l)") jobs/s; CPU service, stand-ins JVM, Azurite: $cpu"
echo "storage: $(echo "scale=1; $requests / $accepted" | bc) Blob requests per job (accept and processing, jobs_storage_requests_total)"
# A finished job's monitor and redirect status: its record never changes, so it is served from the record cache.
id=$(curl -s -X POST "http://127.0.0.1:$port/api/jobs" -H 'Content-Type: application/json' -d '{"type":"echo","input":{"a":1}}' \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
until curl -s "http://127.0.0.1:$port/api/jobs/$id" | grep -q Succeeded; do sleep 0.2; done
for path in "/api/jobs/$id" "/api/jobs/$id/status"; do
  get() { wrk -t2 -c64 -d"${seconds}s" --latency -s src/bench/get.lua "$1" | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p99=$2} END {print r, p99}'; }
  read -r s_rps s_p99 < <(get "http://127.0.0.1:$port$path")
  read -r n_rps n_p99 < <(get "http://127.0.0.1:$noop_port$path")
  echo "finished job, $([ "$path" = "/api/jobs/$id" ] && echo monitor || echo 'redirect status') at 64 connections: service $s_rps req/s (p99 $s_p99), no-op $n_rps req/s (p99 $n_p99): $(printf '%.1f%%' "$(echo "100 * $s_rps / $n_rps" | bc -l)")"
done
