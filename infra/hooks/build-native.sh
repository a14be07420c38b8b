#!/bin/sh
# azd hook (prepackage and predeploy, azure.yaml): builds the native executable that
# src/main/docker/Dockerfile.native-micro copies into the image (target/*-runner), inside a Mandrel builder container,
# so that only Docker (or Podman) is needed. Skipped when the executable is newer than pom.xml and every file under
# src/main, so `azd up` (package, then deploy) builds once. FORCE_NATIVE_BUILD=true builds anyway.
set -eu
cd "$(dirname "$0")/../.."

runner=$(ls -t target/*-runner 2>/dev/null | head -n 1 || true)
if [ -n "$runner" ] && [ "${FORCE_NATIVE_BUILD:-false}" != "true" ] \
    && [ -z "$(find pom.xml src/main -newer "$runner" -type f | head -n 1)" ]; then
  echo "Native executable $runner is up to date; not rebuilding (FORCE_NATIVE_BUILD=true to force)."
  exit 0
fi

echo "Building the native executable (several minutes; needs Docker or Podman for the Mandrel builder image)..."
./mvnw -B package -Dnative -Dquarkus.native.container-build=true -DskipTests
