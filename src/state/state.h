// The playground's whole state as plain data, and its two serialized forms: JSON (files,
// export, lesson presets, window.attention) and a compact URL-safe text (the page's hash).
// Both decoders validate fully and report the first problem in one precise sentence; they
// never throw and never crash on hostile input. The schema is documented in README.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/attention.h"
#include "core/limits.h"

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
// can only carry valid UTF-8): no overlong forms, no surrogates, nothing above U+10FFFF.
bool utf8_valid(const std::string& s);

// `s` as valid UTF-8 of at most `max_bytes` bytes (plus "…" when cut): cut at a character
// boundary, each invalid byte replaced by U+FFFD. For quoting input inside messages.
std::string utf8_quote(const std::string& s, std::size_t max_bytes = kMaxQuoteBytes);

// Reads a plain decimal number ("-1.5", "2e-3", ".5"; no hex, no spaces, no words) of
// at most 32 characters, as JSON would. False for anything else.
bool parse_decimal(const std::string& text, double* out);

// Checks the limits of core/limits.h, tokens against the matrices, then the attention
// input (core::validate).
std::string state_validate(const State& s);

// Cells the inputs draw in one frame for this state at most: rows in view × width over
// every matrix, plus the token chips drawn. Below kMaxUiCellsPerFrame for every state
// state_validate accepts.
long state_frame_work(const State& s);

Decoded<State> state_from_json(const std::string& text);
std::string state_to_json(const State& s, int indent = -1);

Decoded<State> state_from_url(const std::string& text);
std::string state_to_url(const State& s);

}  // namespace ap
