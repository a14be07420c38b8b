#!/usr/bin/env bash
# Puts MSAL.js (the version package-lock.json pins) among the console's static files, for its Entra ID sign-in: npm ci
# into the work folder given (once per lock file), then a copy of the library's browser build and its licence.
# The build runs it at process-resources. Without npm (or its registry) the service still builds and runs, and a console
# that needs sign-in says that this build lacks the library.
# Usage: bundle.sh <work folder> <console's static folder in the build output>
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$1
vendor=$2/vendor
lock=$(sha256sum "$here/package-lock.json" | cut -c1-16)
if [ ! -f "$work/installed-$lock" ]; then
  if ! command -v npm > /dev/null; then
    echo "[WARNING] npm is missing: the console is built without its sign-in library (MSAL.js); install Node.js 20 to bundle it" >&2
    exit 0
  fi
  rm -rf "$work" && mkdir -p "$work"
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  if ! (cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) > "$work/install.log" 2>&1; then
    echo "[WARNING] npm ci failed ($work/install.log): the console is built without its sign-in library (MSAL.js)" >&2
    exit 0
  fi
  touch "$work/installed-$lock"
fi
mkdir -p "$vendor"
cp "$work/node_modules/@azure/msal-browser/lib/msal-browser.min.js" "$vendor/"
cp "$work/node_modules/@azure/msal-browser/LICENSE" "$vendor/msal-browser.LICENSE.txt"
