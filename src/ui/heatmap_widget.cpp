// The heatmap widget (heatmap_widget.h): lays out labels, cells and legend in whole device
// pixels, gets the cells as a texture from gfx/heatmap_gl.h and draws everything else
// (numbers, outlines, labels, legend) with ImDrawList. Colours of text and legend come from
// gfx/colormap.h, the same source as the shader's LUT.
//
// [SECTION] text helpers
// [SECTION] layout
// [SECTION] drawing parts
// [SECTION] the widget
#include "ui/heatmap_widget.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "gfx/heatmap_gl.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/ui_context.h"

namespace ap {
namespace {

constexpr ImU32 kBlack = IM_COL32(0, 0, 0, 255);
constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kHalo = IM_COL32(0, 0, 0, 230);

ImU32 to_u32(const Rgb& c) {
  const auto byte = [](float v) {
    return static_cast<int>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
  };
  return IM_COL32(byte(c[0]), byte(c[1]), byte(c[2]), 255);
}

ImVec2 vec(float x, float y) {
  return ImVec2(x, y);
}

// [SECTION] text helpers
// A leading '-' becomes the minus sign U+2212, and a value that prints as zero loses its
// sign ("-0.00" → "0.00"): a learner should not wonder what negative zero means.
std::string tidy_sign(const char* text) {
  std::string s = text;
  if (s.empty() || s[0] != '-') return s;
  if (s.find_first_of("123456789") == std::string::npos) return s.substr(1);
  return "\xE2\x88\x92" + s.substr(1);
}

std::string format_number(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, v);
  return tidy_sign(buf);
}

// What a cell says: its value, "−∞", or "—" for NaN and +∞ (never "nan"); nothing for a
// masked cell with a finite value (the hatch says it).
std::string cell_text(double v, bool allowed, const char* format) {
  if (v == -INFINITY) return "\xE2\x88\x92\xE2\x88\x9E";
  if (!std::isfinite(v)) return "\xE2\x80\x94";
  if (!allowed) return {};
  return format_number(format, v);
}

float text_width(const ImFont* font, const std::string& s) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, s.c_str()).x;
}

// `s` cut at a UTF-8 character boundary and ended with "…" so that it fits in `max_w`.
std::string fit_text(const ImFont* font, const std::string& s, float max_w) {
  if (text_width(font, s) <= max_w) return s;
  std::string t = s;
  while (!t.empty()) {
    // Drop continuation bytes (10xxxxxx), then the lead byte of the last character.
    while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();
    if (!t.empty()) t.pop_back();
    const std::string cut = t + "\xE2\x80\xA6";
    if (text_width(font, cut) <= max_w) return cut;
  }
  return {};
}

const std::string* label_at(const std::vector<std::string>* labels, int i) {
  return labels && i < static_cast<int>(labels->size()) ? &(*labels)[i] : nullptr;
}

// [SECTION] layout
// Everything in device pixels, on whole pixels so that texture texels, separators and
// outlines land exactly on the screen's pixels.
struct Layout {
  int rows = 0, cols = 0;
  float em = 16, pad = 6, unit = 1;  // font size, gap, outline unit (1 px per 16 px of font)
  float cell = 0;                    // cell edge; whole pixels from 2 px up
  ImVec2 grid_min, grid_max;         // the cells
  float row_label_w = 0;             // 0 without row labels
  bool legend_beside = true;         // else under the cells
  ImVec2 bar_min, bar_max;           // the legend's colour bar
  ImVec2 size;                       // the whole widget
};

struct LegendText {
  std::string lo, hi, mid;  // mid: "0" for the diverging map, else empty
};

LegendText legend_text(const HeatmapRange& range, Colormap map) {
  return {format_number("%.3g", range.lo), format_number("%.3g", range.hi),
          map == Colormap::Diverging ? "0" : ""};
}

