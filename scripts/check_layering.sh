#!/usr/bin/env bash
# Fails when an #include points upward in the layer order
# server -> parser -> planner -> executor -> storage -> wal -> nodes -> common.
set -euo pipefail
cd "$(dirname "$0")/.."
layers=(common nodes wal storage executor planner parser server)
rank() { local i; for i in "${!layers[@]}"; do [[ ${layers[$i]} == "$1" ]] && echo "$i" && return; done; echo -1; }
status=0
for ((i = 0; i < ${#layers[@]}; i++)); do
  layer=${layers[$i]}
  [[ -d $layer ]] || continue
  while IFS=: read -r file line text; do
    target=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$text")
    r=$(rank "$target")
    if (( r > i )); then
      echo "layering: $file:$line includes $target/ from $layer/ (upward)" >&2
      status=1
    fi
  done < <(grep -rn --include='*.h' --include='*.cpp' -E '^#include "[a-z_]+/' "$layer" || true)
done
exit $status
