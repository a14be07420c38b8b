#!/usr/bin/env bash
# Installs Azurite (the versions package-lock.json pins) into the folder given, once. The build starts this in the
# background at its first phase, so that npm's half minute overlaps compiling; a test that needs Azurite waits for it
# (testing.azure.Azurite), and runs it itself when the tests run without that build step (an IDE).
set -euo pipefail
home=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$home"
[ -f "$home/installed" ] && exit 0
echo $$ > "$home/installing"
trap 'rm -f "$home/installing"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$home/"
cd "$home"
npm ci --no-audit --no-fund --loglevel=error >> install.log 2>&1
touch installed
