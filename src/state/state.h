// The playground's whole state as plain data, and its two serialized forms: JSON (files,
// export, lesson presets, window.attention) and a compact URL-safe text (the page's hash).
// Both decoders validate fully and report the first problem in one precise sentence; they
// never throw and never crash on hostile input. The schema is documented in README.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/attention.h"

namespace ap {

struct State {
  std::vector<std::string> query_tokens;  // n_q labels
  std::vector<std::string> key_tokens;    // n_k labels
  AttentionInput input;
};

// A value or the reason there is none.
template <class T>
struct Decoded {
  std::optional<T> value;
  std::string error;
  bool ok() const { return value.has_value(); }
};

// The default example a learner first sees: four tokens, d = 2, scaled dot-product.
State state_default();

// True when `s` is well-formed UTF-8 (labels and lesson text travel through JSON, which
// can only carry valid UTF-8).
bool utf8_valid(const std::string& s);

// Checks tokens against the matrices, then the attention input (core::validate).
std::string state_validate(const State& s);

Decoded<State> state_from_json(const std::string& text);
std::string state_to_json(const State& s, int indent = -1);

Decoded<State> state_from_url(const std::string& text);
std::string state_to_url(const State& s);

// Decoding limits that keep hostile input from exhausting memory.
inline constexpr int kMaxTokens = 4096;
inline constexpr int kMaxWidth = 1024;
inline constexpr int kMaxHeads = 64;
inline constexpr std::size_t kMaxTokenLabel = 64;
// Work bounds: n_q·n_k·heads score cells, and for additive scoring n_q·n_k·heads·a tanh
// evaluations. Above these a link or file could freeze the page or exhaust its memory.
inline constexpr double kMaxScoreCells = 1 << 20;
inline constexpr double kMaxAdditiveWork = 1 << 24;

}  // namespace ap
