#!/usr/bin/env bash
# Fails when a tracked C++ source is not formatted by the repository's .clang-format
# (Debian's clang-format 14). Fix with: clang-format -i FILE…
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files '*.h' '*.cpp' '*.c')
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/ap-format.$$; then
  grep -E '^[^ ].*: (error|warning):' /tmp/ap-format.$$ | cut -d: -f1 | sort -u |
    sed 's/^/not formatted: /'
  rm -f /tmp/ap-format.$$
  echo "clang-format: FAILED (run clang-format -i on the files above)" >&2
  exit 1
fi
rm -f /tmp/ap-format.$$
echo "clang-format: ${#files[@]} files clean"
