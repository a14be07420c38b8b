#!/usr/bin/env bash
# Outage drill (io.github.asyncjobs.testing.OutageDrill in the test sources): the packaged app under load from
# concurrent clients while its dependencies go away for a phase each; then every job answered 202 must have succeeded
# with its own result, and no job may have been made without a 202. Exits non-zero otherwise.
#   embedded: another process holds the database's write lock
#   azure:    full Azure mode on the stand-ins; the Service Bus broker stops, then Azurite (Blob Storage) stops
# Needs Node.js/npm (Azurite) and port 5671 for azure. Usage: src/bench/outage-drill.sh embedded|azure [seconds per phase, 10] [clients, 8]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -DskipTests package
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.github.asyncjobs.testing.OutageDrill "${1:-embedded}" "${2:-10}" "${3:-8}"