Layout compute_layout(const HeatmapSpec& spec, const LegendText& legend, ImVec2 origin) {
  Layout L;
  L.rows = static_cast<int>(spec.values->rows());
  L.cols = static_cast<int>(spec.values->cols());
  L.em = ImGui::GetFontSize();
  L.pad = std::round(0.4f * L.em);
  L.unit = std::max(1.0f, std::round(L.em / 16.0f));
  const float line_h = ImGui::GetTextLineHeight();

  if (spec.row_labels) {
    float widest = 0;
    for (int r = 0; r < L.rows; ++r) {
      if (const std::string* s = label_at(spec.row_labels, r)) {
        widest = std::max(widest, text_width(font_ui(), *s));
      }
    }
    // Long tokens are cut with "…" rather than pushing the cells away.
    if (widest > 0) L.row_label_w = std::ceil(std::min(widest, 8.0f * L.em)) + L.pad;
  }
  const float col_label_h = spec.col_labels ? std::round(line_h + 0.5f * L.pad) : 0.0f;
  const float bar_w = std::round(0.75f * L.em);
  const float legend_text_w =
      std::ceil(std::max(text_width(font_mono(), legend.lo), text_width(font_mono(), legend.hi)));
  const float legend_w = spec.show_legend ? 1.5f * L.pad + bar_w + 0.5f * L.pad + legend_text_w : 0;

  float cell = spec.cell_size;
  if (cell <= 0) {
    const float avail = ImGui::GetContentRegionAvail().x - L.row_label_w - legend_w;
    cell = std::clamp(avail / static_cast<float>(L.cols), 1.0f, 3.5f * L.em);
  }
  if (spec.max_height > 0 && L.rows > 0)
    cell = std::min(cell, (spec.max_height - col_label_h) / static_cast<float>(L.rows));
  cell = std::max(cell, 1.0f);
  L.cell = cell >= 2.0f ? std::floor(cell) : cell;
  const float grid_w = std::round(L.cell * static_cast<float>(L.cols));
  const float grid_h = std::round(L.cell * static_cast<float>(L.rows));
  L.grid_min = vec(origin.x + L.row_label_w, origin.y + col_label_h);
  L.grid_max = vec(L.grid_min.x + grid_w, L.grid_min.y + grid_h);
  L.size = vec(L.grid_max.x - origin.x, L.grid_max.y - origin.y);
  if (!spec.show_legend) return L;

  // Beside the cells when they are tall enough for the hi / 0 / lo labels, else under.
  L.legend_beside = grid_h >= 3.0f * line_h;
  if (L.legend_beside) {
    L.bar_min = vec(L.grid_max.x + std::round(1.5f * L.pad), L.grid_min.y);
    L.bar_max = vec(L.bar_min.x + bar_w, L.grid_max.y);
    L.size.x = L.bar_max.x + std::round(0.5f * L.pad) + legend_text_w - origin.x;
  } else {
    const float bar_len = std::clamp(grid_w, 8.0f * L.em, 16.0f * L.em);
    L.bar_min = vec(L.grid_min.x, L.grid_max.y + L.pad);
    L.bar_max = vec(L.bar_min.x + bar_len, L.bar_min.y + std::round(0.6f * L.em));
    L.size.x = std::max(L.size.x, L.bar_max.x - origin.x);
    L.size.y = L.bar_max.y + line_h - origin.y;
  }
  return L;
}

// The cells [r0, r1) × [c0, c1) that intersect the draw list's clip rectangle.
struct Visible {
  int r0 = 0, r1 = 0, c0 = 0, c1 = 0;
};

Visible visible_cells(const ImDrawList* dl, const Layout& L) {
  const ImVec2 lo = dl->GetClipRectMin(), hi = dl->GetClipRectMax();
  const auto first = [&](float from, float origin, int n) {
    return std::clamp(static_cast<int>(std::floor((from - origin) / L.cell)), 0, n);
  };
  const auto last = [&](float to, float origin, int n) {
    return std::clamp(static_cast<int>(std::ceil((to - origin) / L.cell)), 0, n);
  };
  return {first(lo.y, L.grid_min.y, L.rows), last(hi.y, L.grid_min.y, L.rows),
          first(lo.x, L.grid_min.x, L.cols), last(hi.x, L.grid_min.x, L.cols)};
}

ImVec2 cell_min(const Layout& L, int r, int c) {
  return vec(L.grid_min.x + std::round(static_cast<float>(c) * L.cell),
             L.grid_min.y + std::round(static_cast<float>(r) * L.cell));
}

bool mask_usable(const HeatmapSpec& spec) {
  return spec.allowed && spec.allowed->rows() == spec.values->rows() &&
         spec.allowed->cols() == spec.values->cols();
}

