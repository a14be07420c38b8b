#!/usr/bin/env bash
# Crash drill (src/bench/CrashDrill.java): N jobs from a concurrent client while the packaged app is SIGKILLed and
# restarted at random moments; then every accepted job must have succeeded with its own result and every idempotency
# key must replay to its job. Exits non-zero on any lost, stuck, failed or wrong job.
#   embedded: the default (record, key and message are one transaction)
#   azure:    full Azure mode on the stand-ins (AzureStandIns: Azurite, the test broker behind TLS, a managed-identity
#             endpoint); the app also halts by itself, with a chance of HALT_CHANCE (0.003) per job, right after
#             recording a job and before sending its message (jobs.drill-halt-before-queueing): the requeue sweep must
#             queue those jobs again
# Needs Node.js/npm and port 5671 for azure. Usage: src/bench/crash-drill.sh [jobs, 3000] [kills, 5] [embedded|azure]
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${3:-embedded}
./mvnw -q -B -DskipTests package
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1), $mode"
drill_opts=()
if [ "$mode" = azure ]; then
  ./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
  env_file=$(mktemp)
  java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.github.asyncjobs.testing.AzureStandIns "$env_file" > target/crash-drill-standins.log 2>&1 &
  standins=$!
  trap 'kill $standins 2>/dev/null; wait 2>/dev/null || true; rm -f "$env_file"' EXIT
  until [ -s "$env_file" ]; do kill -0 $standins || { cat target/crash-drill-standins.log; exit 1; }; sleep 0.2; done
  # shellcheck disable=SC1090
  source "$env_file"
  trust=(-Djavax.net.ssl.trustStore="$TRUST_STORE" -Djavax.net.ssl.trustStorePassword="$TRUST_STORE_PASSWORD" -Djavax.net.ssl.trustStoreType=PKCS12)
  export SERVICE_OPTS="${trust[*]} -Djobs.drill-halt-before-queueing=${HALT_CHANCE:-0.003}"
  drill_opts=("${trust[@]}")
fi
java "${drill_opts[@]}" src/bench/CrashDrill.java "${1:-3000}" "${2:-5}"
