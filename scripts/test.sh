#!/usr/bin/env bash
# The whole test suite: installs missing packages, builds, checks layering and formatting,
# and runs every test through ctest (unit tests, SQL tests against a server started on a
# free port, crash tests, and the conformance suites when ../shared is present).
# Ends with ctest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install_deps.sh
./scripts/check_layering.sh
./scripts/check_format.sh
./scripts/build.sh
BUILD_DIR=${HYRAX_BUILD_DIR:-build}
cd "$BUILD_DIR"
ctest --output-on-failure -j"$(nproc)" "$@"