// [SECTION] drawing parts
// Without the GPU path: one rectangle per visible cell, masked cells a flat hatch colour
// with one diagonal. Refuses huge grids rather than stall the frame.
void draw_cells_fallback(ImDrawList* dl, const Layout& L, const HeatmapSpec& spec,
                         const HeatmapRange& range, const Visible& v) {
  if (static_cast<long>(v.r1 - v.r0) * (v.c1 - v.c0) > 40000) {
    dl->AddText(L.grid_min, ImGui::GetColorU32(ImGuiCol_TextDisabled), "(too many cells to draw)");
    return;
  }
  const bool use_mask = mask_usable(spec);
  for (int r = v.r0; r < v.r1; ++r) {
    for (int c = v.c0; c < v.c1; ++c) {
      const ImVec2 a = cell_min(L, r, c), b = cell_min(L, r + 1, c + 1);
      const bool ok = !use_mask || (*spec.allowed)(r, c) != 0;
      const float t = heatmap_normalize((*spec.values)(r, c), ok, range.lo, range.hi);
      if (t >= 0.0f) {
        dl->AddRectFilled(a, b, to_u32(colormap_rgb(spec.colormap, t)));
      } else if (t == kCellMasked) {
        dl->AddRectFilled(a, b, to_u32(rgb_from_hex(kHatchDarkHex)));
        dl->AddLine(vec(a.x, b.y), vec(b.x, a.y), to_u32(rgb_from_hex(kHatchLightHex)), L.unit);
      } else {
        dl->AddRectFilled(a, b, to_u32(rgb_from_hex(kInvalidHex)));
      }
    }
  }
}

// Values in the monospaced font, black or white by contrast with the cell's colour. All or
// nothing: when the widest visible text does not fit, no cell shows one (numbers in some
// cells only would read as if the others had none).
void draw_numbers(ImDrawList* dl, const Layout& L, const HeatmapSpec& spec,
                  const HeatmapRange& range, const Visible& v) {
  const ImFont* font = font_mono();
  const float margin = std::round(0.15f * font->FontSize);
  if (!spec.number_format || L.cell < font->FontSize + margin) return;
  struct CellText {
    int r, c;
    std::string s;
  };
  std::vector<CellText> texts;
  float widest = 0;
  const bool use_mask = mask_usable(spec);
  for (int r = v.r0; r < v.r1; ++r) {
    for (int c = v.c0; c < v.c1; ++c) {
      const bool ok = !use_mask || (*spec.allowed)(r, c) != 0;
      std::string s = cell_text((*spec.values)(r, c), ok, spec.number_format);
      if (s.empty()) continue;
      widest = std::max(widest, text_width(font, s));
      texts.push_back({r, c, std::move(s)});
    }
  }
  if (widest + 2.0f * margin > L.cell) return;
  for (const CellText& t : texts) {
    const double value = (*spec.values)(t.r, t.c);
    const bool ok = !use_mask || (*spec.allowed)(t.r, t.c) != 0;
    const float pos_t = heatmap_normalize(value, ok, range.lo, range.hi);
    const Rgb bg = pos_t >= 0.0f          ? colormap_rgb(spec.colormap, pos_t)
                   : pos_t == kCellMasked ? rgb_from_hex(kHatchLightHex)
                                          : rgb_from_hex(kInvalidHex);
    const ImVec2 a = cell_min(L, t.r, t.c);
    const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, t.s.c_str());
    const ImVec2 pos =
        vec(std::floor(a.x + 0.5f * (L.cell - size.x)), std::floor(a.y + 0.5f * (L.cell - size.y)));
    dl->AddText(font, font->FontSize, pos, prefers_dark_text(bg) ? kBlack : kWhite, t.s.c_str());
  }
}

// A band of width w just outside [a, b], as four filled rectangles (crisp, unlike a
// stroked path at fractional offsets).
void band(ImDrawList* dl, ImVec2 a, ImVec2 b, float w, ImU32 col) {
  dl->AddRectFilled(vec(a.x - w, a.y - w), vec(b.x + w, a.y), col);
  dl->AddRectFilled(vec(a.x - w, b.y), vec(b.x + w, b.y + w), col);
  dl->AddRectFilled(vec(a.x - w, a.y), vec(a.x, b.y), col);
  dl->AddRectFilled(vec(b.x, a.y), vec(b.x + w, b.y), col);
}

// A light line of width w around [a, b] with a dark halo on both sides, so that it shows
// on the darkest and the lightest colours of either map.
void outline(ImDrawList* dl, ImVec2 a, ImVec2 b, float w, float unit) {
  band(dl, a, b, w + 2.0f * unit, kHalo);
  band(dl, vec(a.x - unit, a.y - unit), vec(b.x + unit, b.y + unit), w, kWhite);
}

