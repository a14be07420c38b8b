#!/usr/bin/env bash
# Benchmarks the embedded default against the no-op upper bound (src/bench/noop) in one run, alternating: accept
# (POST /api/jobs), monitor (GET /api/jobs/{id}) and redirect status (GET /api/jobs/{id}/status) of a finished and of a
# pending job, at each number of connections. Prints a Markdown table: the service, the bound, and their ratios.
# Needs wrk and curl (Debian: apt-get install wrk curl); wrk and both servers share the machine.
# Usage: src/bench/embedded.sh [seconds per run, default 10] [connections, default "1 16 64 256"]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh
seconds=${1:-10}
connections=${2:-1 16 64 256}
port=18080
base=http://127.0.0.1:$port
bound=http://127.0.0.1:$((port + 1))
data=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
[ -f src/bench/noop/target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -f src/bench/noop/pom.xml package

app=
start_service() { # processor enabled: true|false
  # The capacity is raised so that accept runs without processing measure accepting, not a full queue's 503s.
  java $(service_flags $port) -Djobs.storage.local.data-dir="$data" -Djobs.processor.enabled="$1" \
    -Djobs.queue.embedded.capacity=100000000 \
    -Dquarkus.log.level=WARN -jar target/quarkus-app/quarkus-run.jar >> "$data.log" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$(management_url $port)/q/health/ready" && return; sleep 0.5; done
  echo "the service did not start: $(tail -5 "$data.log")" >&2; exit 1
}
stop_service() { kill "$app"; wait "$app" 2>/dev/null || true; }
java -Dquarkus.http.port=$((port + 1)) -jar src/bench/noop/target/quarkus-app/quarkus-run.jar > /dev/null 2>&1 &
noop=$!
trap 'kill $app $noop 2>/dev/null; wait $app $noop 2>/dev/null || true; rm -rf "$data" "$data.log"' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null $bound/api/jobs/00000000-0000-0000-0000-000000000000 && break; sleep 0.5; done

metric() { curl -s "$(management_url $port)/q/metrics" | awk -v m="$1" '$1 ~ "^"m {s += $2} END {printf "%d", s}'; }
drain() { while [ "$(metric jobs_completed_total)" -lt "$(metric jobs_accepted_total)" ]; do sleep 0.2; done; }
compare() { # label path-on-service path-on-bound script [drain]
  for c in $connections; do
    read -r srps s50 s99 s999 sbad <<< "$(measure "$c" "$base$2" "$4")"
    [ "${5:-}" = drain ] && drain
    read -r brps b50 b99 b999 bbad <<< "$(measure "$c" "$bound$3" "$4")"
    awk -v l="$1" -v c="$c" -v sr="$srps" -v s50="$s50" -v s99="$s99" -v s999="$s999" -v sb="$sbad" \
        -v br="$brps" -v b50="$b50" -v b99="$b99" -v b999="$b999" 'BEGIN {
      printf "| %s | %d | %d | %.2f / %.2f / %.2f | %d | %d | %.2f / %.2f / %.2f | %.1f%% | %.1fx |\n",
        l, c, sr, s50, s99, s999, sb, br, b50, b99, b999, 100 * sr / br, s99 / b99 }'
  done
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), ${seconds}s per run"
echo "| path | connections | service req/s | service p50 / p99 / p99.9 ms | service errors | bound req/s | bound p50 / p99 / p99.9 ms | throughput ratio | p99 ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
start_service true
compare "accept (processor on)" /api/jobs /api/jobs src/bench/post-echo.lua drain
id=$(curl -s -X POST $base/api/jobs -H 'Content-Type: application/json' -d '{"type":"echo","input":{"a":1}}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
until curl -s $base/api/jobs/"$id" | grep -q Succeeded; do sleep 0.1; done
compare "monitor, finished job" /api/jobs/"$id" /api/jobs/"$id" src/bench/get.lua
compare "redirect status, finished job" /api/jobs/"$id"/status /api/jobs/"$id"/status src/bench/get.lua
stop_service

start_service false
pending=$(curl -s -X POST $base/api/jobs -H 'Content-Type: application/json' -d '{"type":"echo","input":{"a":1}}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
compare "accept (processor off)" /api/jobs /api/jobs src/bench/post-echo.lua
compare "monitor, pending job" /api/jobs/"$pending" /api/jobs/"$pending" src/bench/get.lua
compare "202 status, pending job" /api/jobs/"$pending"/status /api/jobs/"$pending"/status src/bench/get.lua
stop_service
