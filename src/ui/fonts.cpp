// The font registry (fonts.h): loads DejaVu Sans and DejaVu Sans Mono into the ImGui font
// atlas at the display scale. The mono font has DejaVu Sans merged in for the symbols it
// lacks, so a matrix cell never shows '?'. Knows ImGui only; the caller picks the folder.
#include "ui/fonts.h"

#include <cmath>
#include <cstdio>

#include "imgui.h"

namespace ap {
namespace {

constexpr float kBaseFontPx = 16.0f;

ImFont* g_ui = nullptr;
ImFont* g_mono = nullptr;
float g_size_px = kBaseFontPx;

// Pairs of inclusive ranges, zero-terminated; the atlas keeps a pointer, so static.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement (×, ÷, ·, ±, ², ³)
    0x0370, 0x03FF,  // Greek (α, σ, θ, Σ)
    0x1D40, 0x1D40,  // ᵀ (modifier capital T, for qᵀk)
    0x2000, 0x206F,  // General punctuation (–, —, ‖, …, thin spaces)
    0x2070, 0x209F,  // Superscripts and subscripts (q₂, k₃, x⁻¹)
    0x2190, 0x21FF,  // Arrows (→, ←, ⇒)
    0x2200, 0x22FF,  // Mathematical operators (√, ∑, −, ∞, ≤, ⋅)
    0x25A0, 0x25FF,  // Geometric shapes (▶, ▼, ●) for compact controls
    0x2713, 0x2717,  // Check marks and crosses (✓, ✗) for lesson goals
    0,
};

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
