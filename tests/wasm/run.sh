#!/usr/bin/env bash
# Runs one wasm build of the core tests (tests/wasm) under Node; exits 77 (CTest: skipped)
# when scripts/build_web.sh has not built it. Usage: run.sh path/to/ap_wasm_tests.js
set -euo pipefail
if [[ ! -f "$1" ]]; then
  echo "not built: $1 (run scripts/build_web.sh)"
  exit 77
fi
# Emscripten 3.1.6 would fetch() the .wasm path, which Node 20 refuses (TOOLCHAIN.md, 5).
exec node --no-experimental-fetch "$1"
