#!/usr/bin/env bash
# Native executable vs JVM in full Azure mode, measured the same way: Blob Storage (Azurite over HTTPS with OAuth), Service
# Bus through a namespace over AMQPS (the test broker behind TLS on 5671) and tokens from a local managed-identity
# endpoint, all started by the test sources' AzureStandIns. For each build:
#   api     time from process start to the first accepted job (POST answered 202); RSS after 10 s of wrk POSTs
#   worker  scale from zero: a job waits in the queue; time from starting a worker to the job being Succeeded
# and the size of what ships. Needs: curl, wrk, Node.js/npm (Azurite), and port 5671 (root, or a free port).
# Usage: src/bench/startup-azure.sh [runs, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh
runs=${1:-5}
api_port=18091
worker_port=18092
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
env_file=$(mktemp)
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.github.asyncjobs.testing.AzureStandIns "$env_file" \
  > target/bench-standins.log 2>&1 &
standins=$!
trap 'kill $standins 2>/dev/null; wait $standins 2>/dev/null || true; rm -f "$env_file"' EXIT
until [ -s "$env_file" ]; do kill -0 $standins || { cat target/bench-standins.log; exit 1; }; sleep 0.2; done
# shellcheck disable=SC1090
source "$env_file"
for name in $(env | grep -o '^\(AZURE\|MSI\|IMDS\)_[A-Z_]*' || true); do unset "$name"; done
trust=(-Djavax.net.ssl.trustStore="$TRUST_STORE" -Djavax.net.ssl.trustStorePassword="$TRUST_STORE_PASSWORD" -Djavax.net.ssl.trustStoreType=PKCS12)

start_role() { # role port command... ; prints the pid
  local role=$1 port=$2; shift 2
  local flags=($(service_flags "$port") -Djobs.storage.local.data-dir="$(mktemp -d)" -Dquarkus.log.level=WARN "${trust[@]}")
  [ "$role" = api ] && flags+=(-Djobs.processor.enabled=false) || flags+=(-Djobs.acceptor.enabled=false)
  if [ "$1" = java ]; then "$1" "${flags[@]}" "${@:2}" >> "target/bench-$role.log" 2>&1 & else "$@" "${flags[@]}" >> "target/bench-$role.log" 2>&1 & fi
  echo $!
}

post() { curl -s -X POST "http://127.0.0.1:$api_port/api/jobs" -H 'Content-Type: application/json' -d '{"type":"echo","input":{"n":1}}'; }

measure() { # name, command...
  local name=$1; shift
  local api_total=0 worker_total=0 rss hwm
  for i in $(seq 1 "$runs"); do
    local start; start=$(date +%s%N)
    local api; api=$(start_role api $api_port "$@")
    until post 2>/dev/null | grep -q '"NotStarted"'; do kill -0 "$api"; sleep 0.005; done
    api_total=$((api_total + ($(date +%s%N) - start) / 1000000))
    local id; id=$(post | sed 's/.*"id":"\([^"]*\)".*/\1/')
    start=$(date +%s%N)
    local worker; worker=$(start_role worker $worker_port "$@")
    until curl -s "http://127.0.0.1:$api_port/api/jobs/$id" | grep -q '"Succeeded"'; do kill -0 "$worker"; sleep 0.01; done
    worker_total=$((worker_total + ($(date +%s%N) - start) / 1000000))
    kill "$worker"; wait "$worker" 2>/dev/null || true
    if [ "$i" -eq "$runs" ]; then
      wrk -t2 -c16 -d10s -s src/bench/post-echo.lua "http://127.0.0.1:$api_port/api/jobs" > /dev/null
      rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$api/status")
      hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$api/status")
    fi
    kill "$api"; wait "$api" 2>/dev/null || true
  done
  printf '%s: api first accepted job after %d ms, worker start to first job done %d ms (means of %d); api RSS after 10 s of wrk POSTs %s MiB (peak %s MiB)\n' \
    "$name" $((api_total / runs)) $((worker_total / runs)) "$runs" "$rss" "$hwm"
}

measure "JVM ($(java -version 2>&1 | head -1))" java -jar target/quarkus-app/quarkus-run.jar
echo "JVM: target/quarkus-app is $(du -sm target/quarkus-app | cut -f1) MiB (plus a JRE)"
runner=$(ls target/*-runner 2>/dev/null | head -1 || true)
if [ -n "$runner" ]; then
  measure "native ($runner)" "$runner"
  echo "native: $runner is $(du -m "$runner" | cut -f1) MiB"
else
  echo "native: no target/*-runner; build it with ./mvnw package -Dnative"
fi
