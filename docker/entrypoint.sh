#!/bin/sh
# Initialises the data directory on first start, then runs the server in the foreground.
set -e
DATA=${HYRAX_DATA:-/var/lib/hyrax/data}
if [ ! -f "$DATA/hyrax.conf" ]; then
  hyrax init -D "$DATA" -U "${HYRAX_SUPERUSER:-postgres}"
  echo "listen_addresses = '*'" >> "$DATA/hyrax.conf"
fi
exec hyrax start -D "$DATA" -p "${HYRAX_PORT:-5432}" "$@"
