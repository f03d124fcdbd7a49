// The default example and validation of a whole State (labels, then the core's checks).
#include "state/state.h"

#include <algorithm>

namespace ap {
bool utf8_valid(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    const int extra = c < 0x80         ? 0
                      : (c >> 5) == 6  ? 1
                      : (c >> 4) == 14 ? 2
                      : (c >> 3) == 30 ? 3
                                       : -1;
    if (extra < 0 || i + extra >= s.size()) return false;
    for (int k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += extra + 1;
  }
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

std::string state_validate(const State& s) {
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
  if (auto e = check_labels("query_tokens", s.query_tokens, s.input.Q.rows(), "Q"); !e.empty())
    return e;
  if (auto e = check_labels("key_tokens", s.key_tokens, s.input.K.rows(), "K"); !e.empty())
    return e;
  const AttentionInput& in = s.input;
  const double cells = static_cast<double>(in.Q.rows()) * in.K.rows() * std::max(in.heads, 1);
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
             " scoring with this many tokens and hidden units is too much work; "
             "use fewer tokens or a smaller " +
             info.name;
    }
  }
  return validate(s.input);
}

}  // namespace ap
