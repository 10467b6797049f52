#!/usr/bin/env bash
# Quick start: installs missing packages, builds, initialises ./data on first run and starts
# the server in the foreground on port 5432 (override with HYRAX_PORT / HYRAX_DATA).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install_deps.sh
./scripts/build.sh hyrax
BUILD_DIR=${HYRAX_BUILD_DIR:-build}
DATA=${HYRAX_DATA:-./data}
PORT=${HYRAX_PORT:-5432}
if [[ ! -f "$DATA/hyrax.conf" ]]; then
  "$BUILD_DIR/hyrax" init -D "$DATA"
fi
exec "$BUILD_DIR/hyrax" start -D "$DATA" -p "$PORT" "$@"
