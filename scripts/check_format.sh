#!/usr/bin/env bash
# Runs clang-format --dry-run -Werror over C++ files changed relative to origin/main (or
# HEAD~1 when there is no remote), or over every file with --all; names each file that
# needs `clang-format -i`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--all" ]]; then
  mapfile -t files < <(git ls-files '*.h' '*.cpp')
else
  base=$(git rev-parse -q --verify origin/main 2>/dev/null || git rev-parse -q --verify HEAD~1 2>/dev/null || true)
  if [[ -z "$base" ]]; then
    mapfile -t files < <(git ls-files '*.h' '*.cpp')
  else
    mapfile -t files < <({ git diff --name-only --diff-filter=ACMR "$base" -- '*.h' '*.cpp';
                           git ls-files --others --exclude-standard '*.h' '*.cpp'; } | sort -u)
  fi
fi
[[ ${#files[@]} -eq 0 ]] && exit 0
status=0
for f in "${files[@]}"; do
  [[ -f $f ]] || continue
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "check_format: $f needs clang-format -i" >&2
    status=1
  fi
done
exit $status
