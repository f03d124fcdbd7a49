#!/usr/bin/env bash
# Configures and builds the native tree in build/: the core, attention-cli, the doctest
# suite and (when a display library is present) the desktop playground.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" -j"$(nproc)"
