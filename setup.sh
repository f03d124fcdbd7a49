#!/usr/bin/env bash
# Command 1 of the README: installs what is missing, builds the playground (web and native
# command-line tool) and serves it on http://localhost:8000. Safe to run again: a second run
# downloads nothing and rebuilds only what changed. `--no-serve` stops after building;
# `--port N` serves on another port.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
serve=1
port=8000
while (($#)); do
  case "$1" in
    --no-serve) serve=0 ;;
    --port) port="$2"; shift ;;
    *) echo "usage: ./setup.sh [--no-serve] [--port N]" >&2; exit 2 ;;
  esac
  shift
done

bash "$root/scripts/install_deps.sh"
bash "$root/scripts/build_native.sh"
bash "$root/scripts/build_web.sh"

if ((serve)); then
  exec /usr/bin/python3 "$root/scripts/serve.py" "$root/build-web/site" --port "$port"
fi
