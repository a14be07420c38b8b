#!/usr/bin/env bash
# Crash drill on the embedded default (src/bench/CrashDrill.java): N jobs from a concurrent client while the packaged
# app is SIGKILLed and restarted at random moments; then every accepted job must have succeeded with its own result
# and every idempotency key must replay to its job. Exits non-zero on any lost, stuck, failed or wrong job.
# Usage: src/bench/crash-drill.sh [jobs, default 3000] [kills, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
java src/bench/CrashDrill.java "${1:-3000}" "${2:-5}"
