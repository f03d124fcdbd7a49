// Every glyph is drawn: collects each character the learner can be shown — the lessons'
// Markdown and the string literals of the UI, app, lesson, state and core code — and checks
// that it lies in the ranges the font atlas loads (src/ui/glyph_ranges.h) and that DejaVu
// Sans (the font those ranges are rasterised from) has a glyph for it. A character outside
// either is drawn as "?" on the page. The font's cmap is read here (format 4 subtable).
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ui/glyph_ranges.h"

#ifndef AP_FONT_DIR
#define AP_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

// Code points of valid UTF-8 text (the lessons and sources are checked as UTF-8 elsewhere).
std::vector<char32_t> code_points(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (int k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// The contents of C++ string literals (comments skipped; raw strings included).
std::string string_literals(const std::string& src) {
  std::string out;
  for (std::size_t i = 0; i < src.size(); ++i) {
    if (src.compare(i, 2, "//") == 0) {
      i = src.find('\n', i);
      if (i == std::string::npos) break;
    } else if (src.compare(i, 2, "/*") == 0) {
      i = src.find("*/", i + 2);
      if (i == std::string::npos) break;
      ++i;
    } else if (src[i] == '\'') {
      // A character literal ('"', '\''): skip it whole.
      i += src[i + 1] == '\\' ? 3 : 2;
    } else if (src.compare(i, 2, "R\"") == 0) {
      const std::size_t open = src.find('(', i);
      std::string close = src.substr(i + 2, open - i - 2);
      close.insert(0, 1, ')');
      close += '"';
      const std::size_t end = src.find(close, open);
      out += src.substr(open + 1, end - open - 1) + "\n";
      i = end + close.size() - 1;
    } else if (src[i] == '"') {
      std::size_t j = i + 1;
      for (; j < src.size() && src[j] != '"'; ++j)
        if (src[j] == '\\') ++j;
      out += src.substr(i + 1, j - i - 1) + "\n";
      i = j;
    }
  }
  return out;
}

bool in_ranges(char32_t c) {
  for (const unsigned short* r = ap::kGlyphRanges; r[0]; r += 2)
    if (c >= r[0] && c <= r[1]) return true;
  return false;
}

// The characters a learner can see, each with the first file that uses it.
std::map<char32_t, std::string> shown_characters() {
  std::map<char32_t, std::string> used;
  auto add = [&](const std::string& text, const fs::path& file) {
    for (char32_t c : code_points(text))
      if (c >= 0x20) used.emplace(c, file.lexically_relative(AP_SOURCE_DIR).string());
  };
  for (const auto& e : fs::directory_iterator(fs::path(AP_SOURCE_DIR) / "lessons"))
    if (e.path().extension() == ".md" && e.path().filename() != "README.md")
      add(read_file(e.path()), e.path());
  for (const char* dir :
       {"src/ui", "src/app", "src/lessons", "src/state", "src/core", "src/models"}) {
    const fs::path d = fs::path(AP_SOURCE_DIR) / dir;
    if (!fs::exists(d)) continue;
    for (const auto& e : fs::recursive_directory_iterator(d)) {
      const auto ext = e.path().extension();
      if (ext == ".cpp" || ext == ".h") add(string_literals(read_file(e.path())), e.path());
    }
  }
  return used;
}

std::uint32_t be(const std::string& f, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int k = 0; k < bytes; ++k) v = (v << 8) | static_cast<unsigned char>(f.at(at + k));
  return v;
}

// The BMP code points a TrueType font maps to a glyph (its Windows Unicode cmap, format 4).
std::set<char32_t> font_coverage(const std::string& f) {
  std::set<char32_t> out;
  std::size_t cmap = 0;
  for (std::uint32_t t = 0, n = be(f, 4, 2); t < n; ++t)
    if (f.compare(12 + 16 * t, 4, "cmap") == 0) cmap = be(f, 12 + 16 * t + 8, 4);
  REQUIRE(cmap != 0);
  std::size_t sub = 0;
  for (std::uint32_t e = 0, n = be(f, cmap + 2, 2); e < n; ++e) {
    const std::size_t rec = cmap + 4 + 8 * e;
    if (be(f, rec, 2) == 3 && be(f, rec + 2, 2) == 1) sub = cmap + be(f, rec + 4, 4);
  }
  REQUIRE(sub != 0);
  REQUIRE(be(f, sub, 2) == 4);
  const std::uint32_t segs = be(f, sub + 6, 2) / 2;
  const std::size_t ends = sub + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
                    offsets = deltas + 2 * segs;
  for (std::uint32_t s = 0; s < segs; ++s) {
    const std::uint32_t lo = be(f, starts + 2 * s, 2), hi = be(f, ends + 2 * s, 2);
    const std::uint32_t delta = be(f, deltas + 2 * s, 2), ro = be(f, offsets + 2 * s, 2);
    for (std::uint32_t c = lo; c <= hi && c != 0xFFFF; ++c) {
      std::uint32_t glyph = 0;
      if (ro == 0) {
        glyph = (c + delta) & 0xFFFF;
      } else {
        glyph = be(f, offsets + 2 * s + ro + 2 * (c - lo), 2);
        if (glyph) glyph = (glyph + delta) & 0xFFFF;
      }
      if (glyph) out.insert(c);
    }
  }
  return out;
}

std::string utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

}  // namespace

TEST_CASE("the string-literal scanner finds text in literals and skips comments") {
  const std::string src =
      "// ⱼ in a comment\nconst char* a = \"Σᵢ \\\"x\\\"\"; /* ᶜ */ char q = '\"';"
      " auto r = R\"(→)\";";
  const std::string lit = string_literals(src);
  CHECK(lit.find("Σᵢ") != std::string::npos);
  CHECK(lit.find("→") != std::string::npos);
  CHECK(lit.find("ⱼ") == std::string::npos);
  CHECK(lit.find("ᶜ") == std::string::npos);
}

TEST_CASE("a character outside the glyph ranges is reported, one inside is not") {
  CHECK(in_ranges(U'ⱼ'));
  CHECK(in_ranges(U'√'));
  CHECK_FALSE(in_ranges(U'中'));
  CHECK_FALSE(in_ranges(U'\u2C80'));
}

TEST_CASE("every character of the UI strings and the lessons is in the font atlas") {
  const auto used = shown_characters();
  REQUIRE(used.size() > 100);
  const std::set<char32_t> font =
      font_coverage(read_file(fs::path(AP_FONT_DIR) / "DejaVuSans.ttf"));
  REQUIRE(font.count(U'A'));
  std::string missing;
  for (const auto& [c, file] : used) {
    if (!in_ranges(c))
      missing += utf8(c) + " (not in glyph_ranges.h) in " + file + "\n";
    else if (!font.count(c))
      missing += utf8(c) + " (not in DejaVu Sans) in " + file + "\n";
  }
  INFO("characters drawn as '?':\n" << missing);
  CHECK(missing.empty());
  MESSAGE(used.size() << " distinct characters checked");
}
