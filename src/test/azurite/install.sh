#!/usr/bin/env bash
# Installs Azurite (the versions package-lock.json pins) into the folder given, once. The build starts this in the
# background at its first phase, so that npm's half minute overlaps compiling; a test that needs Azurite waits for it
# (testing.azure.Azurite), and runs it itself when the tests run without that build step (an IDE).
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../npm-install.sh" "$here" "$1"
