#!/usr/bin/env bash
# Fetches the third-party *sources* the build needs from Debian's source archive into
# third_party/ (ignored by git): Dear ImGui 1.86 and md4c 0.4.8. Idempotent: does
# nothing when both are already unpacked. Uses a private apt configuration so the
# system's apt sources are left untouched.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/third_party"
mkdir -p "$dest"

if [[ -f "$dest/imgui/imgui.cpp" && -f "$dest/md4c/src/md4c.c" ]]; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/dl"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" >"$work/src.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/src.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" -qq update
cd "$work/dl"
# The md4c .debian.tar.xz may 404; the .orig tarball is all we need, so failures of the
# other files are tolerated and the tarball's presence is checked instead.
for pkg in imgui md4c; do
  apt-get "${apt_opts[@]}" -qq source --download-only "$pkg" >/dev/null 2>&1 || true
done

imgui_tar=$(ls imgui_*.orig.tar.* 2>/dev/null | head -1 || true)
md4c_tar=$(ls md4c_*.orig.tar.* 2>/dev/null | head -1 || true)
[[ -n "$imgui_tar" ]] || { echo "error: could not download the imgui source package" >&2; exit 1; }
[[ -n "$md4c_tar" ]] || { echo "error: could not download the md4c source package" >&2; exit 1; }

rm -rf "$dest/imgui" "$dest/md4c"
mkdir -p "$dest/imgui" "$dest/md4c"
tar xf "$imgui_tar" -C "$dest/imgui" --strip-components=1
tar xf "$md4c_tar" -C "$dest/md4c" --strip-components=1
echo "fetched Dear ImGui and md4c sources into $dest"
