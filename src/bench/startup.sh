#!/usr/bin/env bash
# Time from process start to the first served request, and RSS after a warm-up, for the JVM package and (if built)
# the native executable, measured the same way. Needs: curl, wrk.
# Usage: src/bench/startup.sh [runs, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
port=18081
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

measure() { # name, command...
  local name=$1; shift
  local total=0 best=999999
  for i in $(seq 1 "$runs"); do
    local data; data=$(mktemp -d)
    local start; start=$(date +%s%N)
    QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$((port + 1000)) JOBS_ECHO_ENABLED=true JOBS_STORAGE_LOCAL_DATA_DIR="$data" \
      QUARKUS_LOG_LEVEL=WARN "$@" > "$data.log" 2>&1 &
    local pid=$!
    until curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/api/jobs" -H 'Content-Type: application/json' \
        -d '{"type":"echo","input":{"n":1}}'; do sleep 0.005; done
    local ms=$(( ($(date +%s%N) - start) / 1000000 ))
    total=$((total + ms)); [ "$ms" -lt "$best" ] && best=$ms
    if [ "$i" -eq "$runs" ]; then
      wrk -t2 -c16 -d10s -s src/bench/post-echo.lua "http://127.0.0.1:$port/api/jobs" > /dev/null
      sleep 2
      local rss; rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status)
      local hwm; hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$pid/status)
    fi
    kill $pid; wait $pid 2>/dev/null || true
    rm -rf "$data" "$data.log"
  done
  printf '%s: first served request after %d ms (mean of %d), best %d ms; RSS after 10 s of wrk POSTs %s MiB (peak %s MiB)\n' \
    "$name" $((total / runs)) "$runs" "$best" "$rss" "$hwm"
}

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
measure "JVM ($(java -version 2>&1 | head -1))" java -jar target/quarkus-app/quarkus-run.jar
runner=$(ls target/*-runner 2>/dev/null | head -1 || true)
if [ -n "$runner" ]; then
  measure "native ($runner)" "$runner"
else
  echo "native: no target/*-runner; build it with ./mvnw package -Dnative"
fi
