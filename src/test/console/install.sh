#!/usr/bin/env bash
# Installs what the console's browser tests need into the folder given, once: playwright-core and axe-core (the versions
# package-lock.json pins; playwright-core downloads no browser) and, where it is missing, Debian's chromium package
# (Playwright's own browser download does not work without the open internet). The build starts this in the background
# at its first phase, like Azurite's install; ConsoleIT waits for it, and skips itself, saying why, if there is no
# browser in the end (a machine where apt-get cannot install one).
set -uo pipefail
home=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$home"
[ -f "$home/installed" ] && exit 0
echo $$ > "$home/installing"
trap 'rm -f "$home/installing"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$home/"
(cd "$home" && npm ci --no-audit --no-fund --loglevel=error) >> "$home/install.log" 2>&1 || { touch "$home/failed"; exit 1; }
if ! command -v chromium > /dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >> "$home/install.log" 2>&1 \
      || { apt-get update -q >> "$home/install.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >> "$home/install.log" 2>&1; }
  else
    echo "chromium is missing and cannot be installed here (needs root and apt-get)" >> "$home/install.log"
  fi
fi
touch "$home/installed"
