#!/usr/bin/env bash
# The noisy-neighbour drill (NoisyNeighbourDrill.java): caller B's 100 jobs alone, then behind caller A's 20,000, in
# one packaged JVM instance (both roles) with token checks on (EntraIdStandIn issues A's and B's tokens). A's limits are
# raised for the drill (jobs.limits.callers.<A's oid>.*); B keeps the defaults.
#   embedded  the embedded default (SQLite store, embedded queue served callers in turn)
#   azure     full Azure mode on the stand-ins (Azurite over HTTPS with OAuth, the Service Bus test broker with sessions,
#             a local managed-identity endpoint; DELAY_MS each way, default 5), as src/bench/azure.sh runs it
# CONCURRENCY sets jobs.processor.concurrency (default 16): with fewer slots processing falls behind A's submissions, so
# that B meets a real backlog (the drill prints how much of A's backlog was still unfinished when B began).
# REQUESTS: the drill's requests at once (default 64); keep it low in azure mode, where Azurite (one Node.js thread,
# about 250 requests/s) is the bottleneck and an overloaded store makes the service hold its work (docs/reliability.md).
# Needs: curl, Node.js/npm (azure). Usage: [CONCURRENCY=16] [REQUESTS=64] [DELAY_MS=5] src/bench/noisy-neighbour.sh [embedded|azure] [backlog, 20000] [B's jobs, 100]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh
mode=${1:-embedded}
backlog=${2:-20000}
b_jobs=${3:-100}
port=18095
work=$(mktemp -d)
./mvnw -q -B -DskipTests package
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

java -cp "$classpath" io.github.asyncjobs.testing.identity.EntraIdStandIn "$work/issuer.env" A B > "$work/issuer.log" 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
until [ -s "$work/issuer.env" ]; do kill -0 "${pids[0]}" || { cat "$work/issuer.log"; exit 1; }; sleep 0.2; done
# shellcheck disable=SC1091
source "$work/issuer.env"
azure=()
if [ "$mode" = azure ]; then
  java -Dstandins.delay-ms="${DELAY_MS:-5}" -cp "$classpath" io.github.asyncjobs.testing.AzureStandIns "$work/azure.env" > "$work/standins.log" 2>&1 &
  pids+=($!)
  until [ -s "$work/azure.env" ]; do kill -0 "${pids[-1]}" || { cat "$work/standins.log"; exit 1; }; sleep 0.2; done
  # shellcheck disable=SC1091
  source "$work/azure.env"
  azure=(-Djavax.net.ssl.trustStore="$TRUST_STORE" -Djavax.net.ssl.trustStorePassword="$TRUST_STORE_PASSWORD" -Djavax.net.ssl.trustStoreType=PKCS12)
fi
limits="jobs.limits.callers.\"$OID_A\""
# Settings after service_flags win: checks on, the default limits back for everyone but A.
java $(service_flags $port) "${azure[@]}" -Djobs.storage.local.data-dir="$work/data" \
  -Djobs.auth.enabled=true -Djobs.auth.issuer="$JOBS_AUTH_ISSUER" -Djobs.auth.audience="$JOBS_AUTH_AUDIENCE" \
  -Djobs.limits.rate=100 -Djobs.limits.burst=200 -Djobs.limits.max-unfinished=10000 \
  -D"$limits.rate=1000000" -D"$limits.burst=1000000" -D"$limits.max-unfinished=1000000" \
  -Djobs.processor.concurrency="${CONCURRENCY:-16}" -Dquarkus.log.level=WARN -jar target/quarkus-app/quarkus-run.jar > "$work/service.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -sf -o /dev/null "$(management_url $port)/q/health/ready" && break; sleep 0.5; done
curl -sf -o /dev/null "$(management_url $port)/q/health/ready" || { tail -20 "$work/service.log"; exit 1; }

echo "Noisy neighbour, $mode$([ "$mode" = azure ] && echo ", ${DELAY_MS:-5} ms each way"), one JVM instance; $(date -u +%F), $(nproc) cores"
java src/bench/NoisyNeighbourDrill.java "http://127.0.0.1:$port" "$TOKEN_A" "$TOKEN_B" "$backlog" "$b_jobs" "${REQUESTS:-64}"
