#!/usr/bin/env bash
# Memory and start-up against history on the embedded default: RSS of the service (heap capped at 512 MiB, as in a
# small container) after 1,000 jobs and after N jobs accepted and processed, and the time to readiness of a restart
# on each of the two data folders' histories.
# Usage: src/bench/memory.sh [N, default 1000000] [jobs per second while filling, default 3000]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh
total=${1:-1000000}
rate=${2:-3000}
port=18080
base=http://127.0.0.1:$port
data=$(mktemp -d)
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
app=
start() {
  local begin; begin=$(date +%s.%N)
  java -Xmx512m $(service_flags $port) -Djobs.storage.local.data-dir="$data" -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar >> "$data.log" 2>&1 &
  app=$!
  until curl -sf -o /dev/null "$(management_url $port)/q/health/ready"; do sleep 0.05; done
  ready_seconds=$(awk -v a="$begin" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
}
stop() { kill "$app"; wait "$app" 2>/dev/null || true; }
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$data" "$data.log"' EXIT
metric() { curl -s "$(management_url $port)/q/metrics" | awk -v m="$1" '$1 ~ "^"m {s += $2} END {printf "%d", s}'; }
drain() { while [ "$(metric jobs_completed_total)" -lt "$(metric jobs_accepted_total)" ]; do sleep 1; done; }
rss() { echo $(( $(ps -o rss= -p "$app") / 1024 )); }
# What the jobs held so far really take: the heap in use after a full GC (RSS also counts heap the JVM grew into).
live() { jcmd "$app" GC.run > /dev/null; jcmd "$app" GC.heap_info | awk '/garbage-first heap/ {for (i = 1; i <= NF; i++) if ($i == "used") print int($(i + 1) / 1024) " MiB"}'; }
fill() { java src/bench/LoadGenerator.java $base "$1" "$rate" 256 false | grep -E "^submitted|^errors|^  "; drain; }

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1), -Xmx512m"
start; fill 1000
echo "after 1,000 jobs: RSS $(rss) MiB, heap in use after a full GC $(live), database $(du -sm "$data" | cut -f1) MiB"
stop; start
echo "restart with 1,000 jobs of history: ready after ${ready_seconds}s, RSS $(rss) MiB"
fill $(( total - 1000 ))
echo "after $total jobs: RSS $(rss) MiB, heap in use after a full GC $(live), database $(du -sm "$data" | cut -f1) MiB"
stop; start
echo "restart with $total jobs of history: ready after ${ready_seconds}s, RSS $(rss) MiB"
