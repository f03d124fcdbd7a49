// The font registry (fonts.h): loads DejaVu Sans and DejaVu Sans Mono into the ImGui font
// atlas at the display scale. The mono font has DejaVu Sans merged in for the symbols it
// lacks, so a matrix cell never shows '?'. Knows ImGui only; the caller picks the folder.
#include "ui/fonts.h"

#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "ui/glyph_ranges.h"

namespace ap {
namespace {

constexpr float kBaseFontPx = 16.0f;

ImFont* g_ui = nullptr;
ImFont* g_mono = nullptr;
float g_size_px = kBaseFontPx;

static_assert(sizeof(ImWchar) == sizeof(kGlyphRanges[0]), "glyph_ranges.h matches ImWchar");

bool file_readable(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  std::fclose(f);
  return true;
}

// Oversampling sharpens sub-pixel placement at small sizes; at 2× and above it only
// grows the atlas.
ImFontConfig font_config(float scale) {
  ImFontConfig cfg;
  cfg.OversampleH = scale >= 1.75f ? 1 : 2;
  cfg.OversampleV = 1;
  return cfg;
}

ImFont* load_ttf(const std::string& path, float size_px, const ImFontConfig& cfg) {
  if (!file_readable(path)) return nullptr;
  return ImGui::GetIO().Fonts->AddFontFromFileTTF(path.c_str(), size_px, &cfg, kGlyphRanges);
}

}  // namespace

ImFont* font_ui() {
  return g_ui ? g_ui : ImGui::GetFont();
}
ImFont* font_mono() {
  return g_mono ? g_mono : font_ui();
}
float font_size_px() {
  return g_size_px;
}

bool fonts_load(const std::string& dir, float scale) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  g_size_px = std::round(kBaseFontPx * scale);
  const ImFontConfig cfg = font_config(scale);
  const std::string sans = dir + "/DejaVuSans.ttf";

  g_ui = load_ttf(sans, g_size_px, cfg);
  g_mono = load_ttf(dir + "/DejaVuSansMono.ttf", g_size_px, cfg);
  if (g_mono && g_ui) {
    ImFontConfig merge = cfg;
    merge.MergeMode = true;  // only glyphs the mono font lacks are added
    load_ttf(sans, g_size_px, merge);
  }
  const bool loaded = g_ui && g_mono;
  if (!g_ui) {
    std::fprintf(stderr, "fonts: %s not found, using ImGui's built-in font\n", sans.c_str());
    ImFontConfig fallback;
    fallback.SizePixels = std::round(13.0f * scale);
    g_ui = atlas->AddFontDefault(&fallback);
  }
  ImGui::GetIO().FontDefault = g_ui;
  return loaded;
}

}  // namespace ap
