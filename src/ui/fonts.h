// The font registry: DejaVu Sans for prose and widgets, DejaVu Sans Mono for numbers and
// matrices, both rasterised at 16 px × the display scale with the glyph ranges
// of glyph_ranges.h (Latin-1, Greek, sub/superscripts, arrows, operators). Loaded by the
// platform layer (or a test) into the current ImGui context's atlas, where the two are
// found again: no globals.
#pragma once

#include <string>

struct ImFont;

namespace ap {

// The default proportional font (also ImGui's default font once loaded).
ImFont* font_ui();
// The monospaced font for numbers and matrices; the default font if it failed to load.
ImFont* font_mono();

// Clears the ImGui font atlas and loads DejaVuSans.ttf and DejaVuSansMono.ttf from `dir`
// at 16 × scale px; falls back to ImGui's built-in font if a file is missing. Must be
// called outside a frame; the renderer's font texture must be rebuilt afterwards.
// Returns false when the DejaVu files could not be read.
bool fonts_load(const std::string& dir, float scale);

}  // namespace ap
