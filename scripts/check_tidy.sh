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
# It exits 1 when it has findings; any other failure (killed, crashed) must not pass as clean.
rc=0
run-clang-tidy-14 -p "$build" -quiet -extra-arg=-Wno-unknown-warning-option -j "$(nproc)" "^$root/(src|bench)/" >"$log" 2>&1 || rc=$?
# clang-tidy colours its output even into a file: strip the escapes before matching.
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^/.*: (warning|error): ' | sort -u || true)
if [[ -n $findings ]]; then
  echo "$findings"
  echo "clang-tidy: FAILED ($(wc -l <<<"$findings") findings)" >&2
  rm -f "$log"
  exit 1
fi
if ((rc != 0)); then
  tail -20 "$log"
  echo "clang-tidy: run-clang-tidy exited with $rc and printed no finding: it did not finish" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
echo "clang-tidy: no findings (checks from .clang-tidy)"
