// The default example and validation of a whole State (labels, then the core's checks).
#include "state/state.h"

#include <algorithm>
#include <cstdlib>

namespace ap {
namespace {

// Length of the well-formed UTF-8 character at s[i], or 0 when the bytes there are not one
// (stray continuation byte, cut sequence, overlong form, surrogate, above U+10FFFF).
std::size_t utf8_char_length(const std::string& s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size() || at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  return n;
}

}  // namespace

bool utf8_valid(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_char_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string utf8_quote(const std::string& s, std::size_t max_bytes) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_char_length(s, i);
    const std::size_t add = n ? n : 3;  // U+FFFD takes three bytes
    if (out.size() + add > max_bytes) return out + "…";
    if (n)
      out.append(s, i, n);
    else
      out += "\xEF\xBF\xBD";
    i += n ? n : 1;
  }
  return out;
}

bool parse_decimal(const std::string& text, double* out) {
  if (text.empty() || text.size() > 32) return false;
  std::size_t i = 0, digits = 0;
  const auto is_digit = [&](std::size_t k) {
    return k < text.size() && text[k] >= '0' && text[k] <= '9';
  };
  if (text[i] == '-' || text[i] == '+') ++i;
  while (is_digit(i)) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (is_digit(i)) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (!is_digit(i)) return false;
    while (is_digit(i)) ++i;
  }
  if (i != text.size()) return false;
  *out = std::strtod(text.c_str(), nullptr);
  return true;
}

State state_default() {
  State s;
  s.key_tokens = {"the", "cat", "sat", "down"};
  s.query_tokens = s.key_tokens;
  AttentionInput& in = s.input;
  // Two-dimensional so the vector plane can show every query and key as an arrow.
  in.Q = Matrix{{1.0, 0.2}, {0.3, 1.0}, {-0.5, 0.8}, {0.9, -0.4}};
  in.K = Matrix{{0.8, 0.1}, {0.2, 1.2}, {-0.6, 0.5}, {1.0, -0.7}};
  in.V = Matrix{{1.0, 0.0}, {0.0, 1.0}, {0.5, 0.5}, {-1.0, 0.5}};
  in.scoring.kind = ScoringKind::ScaledDot;
  return s;
}

namespace {

// The shape limits of core/limits.h, checked before anything else looks at the values.
std::string check_limits(const AttentionInput& in) {
  struct Shape {
    const char* name;
    Eigen::Index rows, cols;
    Eigen::Index max_rows;  // kMaxTokens for token matrices, kMaxWidth for parameters
  };
  const Shape shapes[] = {{"Q", in.Q.rows(), in.Q.cols(), kMaxTokens},
                          {"K", in.K.rows(), in.K.cols(), kMaxTokens},
                          {"V", in.V.rows(), in.V.cols(), kMaxTokens},
                          {"W", in.scoring.W.rows(), in.scoring.W.cols(), kMaxWidth},
                          {"Wq", in.scoring.Wq.rows(), in.scoring.Wq.cols(), kMaxWidth},
                          {"Wk", in.scoring.Wk.rows(), in.scoring.Wk.cols(), kMaxWidth},
                          {"v", 1, in.scoring.v.size(), 1},
                          {"Wo", in.Wo.rows(), in.Wo.cols(), kMaxWidth},
                          {"mask", in.mask.allowed.rows(), 0, kMaxTokens}};
  long cells = in.mask.allowed.size();
  for (const Shape& m : shapes) {
    if (m.cols > kMaxWidth) {
      return std::string(m.name) + " has width " + std::to_string(m.cols) +
             "; a matrix is at most " + std::to_string(kMaxWidth) +
             " wide (the widest table the page can draw)";
    }
    if (m.rows > m.max_rows) {
      return std::string(m.name) + " has " + std::to_string(m.rows) + " rows; at most " +
             std::to_string(m.max_rows) +
             (m.max_rows == kMaxTokens ? " tokens are supported" : " are supported");
    }
    cells += static_cast<long>(m.rows * m.cols);
  }
  if (in.mask.allowed.cols() > kMaxTokens) {
    return "mask has " + std::to_string(in.mask.allowed.cols()) + " columns; at most " +
           std::to_string(kMaxTokens) + " tokens are supported";
  }
  if (cells > kMaxStateCells) {
    return "the state has " + std::to_string(cells) + " matrix entries; at most " +
           std::to_string(kMaxStateCells) + " are supported";
  }
  if (in.heads > kMaxHeads) {
    return "heads is " + std::to_string(in.heads) + "; at most " + std::to_string(kMaxHeads) +
           " are supported";
  }
  if (in.sparsity.global.size() > static_cast<std::size_t>(kMaxTokens)) {
    return "sparsity global lists " + std::to_string(in.sparsity.global.size()) +
           " tokens; at most " + std::to_string(kMaxTokens) + " are supported";
  }
  return "";
}

}  // namespace

