#!/usr/bin/env bash
# Installs the npm packages that the package-lock.json in the folder given pins, into the home folder given, once:
# npm ci, with a marker for those who wait (`installing` while under way, then `installed`, or `failed` with install.log).
# The build runs it in the background at its first phase, so that npm's half minute overlaps compiling.
# Usage: npm-install.sh <folder with package.json and package-lock.json> <home>
set -uo pipefail
packages=$(cd "$1" && pwd)
home=$2
mkdir -p "$home"
[ -f "$home/installed" ] && exit 0
echo $$ > "$home/installing"
trap 'rm -f "$home/installing"' EXIT
cp "$packages/package.json" "$packages/package-lock.json" "$home/"
(cd "$home" && npm ci --no-audit --no-fund --loglevel=error) >> "$home/install.log" 2>&1 || { touch "$home/failed"; exit 1; }
touch "$home/installed"
