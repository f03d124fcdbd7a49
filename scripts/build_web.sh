#!/usr/bin/env bash
# Builds the web page into build-web/site/: the SIMD build (build-web/, -msimd128), the
# baseline build (build-web-nosimd/) and the threaded build (build-web-threads/, -msimd128
# -pthread, for a page served cross-origin isolated) of attention_playground, plus web/.
# Serve the result with scripts/serve.py. Needs Debian's emscripten (3.1.6) and the
# third-party sources (fetched here if missing). Usage: scripts/build_web.sh [--jobs N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
if [[ "${1:-}" == "--jobs" && -n "${2:-}" ]]; then jobs=$2; fi

# Debian's emcc needs Node to find its modules (acorn) in Debian's folder.
export NODE_PATH=/usr/share/nodejs

"$root/scripts/fetch_third_party.sh"

configure() {
  local dir=$1
  shift
  # emcmake's default emulator passes a flag Node 20 rejects; wasm programs need no fetch.
  emcmake cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_CROSSCOMPILING_EMULATOR=node;--no-experimental-fetch" "-DAP_LESSON_LINTER=$cli" "$@" >/dev/null
}

# The lessons are linted before they are embedded, by the native attention-cli (built
# here when missing); a lesson with a problem fails the build.
cli="$root/build/src/attention-cli"
if [[ ! -x "$cli" ]]; then
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$root/build" --target attention-cli -j "$jobs"
fi

# -msimd128 must reach every library (the core's kernels above all), hence global flags.
configure "$root/build-web" -DAP_WEB_SIMD=ON -DCMAKE_C_FLAGS=-msimd128 -DCMAKE_CXX_FLAGS=-msimd128
configure "$root/build-web-nosimd" -DAP_WEB_SIMD=OFF -DCMAKE_C_FLAGS= -DCMAKE_CXX_FLAGS=
configure "$root/build-web-threads" -DAP_WEB_SIMD=ON -DAP_WEB_THREADS=ON \
  "-DCMAKE_C_FLAGS=-msimd128 -pthread" "-DCMAKE_CXX_FLAGS=-msimd128 -pthread"
cmake --build "$root/build-web" --target attention_playground ap_wasm_tests -j "$jobs"
cmake --build "$root/build-web-nosimd" --target attention_playground ap_wasm_tests -j "$jobs"
cmake --build "$root/build-web-threads" --target attention_playground ap_wasm_tests -j "$jobs"

site="$root/build-web/site"
rm -rf "$site"
mkdir -p "$site"
cp "$root"/web/*.html "$root"/web/*.css "$root"/web/*.js "$site/"
for dir_name in "build-web:attention_playground_simd" "build-web-nosimd:attention_playground" \
  "build-web-threads:attention_playground_threads"; do
  dir=${dir_name%%:*}
  name=${dir_name##*:}
  for ext in js wasm data worker.js; do
    if [[ -f "$root/$dir/$name.$ext" ]]; then cp "$root/$dir/$name.$ext" "$site/"; fi
  done
done

# The service worker caches exactly this build: its version is a hash of the site's files.
files=$(cd "$site" && ls | grep -v '^sw\.js$' | sort)
version=$(cd "$site" && cat $files | sha256sum | cut -c1-16)
list=$(printf '"./"'; for f in $files; do printf ', "%s"' "$f"; done)
sed -i -e "s/__AP_VERSION__/$version/" -e "s|__AP_FILES__|[$list]|" "$site/sw.js"

echo "site: $site (version $version)"
for build in attention_playground_simd attention_playground attention_playground_threads; do
  total=0
  for f in "$site/$build".{js,wasm,data}; do
    [[ -f "$f" ]] && total=$((total + $(stat -c %s "$f")))
  done
  echo "  $build: $total bytes (.js + .wasm + .data)"
done
