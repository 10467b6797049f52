#!/usr/bin/env bash
# Configures and builds Hyrax (RelWithDebInfo) into ${HYRAX_BUILD_DIR:-build}. Used by run.sh
# and test.sh; extra arguments are passed to ninja (e.g. a target name).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${HYRAX_BUILD_DIR:-build}
BUILD_TYPE=${HYRAX_BUILD_TYPE:-RelWithDebInfo}
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
fi
ninja -C "$BUILD_DIR" "$@"
