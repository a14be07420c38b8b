#!/bin/sh
# azd hook (prepackage and predeploy, azure.yaml): builds the native executable that
# src/main/docker/Dockerfile.native-micro copies into the image (target/*-runner), inside a Mandrel builder container,
# so that only Docker (or Podman) is needed. Skipped when the executable is newer than pom.xml and every file under
# src/main, so `azd up` (package, then deploy) builds once. FORCE_NATIVE_BUILD=true builds anyway.
# The image is linux/amd64 (azure.yaml): on another architecture the builder container runs as amd64 under emulation.
set -eu
cd "$(dirname "$0")/../.."
./infra/hooks/check-settings.sh

runner=$(ls -t target/*-runner 2>/dev/null | head -n 1 || true)
if [ -n "$runner" ] && [ "${FORCE_NATIVE_BUILD:-false}" != "true" ] \
    && [ -z "$(find pom.xml src/main -newer "$runner" -type f | head -n 1)" ]; then
  echo "Native executable $runner is up to date; not rebuilding (FORCE_NATIVE_BUILD=true to force)."
  exit 0
fi

platform=""
case "$(uname -m)" in
  x86_64 | amd64) ;;
  *)
    echo "This machine is $(uname -m): building the linux/amd64 executable in an emulated amd64 builder container (slower)."
    platform="-Dquarkus.native.container-runtime-options=--platform=linux/amd64"
    ;;
esac

echo "Building the native executable (several minutes; needs Docker or Podman for the Mandrel builder image)..."
# shellcheck disable=SC2086 # $platform is one option or none
./mvnw -B package -Dnative -Dquarkus.native.container-build=true $platform -DskipTests
