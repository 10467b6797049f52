#!/usr/bin/env bash
# Installs the Debian 12 packages Hyrax needs to build, run and test, when any is missing.
# Used by run.sh and test.sh; safe to run repeatedly (does nothing when all are present).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libpg-query-dev libprotobuf-c-dev
  libboost-dev libssl-dev libspdlog-dev libfmt-dev
  libgtest-dev googletest
  clang-format
  python3 python3-psycopg2 python3-psycopg
  postgresql-client-15 postgresql-15
  openssl procps
)
if [[ "${1:-}" == "--print" ]]; then
  printf '%s\n' "${PACKAGES[@]}"
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi
echo "install_deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# postgresql-15's postinst creates a default cluster on some set-ups; we never use it.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
