#!/usr/bin/env bash
# Command 2 of the README: builds and runs every test — the native doctest suite (core,
# state, CLI, NumPy comparison, lessons) and the browser tests in headless Chromium — all
# through CTest, which prints the closing summary line.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)

bash "$root/scripts/install_deps.sh"
bash "$root/scripts/build_native.sh"
bash "$root/scripts/build_web.sh"
cd "$root/build"
ctest --output-on-failure -j2 "$@"
