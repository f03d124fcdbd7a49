#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang-14 under ASan + UBSan in
# build-fuzz/ and runs them on copies of tests/fuzz/corpus/ for SECONDS in total (default
# 240), shared equally, so adding a target does not stretch CI's time budget. Each input
# must finish within 5 s (libFuzzer -timeout) and 2 GB. Exits non-zero on any crash,
# timeout, leak or out-of-memory, printing the reproducer.
# Usage: scripts/run_fuzzers.sh [SECONDS]; FUZZ_ARGS adds libFuzzer flags (e.g. -jobs=2).
set -euo pipefail
total=${1:-240}
kinds=(json url lesson js_api)
seconds=$((total / ${#kinds[@]}))
((seconds >= 1)) || seconds=1
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-fuzz"

# The whole project carries coverage and sanitizers; only the fuzz targets link libFuzzer.
san_flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
san_flags+=" -fno-omit-frame-pointer -O1"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_C_FLAGS="$san_flags" -DCMAKE_CXX_FLAGS="$san_flags" \
  -DAP_BUILD_TESTS=ON -DAP_BUILD_FUZZERS=ON >/dev/null
cmake --build "$build" --target fuzz_state_json fuzz_state_url fuzz_lesson fuzz_js_api -j "$(nproc)"

export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
for kind in "${kinds[@]}"; do
  target="fuzz_state_$kind"
  [[ $kind == lesson || $kind == js_api ]] && target=fuzz_$kind
  corpus="$build/fuzz-corpus/$kind"
  artifacts="$build/fuzz-artifacts/$kind"
  log="$build/fuzz-$kind.log"
  # Work on a copy so the seeds in the repository stay small and hand-written.
  rm -rf "$corpus" "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  cp "$root/tests/fuzz/corpus/$kind/"* "$corpus/"
  dict=()
  if [[ -f "$root/tests/fuzz/$kind.dict" ]]; then dict=(-dict="$root/tests/fuzz/$kind.dict"); fi

  echo "== $target for ${seconds}s (log: $log)"
  rc=0
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" ${FUZZ_ARGS:-} "$corpus" \
    >"$log" 2>&1 || rc=$?
  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true

  mapfile -t found < <(find "$artifacts" -type f)
  if ((rc != 0 || ${#found[@]} > 0)); then
    failed=1
    echo "!! $target failed (exit $rc); last lines of the log:"
    tail -n 40 "$log"
    for f in "${found[@]}"; do
      echo "!! reproducer: $f"
      echo "   rerun: $build/tests/fuzz/$target $f"
    done
  fi
done

if ((failed)); then
  echo "fuzzing found problems" >&2
  exit 1
fi
echo "fuzzing: no crash in ${seconds}s per target (${#kinds[@]} targets, ${total}s budget)"
