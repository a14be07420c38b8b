#!/usr/bin/env bash
# Installs what the console's browser tests need into the folder given, once: Debian's chromium package where it is
# missing (Playwright's own browser download does not work without the open internet), then playwright-core and
# axe-core (the versions package-lock.json pins; playwright-core downloads no browser). The build starts this in the
# background at its first phase, like Azurite's install; ConsoleIT waits for it, and skips itself, saying why, if there
# is no browser in the end (a machine where apt-get cannot install one).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$1
mkdir -p "$home"
[ -f "$home/installed" ] && exit 0
echo $$ > "$home/installing" # until npm-install.sh is done: the browser's install comes first
if ! command -v chromium > /dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >> "$home/install.log" 2>&1 \
      || { apt-get update -q >> "$home/install.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >> "$home/install.log" 2>&1; }
  else
    echo "chromium is missing and cannot be installed here (needs root and apt-get)" >> "$home/install.log"
  fi
fi
exec bash "$here/../npm-install.sh" "$here" "$home"
