// The Unicode ranges the fonts are loaded with: one table read by the font registry
// (fonts.cpp, the ImGui atlas), the web build's font subsetter (src/platform/CMakeLists.txt
// reads the 0x… pairs of this file and keeps only these code points) and the glyph test
// (tests/native/test_glyphs.cpp: every character of the UI strings and the lessons lies in
// a range and is in the font). Plain data, no ImGui: pairs of inclusive bounds, 0-terminated.
#pragma once

namespace ap {

// Same layout as ImGui's ImWchar (16-bit) glyph ranges.
inline constexpr unsigned short kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement (×, ÷, ·, ±, ², ³)
    0x0370, 0x03FF,  // Greek (α, σ, θ, Σ)
    0x1D00, 0x1DBF,  // Phonetic extensions: ᵀ (qᵀk), ᵢ (Σᵢ), ᶜ (eᶜ)
    0x2000, 0x206F,  // General punctuation (–, —, ‖, …, thin spaces)
    0x2070, 0x209F,  // Superscripts and subscripts (q₂, k₃, x⁻¹)
    0x2190, 0x21FF,  // Arrows (→, ←, ⇒)
    0x2200, 0x22FF,  // Mathematical operators (√, ∑, −, ∞, ≤, ⋅)
    0x25A0, 0x25FF,  // Geometric shapes (▶, ▼, ●, ○) for compact controls
    0x2713, 0x2717,  // Check marks and crosses (✓, ✗) for lesson goals
    0x2C60, 0x2C7F,  // Latin Extended-C: ⱼ (Σⱼ wⱼ vⱼ)
    0,
};

}  // namespace ap
