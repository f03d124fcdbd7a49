// The font registry (fonts.h): loads DejaVu Sans and DejaVu Sans Mono into the ImGui font
// atlas at the display scale. The mono font has DejaVu Sans merged in for the symbols it
// lacks, so a matrix cell never shows '?'. Knows ImGui only; the caller picks the folder.
// The fonts are found in the atlas of the current ImGui context (no globals): the UI font
// is the atlas's first font, the mono font its second when that loaded.
#include "ui/fonts.h"

#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "ui/glyph_ranges.h"

namespace ap {
namespace {

constexpr float kBaseFontPx = 16.0f;

constexpr int kUiIndex = 0, kMonoIndex = 1;  // positions in ImGui::GetIO().Fonts->Fonts

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
  const ImVector<ImFont*>& fonts = ImGui::GetIO().Fonts->Fonts;
  return fonts.Size > kUiIndex ? fonts[kUiIndex] : ImGui::GetFont();
}
ImFont* font_mono() {
  const ImVector<ImFont*>& fonts = ImGui::GetIO().Fonts->Fonts;
  return fonts.Size > kMonoIndex ? fonts[kMonoIndex] : font_ui();
}

bool fonts_load(const std::string& dir, float scale) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  const float size_px = std::round(kBaseFontPx * scale);
  const ImFontConfig cfg = font_config(scale);
  const std::string sans = dir + "/DejaVuSans.ttf";

  // Fonts[kUiIndex]: DejaVu Sans, or ImGui's built-in font when it is missing.
  ImFont* ui = load_ttf(sans, size_px, cfg);
  const bool ui_loaded = ui != nullptr;
  if (!ui_loaded) {
    std::fprintf(stderr, "fonts: %s not found, using ImGui's built-in font\n", sans.c_str());
    ImFontConfig fallback;
    fallback.SizePixels = std::round(13.0f * scale);
    ui = atlas->AddFontDefault(&fallback);
  }
  // Fonts[kMonoIndex]: DejaVu Sans Mono when present.
  const ImFont* mono = load_ttf(dir + "/DejaVuSansMono.ttf", size_px, cfg);
  if (mono && ui_loaded) {
    ImFontConfig merge = cfg;
    merge.MergeMode = true;  // only glyphs the mono font lacks are added
    load_ttf(sans, size_px, merge);
  }
  ImGui::GetIO().FontDefault = ui;
  return ui_loaded && mono;
}

}  // namespace ap
