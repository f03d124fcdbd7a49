#!/usr/bin/env bash
# Runs clang-tidy 14 with the repository's .clang-tidy over every project source of the
# native build (src/ and bench/; the tests are left out to keep CI short) and fails on any finding. Needs build/ configured
# (scripts/build_native.sh writes build/compile_commands.json). GCC-only flags in the
# compile commands (-Wno-restrict) are unknown to clang: that one diagnostic is silenced.
# Usage: scripts/check_tidy.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[[ -f $build/compile_commands.json ]] || { echo "no $build/compile_commands.json: build first" >&2; exit 2; }
log=$(mktemp)
# Sources of our own only: third-party files are compiled with -w and are not ours to fix.
run-clang-tidy-14 -p "$build" -quiet -extra-arg=-Wno-unknown-warning-option -j "$(nproc)" "^$root/(src|bench)/" >"$log" 2>&1 || true
# clang-tidy colours its output even into a file: strip the escapes before matching.
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^/.*: (warning|error): ' | sort -u || true)
if [[ -n $findings ]]; then
  echo "$findings"
  echo "clang-tidy: FAILED ($(wc -l <<<"$findings") findings)" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
echo "clang-tidy: no findings (checks from .clang-tidy)"
