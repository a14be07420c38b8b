#!/usr/bin/env bash
# Prefer: wait in full Azure mode on the stand-ins (PreferWaitBench.java): jobs submitted and waited for at once, with
# Azurite over HTTPS with OAuth, the Service Bus test broker and a local managed-identity endpoint (DELAY_MS each way,
# default 5), as src/bench/azure.sh runs them. Two runs:
#   same instance    one instance accepts, processes and answers: its waiters are woken by the job's end
#   other instance   an api-only instance (processor off) accepts and answers; a worker instance processes: the api
#                    instance learns of the end by reading the record of each job waited for once a second
# Reports completion-to-answer latency p50/p99 and the Blob requests of the answering instance per waiting request
# (its submit included: the accept's writes; compare the two runs). Broker operations per waiting request: none, by design.
# Needs: curl, Node.js/npm. Usage: [DELAY_MS=5] src/bench/prefer-wait.sh [jobs, 200] [requests at once, 16]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh
jobs=${1:-200}
clients=${2:-16}
api=18096
worker=18097
./mvnw -q -B -DskipTests package
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
env_file=$(mktemp)
java -Dstandins.delay-ms="${DELAY_MS:-5}" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.github.asyncjobs.testing.AzureStandIns "$env_file" > target/bench-standins.log 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; rm -f "$env_file"' EXIT
until [ -s "$env_file" ]; do kill -0 "${pids[0]}" || { cat target/bench-standins.log; exit 1; }; sleep 0.2; done
# shellcheck disable=SC1090
source "$env_file"
tls=(-Djavax.net.ssl.trustStore="$TRUST_STORE" -Djavax.net.ssl.trustStorePassword="$TRUST_STORE_PASSWORD" -Djavax.net.ssl.trustStoreType=PKCS12)
start() { # port, extra flags...
  local port=$1; shift
  java "${tls[@]}" $(service_flags "$port") -Dquarkus.log.level=WARN "$@" -jar target/quarkus-app/quarkus-run.jar > "target/bench-wait-$port.log" 2>&1 &
  pids+=($!)
}
start $worker
start $api -Djobs.processor.enabled=false
until curl -sf -o /dev/null "$(management_url $api)/q/health/ready" && curl -sf -o /dev/null "$(management_url $worker)/q/health/ready"; do sleep 0.2; done

echo "Prefer: wait, full Azure mode, ${DELAY_MS:-5} ms each way, JVM; $(date -u +%F), $(nproc) cores"
java src/bench/PreferWaitBench.java "http://127.0.0.1:$worker" "http://127.0.0.1:$worker" "$(management_url $worker)" 50 "$clients" > /dev/null # warm-up
echo "same instance:"
java src/bench/PreferWaitBench.java "http://127.0.0.1:$worker" "http://127.0.0.1:$worker" "$(management_url $worker)" "$jobs" "$clients"
echo "other instance (api-only answers, worker processes):"
java src/bench/PreferWaitBench.java "http://127.0.0.1:$api" "http://127.0.0.1:$api" "$(management_url $api)" "$jobs" "$clients"
