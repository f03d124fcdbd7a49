// The colours of lines, bars and swatches: the Okabe–Ito palette, whose colours stay apart
// under every common colour-vision deficiency, and the plots' box. One place, so that every
// view draws loss, accuracy, runs, heads and hops in the same colours.
#pragma once

#include "imgui.h"

namespace ap::palette {

inline constexpr ImU32 kOrange = IM_COL32(230, 159, 0, 255);
inline constexpr ImU32 kSkyBlue = IM_COL32(86, 180, 233, 255);
inline constexpr ImU32 kGreen = IM_COL32(0, 158, 115, 255);   // Okabe–Ito "bluish green"
inline constexpr ImU32 kPink = IM_COL32(204, 121, 167, 255);  // Okabe–Ito "reddish purple"
inline constexpr ImU32 kYellow = IM_COL32(240, 228, 66, 255);
inline constexpr ImU32 kVermillion = IM_COL32(213, 94, 0, 255);
inline constexpr ImU32 kBlue = IM_COL32(0, 114, 178, 255);
inline constexpr ImU32 kGrey = IM_COL32(170, 170, 170, 255);

// The k-th member of a series (training runs, heads, hops): the eight colours in turn.
inline ImU32 series(int k) {
  constexpr ImU32 colors[] = {kOrange, kSkyBlue, kGreen, kPink, kYellow, kVermillion, kBlue, kGrey};
  constexpr int n = sizeof colors / sizeof colors[0];
  return colors[((k % n) + n) % n];
}

// A plot's box (ui/plot.h): background, frame and grid lines.
inline constexpr ImU32 kPlotBackground = IM_COL32(24, 26, 31, 255);
inline constexpr ImU32 kPlotFrame = IM_COL32(80, 84, 96, 255);
inline constexpr ImU32 kPlotGrid = IM_COL32(50, 54, 62, 255);

}  // namespace ap::palette
