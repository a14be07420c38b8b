#!/usr/bin/env bash
# End to end on the embedded default: the load generator (src/bench/LoadGenerator.java) submits N echo jobs at a
# target rate, polls each as Retry-After says, downloads and checks every result. The service runs as packaged (JVM).
# Usage: [SERVICE_OPTS=-D...] src/bench/end-to-end.sh [jobs, default 10000] [jobs per second, default 2000]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh
jobs=${1:-10000}
rate=${2:-2000}
port=18080
data=$(mktemp -d)
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
java ${SERVICE_OPTS:-} $(service_flags $port) -Djobs.storage.local.data-dir="$data" -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > "$data.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$data" "$data.log"' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "$(management_url $port)/q/health/ready" && break; sleep 0.5; done
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1); the load generator and the service share the machine"
# Each job is in flight for at least one Retry-After (1 s): sustaining R jobs/s needs more than R jobs in flight.
java src/bench/LoadGenerator.java http://127.0.0.1:$port 2000 "$rate" 8192 > /dev/null   # warm-up
java src/bench/LoadGenerator.java http://127.0.0.1:$port "$jobs" "$rate" 8192
echo "service RSS after the run: $(( $(ps -o rss= -p $app) / 1024 )) MiB"