void draw_outlines(ImDrawList* dl, const Layout& L, const HeatmapSpec& spec,
                   const HeatmapEvent& ev) {
  if (spec.highlight_row >= 0 && spec.highlight_row < L.rows) {
    outline(dl, cell_min(L, spec.highlight_row, 0), cell_min(L, spec.highlight_row + 1, L.cols),
            L.unit, L.unit);
  }
  if (spec.highlight_col >= 0 && spec.highlight_col < L.cols) {
    outline(dl, cell_min(L, 0, spec.highlight_col), cell_min(L, L.rows, spec.highlight_col + 1),
            L.unit, L.unit);
  }
  if (ev.hovered_row >= 0) {
    outline(dl, cell_min(L, ev.hovered_row, ev.hovered_col),
            cell_min(L, ev.hovered_row + 1, ev.hovered_col + 1), 2.0f * L.unit, L.unit);
  }
}

// Labels in the UI font; every step-th one when cells are smaller than the text, the
// highlighted and hovered ones in the accent colour.
void draw_labels(ImDrawList* dl, const Layout& L, const HeatmapSpec& spec, const HeatmapEvent& ev,
                 const Visible& v) {
  const ImFont* font = font_ui();
  const float line_h = ImGui::GetTextLineHeight();
  const ImU32 normal = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 accent = ImGui::GetColorU32(ImGuiCol_CheckMark);
  if (spec.col_labels) {
    const int step = std::max(1, static_cast<int>(std::ceil(1.5f * L.em / L.cell)));
    const float slot = L.cell * static_cast<float>(step) - (step == 1 ? 0.5f : 1.0f) * L.pad;
    for (int c = v.c0 - v.c0 % step; c < v.c1; c += step) {
      const std::string* label = label_at(spec.col_labels, c);
      if (!label) continue;
      const std::string s = fit_text(font, *label, slot);
      // Centred on its column; from the column's left edge when it spans several columns.
      const float left = cell_min(L, 0, c).x;
      const float x = step == 1 ? left + 0.5f * (L.cell - text_width(font, s)) : left;
      const bool lit = c == spec.highlight_col || c == ev.hovered_col;
      dl->AddText(font, font->FontSize,
                  vec(std::floor(x), L.grid_min.y - std::round(line_h + 0.5f * L.pad)),
                  lit ? accent : normal, s.c_str());
    }
  }
  if (spec.row_labels && L.row_label_w > 0) {
    const int step = std::max(1, static_cast<int>(std::ceil(line_h / L.cell)));
    for (int r = v.r0 - v.r0 % step; r < v.r1; r += step) {
      const std::string* label = label_at(spec.row_labels, r);
      if (!label) continue;
      const std::string s = fit_text(font, *label, L.row_label_w - L.pad);
      const ImVec2 a = cell_min(L, r, 0);
      const bool lit = r == spec.highlight_row || r == ev.hovered_row;
      dl->AddText(font, font->FontSize,
                  vec(std::floor(a.x - L.pad - text_width(font, s)),
                      std::floor(a.y + 0.5f * (L.cell - line_h))),
                  lit ? accent : normal, s.c_str());
    }
  }
}

