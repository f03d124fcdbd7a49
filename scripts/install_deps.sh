#!/usr/bin/env bash
# Installs what the project needs on a Debian 12 machine, and nothing when it is all there:
# Debian packages (compilers, Emscripten, header-only libraries, fonttools, Chromium,
# NumPy), the third-party sources (Dear ImGui, md4c) and the npm packages of the browser tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  g++ cmake make git ca-certificates xz-utils
  clang libclang-rt-14-dev                         # libFuzzer + sanitizers
  clang-format clang-tidy                          # CI gates (format, lint)
  emscripten                                       # web build
  libeigen3-dev doctest-dev nlohmann-json3-dev     # header-only libraries
  libglfw3-dev libgl-dev fonts-dejavu-core         # desktop build, embedded fonts
  fonttools                                        # pyftsubset: fonts subset for the page
  chromium python3 python3-numpy                   # browser tests, NumPy reference
)

# Node.js and npm may come from elsewhere on the machine; Debian's only when absent.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash "$root/scripts/fetch_third_party.sh"

# npm packages of the browser tests, reinstalled only when the lock file changed.
browser="$root/tests/browser"
if [[ -f "$browser/package-lock.json" ]]; then
  stamp="$browser/node_modules/.lock-stamp"
  if ! cmp -s "$browser/package-lock.json" "$stamp" 2>/dev/null; then
    (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$browser/package-lock.json" "$stamp"
  fi
fi
