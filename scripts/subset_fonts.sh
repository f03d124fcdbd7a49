#!/usr/bin/env bash
# Subsets the DejaVu fonts the page embeds to the code points of src/ui/glyph_ranges.h (the
# ranges the ImGui atlas loads; nothing outside them is ever drawn) with fonttools'
# pyftsubset (Debian package fonttools), dropping what Dear ImGui's rasteriser never reads
# (hinting, OpenType layout tables). Prints the bytes before and after.
# Usage: scripts/subset_fonts.sh FONT_DIR OUT_DIR RANGES_HEADER
set -euo pipefail
in_dir=$1
out_dir=$2
header=$3
mkdir -p "$out_dir"

# "0x0020, 0x00FF," pairs of the table → "20-FF,370-3FF,…" for --unicodes.
unicodes=$(grep -oE '^ *0x[0-9A-Fa-f]+, *0x[0-9A-Fa-f]+' "$header" |
  sed -E 's/ *0x([0-9A-Fa-f]+), *0x([0-9A-Fa-f]+)/\1-\2/' | paste -sd, -)
if [[ -z "$unicodes" ]]; then
  echo "subset_fonts: no ranges found in $header" >&2
  exit 1
fi

for font in DejaVuSans.ttf DejaVuSansMono.ttf; do
  pyftsubset "$in_dir/$font" --unicodes="$unicodes" --output-file="$out_dir/$font.tmp" \
    --layout-features= --no-hinting --notdef-outline --name-IDs= --drop-tables+=DSIG
  mv "$out_dir/$font.tmp" "$out_dir/$font"
  echo "subset_fonts: $font $(stat -c %s "$in_dir/$font") -> $(stat -c %s "$out_dir/$font") bytes"
done