// The colour bar drawn from colormap_rgb in 64 linearly shaded steps (the maps are linear
// between their 33 and 11 samples), with the range's ends and 0 for the diverging map.
void draw_legend(ImDrawList* dl, const Layout& L, Colormap map, const LegendText& text) {
  constexpr int kSteps = 64;
  const ImFont* font = font_mono();
  const float line_h = ImGui::GetTextLineHeight();
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  const ImVec2 a = L.bar_min, b = L.bar_max;
  for (int k = 0; k < kSteps; ++k) {
    const float f0 = static_cast<float>(k) / kSteps, f1 = static_cast<float>(k + 1) / kSteps;
    if (L.legend_beside) {
      // High values on top.
      const ImU32 top = to_u32(colormap_rgb(map, 1.0f - f0));
      const ImU32 bottom = to_u32(colormap_rgb(map, 1.0f - f1));
      dl->AddRectFilledMultiColor(vec(a.x, a.y + (b.y - a.y) * f0),
                                  vec(b.x, a.y + (b.y - a.y) * f1), top, top, bottom, bottom);
    } else {
      const ImU32 left = to_u32(colormap_rgb(map, f0));
      const ImU32 right = to_u32(colormap_rgb(map, f1));
      dl->AddRectFilledMultiColor(vec(a.x + (b.x - a.x) * f0, a.y),
                                  vec(a.x + (b.x - a.x) * f1, b.y), left, right, right, left);
    }
  }
  dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border));

  const float gap = std::round(0.5f * L.pad);
  if (L.legend_beside) {
    const float x = b.x + gap;
    dl->AddText(font, font->FontSize, vec(x, a.y), text_col, text.hi.c_str());
    dl->AddText(font, font->FontSize, vec(x, b.y - line_h), text_col, text.lo.c_str());
    if (!text.mid.empty()) {
      dl->AddText(font, font->FontSize, vec(x, std::floor(0.5f * (a.y + b.y - line_h))), text_col,
                  text.mid.c_str());
    }
  } else {
    const float y = b.y;
    dl->AddText(font, font->FontSize, vec(a.x, y), text_col, text.lo.c_str());
    dl->AddText(font, font->FontSize, vec(b.x - text_width(font, text.hi), y), text_col,
                text.hi.c_str());
    if (!text.mid.empty()) {
      dl->AddText(font, font->FontSize,
                  vec(std::floor(0.5f * (a.x + b.x - text_width(font, text.mid))), y), text_col,
                  text.mid.c_str());
    }
  }
}

}  // namespace

// [SECTION] the widget
HeatmapEvent heatmap_widget(const char* id, const HeatmapSpec& spec) {
  HeatmapEvent ev;
  if (!spec.values || spec.values->size() == 0) {
    ImGui::TextDisabled("(empty matrix)");
    return ev;
  }
  const HeatmapRange range = spec.fixed_range
                                 ? HeatmapRange{spec.lo, spec.hi}
                                 : heatmap_auto_range(*spec.values, spec.allowed, spec.colormap);
  const LegendText legend = legend_text(range, spec.colormap);
  const ImVec2 cursor = ImGui::GetCursorScreenPos();
  const ImVec2 origin = vec(std::floor(cursor.x), std::floor(cursor.y));
  const Layout L = compute_layout(spec, legend, origin);

  ImGui::SetCursorScreenPos(origin);
  // The texture cache key is the item's id (ImGui 1.86 has no public GetItemID).
  const ImGuiID key = ImGui::GetID(id);
  const bool pressed =
      ImGui::InvisibleButton(id, vec(std::max(L.size.x, 1.0f), std::max(L.size.y, 1.0f)));
  if (!ImGui::IsItemVisible()) return ev;
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (m.x >= L.grid_min.x && m.x < L.grid_max.x && m.y >= L.grid_min.y && m.y < L.grid_max.y) {
      ev.hovered_row = std::min(L.rows - 1, static_cast<int>((m.y - L.grid_min.y) / L.cell));
      ev.hovered_col = std::min(L.cols - 1, static_cast<int>((m.x - L.grid_min.x) / L.cell));
    }
  }
  ev.clicked = pressed && ev.hovered_row >= 0;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Visible v = visible_cells(dl, L);
  HeatmapGlSpec gl;
  gl.values = spec.values;
  gl.allowed = spec.allowed;
  gl.colormap = spec.colormap;
  gl.lo = range.lo;
  gl.hi = range.hi;
  gl.width_px = static_cast<int>(L.grid_max.x - L.grid_min.x);
  gl.height_px = static_cast<int>(L.grid_max.y - L.grid_min.y);
  // GPU textures need the host's GL (the frame loop's renderer, ui_context.h); without one
  // (a native UI test) the cells are drawn as ImGui rectangles.
  const UiContext* ctx = ui_context();
  HeatmapGl* gpu = ctx ? ctx->heatmaps.get() : nullptr;
  const unsigned texture = gpu ? gpu->texture(key, gl, ImGui::GetFrameCount()) : 0u;
  if (texture != 0) {
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture)), L.grid_min,
                 L.grid_max);
  } else {
    draw_cells_fallback(dl, L, spec, range, v);
  }
  draw_numbers(dl, L, spec, range, v);
  draw_outlines(dl, L, spec, ev);
  draw_labels(dl, L, spec, ev, v);
  if (spec.show_legend) draw_legend(dl, L, spec.colormap, legend);
  return ev;
}

}  // namespace ap
