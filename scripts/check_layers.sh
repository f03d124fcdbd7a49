#!/usr/bin/env bash
# The include graph is the architecture (DESIGN.md): each folder of src/ is a layer and may
# include only its own headers and those of the layers below it. This script fails when a
# file includes a header of a layer above its own, or a platform library (Emscripten, GLFW,
# GL, ImGui) it must not know, or keeps a mutable function-local static, and prints the
# lines of code per layer so growth is visible.
# Usage: scripts/check_layers.sh   (exit 1 on a violation)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/src"

# Rank of each layer, lowest first. Layers of equal rank are siblings and may not include
# each other, except where allowed below (ui draws through gfx). cli and bench sit beside
# the app on the same libraries: they may use every layer up to lessons, none of the UI.
declare -A rank=([core]=0 [models]=1 [state]=2 [app]=3 [lessons]=4 [cli]=5 [bench]=5
                 [gfx]=5 [ui]=6 [platform]=7)
# Third-party headers a layer must not see: only ui/gfx/platform draw, only platform
# knows the browser or the window system.
declare -A forbidden=(
  [core]='imgui|GLFW/|GL/|GLES|emscripten|nlohmann|md4c'
  [models]='imgui|GLFW/|GL/|GLES|emscripten|nlohmann|md4c'
  [state]='imgui|GLFW/|GL/|GLES|emscripten|md4c'
  [app]='imgui|GLFW/|GL/|GLES|emscripten|md4c'
  [lessons]='imgui|GLFW/|GL/|GLES|emscripten'
  [cli]='imgui|GLFW/|GL/|GLES|emscripten'
  [bench]='imgui|GLFW/|GL/|GLES|emscripten'
  [gfx]='imgui|GLFW/|emscripten'
  [ui]='GLFW/|GL/|GLES|emscripten'
  [platform]='^$')

# Known violations with the issue that removes them (scripts/layer_exceptions.txt).
declare -A known=()
while read -r file header; do
  [[ -z $file || $file == \#* ]] || known["$file $header"]=0
done <"$root/scripts/layer_exceptions.txt"

violations=0
while IFS= read -r file; do
  layer=${file%%/*}
  [[ -n ${rank[$layer]:-} ]] || { echo "unknown layer folder: src/$layer"; violations=1; continue; }
  while IFS= read -r line; do
    header=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"].*/\1/' <<<"$line")
    target=${header%%/*}
    if [[ $header == */* && -n ${rank[$target]:-} && $target != "$layer" ]]; then
      allowed=0
      ((rank[$target] < rank[$layer])) && allowed=1
      [[ $layer == ui && $target == gfx ]] && allowed=1
      [[ $target == cli || $target == bench ]] && allowed=0
      if ((!allowed)) && [[ -n ${known["src/$file $header"]:-} ]]; then
        echo "known (scripts/layer_exceptions.txt): src/$file includes \"$header\""
        known["src/$file $header"]=1
      elif ((!allowed)); then
        echo "src/$file includes \"$header\": $layer may not include $target"
        violations=1
      fi
    elif [[ $header =~ ${forbidden[$layer]} && ${forbidden[$layer]} != '^$' ]]; then
      echo "src/$file includes <$header>, which the $layer layer must not know"
      violations=1
    fi
  done < <(grep -E '^[[:space:]]*#[[:space:]]*include' "$file" || true)
done < <(find . -type f \( -name '*.h' -o -name '*.cpp' -o -name '*.c' \) | sed 's|^\./||' | sort)

for entry in "${!known[@]}"; do
  if ((known[$entry] == 0)); then
    echo "stale line in scripts/layer_exceptions.txt (the include is gone, delete it): $entry"
    violations=1
  fi
done

# No globals outside main (DESIGN.md): what the program knows lives in the one Program the
# platform's main creates. A mutable function-local static is a global by another name, so
# none may appear in src/; namespace-scope ones are clang-tidy's
# cppcoreguidelines-avoid-non-const-global-variables (.clang-tidy), outside the web main.
statics=$(grep -rnP '^\s+static\s+(?!const\b|constexpr\b|inline\b|void\b)[^()=;{]*[=;{]' \
            --include='*.h' --include='*.cpp' . | grep -v 'static_assert' || true)
if [[ -n $statics ]]; then
  echo "$statics"
  echo "mutable function-local statics: keep the state in the Program (lessons/program.h)"
  violations=1
fi

echo "lines of code per layer (src/, .h + .cpp):"
for layer in core models state app lessons cli bench gfx ui platform; do
  [[ -d $layer ]] || continue
  n=$(find "$layer" -type f \( -name '*.h' -o -name '*.cpp' \) -print0 | xargs -0 cat | wc -l)
  printf '  %-9s %6d\n' "$layer" "$n"
done
if ((violations)); then
  echo "include graph: FAILED (core ← models ← state ← app ← lessons ← {ui, gfx} ← platform)" >&2
  exit 1
fi
echo "include graph: ok (core ← models ← state ← app ← lessons ← {ui, gfx} ← platform)"
