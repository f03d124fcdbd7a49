#!/usr/bin/env bash
# Builds ap_tests, ap_ui_tests and attention-cli with g++ under AddressSanitizer + UBSan in
# build-san/ and runs the native suite through ctest. Fails on any failing test and on any sanitizer
# report, including reports from attention-cli processes that the tests start.
# Usage: scripts/run_sanitized_tests.sh [extra ctest arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-san"

san_flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -O1"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_C_FLAGS="$san_flags" -DCMAKE_CXX_FLAGS="$san_flags" \
  -DAP_BUILD_TESTS=ON -DAP_BUILD_FUZZERS=OFF >/dev/null
cmake --build "$build" --target ap_tests ap_ui_tests attention-cli -j "$(nproc)"

# Every report also goes to a file, so that one from a child process (the CLI run by a
# test, whose stderr the test captures) cannot go unnoticed; abort_on_error makes the
# process die by a signal, which the tests treat as a failure.
reports="$build/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1:log_path=$reports/ubsan"

# The browser tests (label "browser") need the web build; they are not native code.
# The test cases of doctest suite "training" train a model to its full step count (about
# 1,000 s of CPU under ASan, most of this stage); the Release suite of ./test.sh runs them,
# and the sanitizers still see every model's code through the short training tests.
mapfile -t training < <("$build/tests/ap_tests" --test-suite=training --list-test-cases |
  grep -v -e '^\[doctest\]' -e '^=====')
((${#training[@]} > 0)) || { echo "no test case in doctest suite 'training'" >&2; exit 1; }
exclude=""
for name in "${training[@]}"; do
  escaped=$(printf '%s' "$name" | sed 's/[][\\.*^$+?(){}|]/\\&/g')
  exclude+="${exclude:+|}^${escaped}\$"
done
echo "sanitized tests: ${#training[@]} full training runs left to ./test.sh"
rc=0
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -LE browser -E "$exclude" "$@" || rc=$?

mapfile -t found < <(find "$reports" -type f)
if ((${#found[@]} > 0)); then
  for f in "${found[@]}"; do
    echo "!! sanitizer report $f:"
    cat "$f"
  done
  rc=1
fi
if ((rc != 0)); then
  echo "sanitized tests failed" >&2
  exit "$rc"
fi
echo "sanitized tests: all passed, no sanitizer report"
