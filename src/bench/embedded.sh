#!/usr/bin/env bash
# Benchmarks the embedded default on this machine: accept rate (and its ratio to the no-op upper bound of
# src/bench/noop, run right after), status rate, and how fast accepted jobs drain.
# Needs: wrk and curl (Debian: apt-get install wrk curl). Usage: src/bench/embedded.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-15}
port=18080
base=http://127.0.0.1:$port
data=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
noop=http://127.0.0.1:$((port + 1))
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
[ -f src/bench/noop/target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -f src/bench/noop/pom.xml package

java -Dquarkus.http.port=$port -Djobs.storage.local.data-dir="$data" -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > "$data.log" 2>&1 &
app=$!
java -Dquarkus.http.port=$((port + 1)) -jar src/bench/noop/target/quarkus-app/quarkus-run.jar > /dev/null 2>&1 &
bound=$!
trap 'kill $app $bound 2>/dev/null; wait $app $bound 2>/dev/null; rm -rf "$data" "$data.log"' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null $base/q/health/ready && curl -s -o /dev/null $noop/ && break; sleep 0.5; done

metric() { curl -s $base/q/metrics | awk -v m="$1" '$1 ~ "^"m {s += $2} END {printf "%d", s}'; }
warm() { wrk -t2 -c8 -d5s "$@" > /dev/null; }

echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "# wrk and the service share the machine"

drain() { while [ "$(metric jobs_completed_total)" -lt "$(metric jobs_accepted_total)" ]; do sleep 0.2; done; }
now() { date +%s.%N; }

echo "## accept: POST /api/jobs (echo), 2 threads, 16 connections, ${seconds}s, processor running"
warm -s src/bench/post-echo.lua $base/api/jobs
drain
accepted_before=$(metric jobs_accepted_total)
completed_before=$(metric jobs_completed_total)
start=$(now)
wrk -t2 -c16 -d${seconds}s --latency -s src/bench/post-echo.lua $base/api/jobs | tee /tmp/embedded-accept.$$ | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx'
accepted=$(( $(metric jobs_accepted_total) - accepted_before ))
done_during_run=$(( $(metric jobs_completed_total) - completed_before ))
drain
end=$(now)
echo "## the no-op upper bound (src/bench/noop), same wrk run right after"
warm -s src/bench/post-echo.lua $noop/api/jobs
wrk -t2 -c16 -d${seconds}s --latency -s src/bench/post-echo.lua $noop/api/jobs | tee /tmp/embedded-noop.$$ | grep -E 'Requests/sec|50%|99%'
awk '/Requests\/sec/ {r[FILENAME] = $2} END {for (f in r) if (f ~ /accept/) a = r[f]; else n = r[f]; printf "  accept ratio to the bound: %.1f%%\n", 100 * a / n}' \
  /tmp/embedded-accept.$$ /tmp/embedded-noop.$$
rm -f /tmp/embedded-accept.$$ /tmp/embedded-noop.$$
echo "## end to end: the run's $accepted jobs ($done_during_run finished during the run) all finished after $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}') s: $(awk -v n="$accepted" -v a="$start" -v b="$end" 'BEGIN {printf "%.0f", n / (b - a)}') jobs/s"
curl -s $base/q/metrics | grep -E '^jobs_(queue_wait|processing_duration)_seconds_(sum|count|max)' | sed 's/^/  /'

id=$(curl -s -X POST $base/api/jobs -H 'Content-Type: application/json' -d '{"type":"echo","input":{"a":1}}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
until curl -s $base/api/jobs/$id | grep -q Succeeded; do sleep 0.1; done

echo "## status monitor: GET /api/jobs/{id} of a succeeded job (signs a result URL per request), 2 threads, 16 connections"
warm $base/api/jobs/$id
wrk -t2 -c16 -d${seconds}s --latency $base/api/jobs/$id | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx'

echo "## redirect: GET /api/jobs/{id}/status of a succeeded job (303), 2 threads, 16 connections"
wrk -t2 -c16 -d${seconds}s --latency $base/api/jobs/$id/status | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx'