long state_frame_work(const State& s) {
  const AttentionInput& in = s.input;
  const auto drawn = [](Eigen::Index rows, Eigen::Index cols) {
    return static_cast<long>(std::min<Eigen::Index>(rows, kMaxEditorRowsDrawn) * cols);
  };
  return drawn(in.Q.rows(), in.Q.cols()) + drawn(in.K.rows(), in.K.cols()) +
         drawn(in.V.rows(), in.V.cols()) + drawn(in.scoring.W.rows(), in.scoring.W.cols()) +
         drawn(in.scoring.Wq.rows(), in.scoring.Wq.cols()) +
         drawn(in.scoring.Wk.rows(), in.scoring.Wk.cols()) + drawn(1, in.scoring.v.size()) +
         drawn(in.Wo.rows(), in.Wo.cols()) +
         std::min<long>(static_cast<long>(s.query_tokens.size()), kMaxTokenChipsDrawn) +
         std::min<long>(static_cast<long>(s.key_tokens.size()), kMaxTokenChipsDrawn);
}

std::string state_validate(const State& s) {
  if (auto e = check_limits(s.input); !e.empty()) return e;
  const auto check_labels = [](const char* name, const std::vector<std::string>& labels,
                               Eigen::Index rows, const char* matrix) -> std::string {
    if (static_cast<Eigen::Index>(labels.size()) != rows) {
      return std::string(name) + " has " + std::to_string(labels.size()) + " labels but " + matrix +
             " has " + std::to_string(rows) + " rows";
    }
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i].size() > kMaxTokenLabel) {
        return std::string(name) + " label " + std::to_string(i) + " is longer than " +
               std::to_string(kMaxTokenLabel) + " bytes";
      } else if (!utf8_valid(labels[i])) {
        return std::string(name) + " label " + std::to_string(i) + " is not valid UTF-8 text";
      }
    return "";
  };
  if (auto e = check_labels(s.query_tokens == s.key_tokens ? "tokens" : "query_tokens",
                            s.query_tokens, s.input.Q.rows(), "Q");
      !e.empty())
    return e;
  if (auto e = check_labels("key_tokens", s.key_tokens, s.input.K.rows(), "K"); !e.empty())
    return e;
  const AttentionInput& in = s.input;
  const double cells =
      static_cast<double>(in.Q.rows()) * static_cast<double>(in.K.rows()) * std::max(in.heads, 1);
  if (cells > kMaxScoreCells) {
    return "the state asks for " + std::to_string(static_cast<long long>(cells)) +
           " query–key scores; at most " + std::to_string(static_cast<long long>(kMaxScoreCells)) +
           " are supported";
  }
  // A kind with a hidden layer does a units' worth of work per score (kinds.h, Dim::Hidden).
  const ScoringKindInfo& kind = scoring_info(in.scoring.kind);
  for (ScoringParam param : kind.param_list()) {
    const ScoringParamInfo& info = scoring_param_info(param);
    if (info.is_vector() &&
        cells * static_cast<double>((in.scoring.*info.vector).size()) > kMaxAdditiveWork) {
      return std::string(kind.id) +
             " scoring with this many tokens and hidden units is too much work (at most " +
             std::to_string(kMaxAdditiveWork) +
             " query–key–unit evaluations); use fewer tokens or a smaller " + info.name;
    }
  }
  return validate(s.input);
}

}  // namespace ap
