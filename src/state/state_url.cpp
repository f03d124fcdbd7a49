// State ⇄ compact URL text, e.g.
//   tokens=the,cat&Q=1,0.2;0.3,1&K=…&V=…&scoring=scaled_dot&mask=causal&window=1
// Pairs are joined by '&'; matrices are rows joined by ';' of numbers joined by ','; token
// labels are percent-encoded and joined by ','. Only characters that need no escaping in a
// URL fragment are produced. Decoding turns the pairs into the State JSON object and reuses
// its decoder, so both forms accept and reject exactly the same states.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "state/json_decode.h"
#include "state/number_text.h"

namespace ap {

using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------
// Encoding helpers
// ---------------------------------------------------------------------------------------

template <class M>
std::string matrix_text(const M& m) {
  std::string out;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    if (i) out += ';';
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      if (j) out += ',';
      out += number_text(static_cast<double>(m(i, j)));
    }
  }
  return out;
}

std::string percent_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string labels_text(const std::vector<std::string>& labels) {
  std::string out;
  for (std::size_t i = 0; i < labels.size(); ++i) out += (i ? "," : "") + percent_encode(labels[i]);
  return out;
}

// ---------------------------------------------------------------------------------------
// Decoding helpers
// ---------------------------------------------------------------------------------------

bool percent_decode(const std::string& s, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      *out += s[i];
      continue;
    }
    if (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(s[i + 2])))
      return false;
    *out += static_cast<char>(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16));
    i += 2;
  }
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

// A number as JSON, or a string the JSON decoder rejects with the cell's name (NaN and
// infinities become the strings it understands, so the error names the cell).
// Only plain decimals are numbers (no hex floats, as in JSON); "nan" and "inf" are named.
json number_json(const std::string& text) {
  double x = 0;
  if (text == "NaN" || text == "nan") return "NaN";
  if (text == "Infinity" || text == "inf") return "Infinity";
  if (text == "-Infinity" || text == "-inf") return "-Infinity";
  if (!parse_decimal(text, &x)) return utf8_quote(text, 32);
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  return x;
}

json matrix_json(const std::string& text) {
  json rows = json::array();
  if (text.empty()) return rows;
  for (const std::string& row : split(text, ';')) {
    json r = json::array();
    if (!row.empty())
      for (const std::string& cell : split(row, ',')) r.push_back(number_json(cell));
    rows.push_back(std::move(r));
  }
  return rows;
}

enum class Kind { Matrix, Vector, Labels, IntList, Number, Text, MaskOrText };

const SparsityRuleInfo* sparsity_rule(const std::string& key) {
  for (const SparsityRuleInfo& rule : kSparsityRules)
    if (key == rule.id) return &rule;
  return nullptr;
}

// The kind of each key; scoring parameters and sparse rules come from their tables.
bool key_kind(const std::string& key, Kind* kind) {
  static const std::pair<const char*, Kind> table[] = {{"tokens", Kind::Labels},
                                                       {"query_tokens", Kind::Labels},
                                                       {"key_tokens", Kind::Labels},
                                                       {"Q", Kind::Matrix},
                                                       {"K", Kind::Matrix},
                                                       {"V", Kind::Matrix},
                                                       {"Wo", Kind::Matrix},
                                                       {"scoring", Kind::Text},
                                                       {"temperature", Kind::Number},
                                                       {"heads", Kind::Number},
                                                       {"valid_length", Kind::Number},
                                                       {"mask", Kind::MaskOrText}};
  for (const auto& [name, k] : table)
    if (key == name) return *kind = k, true;
  for (const ScoringParamInfo& p : kScoringParams)
    if (key == p.name) return *kind = p.is_vector() ? Kind::Vector : Kind::Matrix, true;
  if (const SparsityRuleInfo* rule = sparsity_rule(key)) {
    *kind = rule->rule == SparsityRule::Global ? Kind::IntList : Kind::Number;
    return true;
  }
  return false;
}

}  // namespace

std::string state_to_url(const State& s) {
  const AttentionInput& in = s.input;
  std::ostringstream os;
  if (s.query_tokens == s.key_tokens) {
    os << "tokens=" << labels_text(s.key_tokens);
  } else {
    os << "query_tokens=" << labels_text(s.query_tokens)
       << "&key_tokens=" << labels_text(s.key_tokens);
  }
  os << "&Q=" << matrix_text(in.Q) << "&K=" << matrix_text(in.K) << "&V=" << matrix_text(in.V);
  os << "&scoring=" << scoring_name(in.scoring.kind);
  for (ScoringParam param : scoring_info(in.scoring.kind).param_list())
    os << '&' << scoring_param_info(param).name << '='
       << matrix_text(scoring_param_values(in.scoring, param));
  if (in.temperature != 1.0) os << "&temperature=" << number_text(in.temperature);
  if (mask_info(in.mask.kind).by_matrix)
    os << "&mask=" << matrix_text(in.mask.allowed.cast<int>());
  else if (in.mask.kind != MaskKind::None)
    os << "&mask=" << mask_name(in.mask.kind);
  if (in.mask.kind == MaskKind::Padding) os << "&valid_length=" << in.mask.valid_length;
  const SparsitySpec& sp = in.sparsity;
  for (const SparsityRuleInfo& rule : kSparsityRules) {
    if (!sparsity_on(sp, rule.rule)) continue;
    os << '&' << rule.id << '=';
    if (rule.rule != SparsityRule::Global) os << sparsity_value(sp, rule.rule);
    for (std::size_t i = 0; rule.rule == SparsityRule::Global && i < sp.global.size(); ++i)
      os << (i ? "," : "") << sp.global[i];
  }
  if (in.heads != 1) os << "&heads=" << in.heads;
  if (in.Wo.size() > 0) os << "&Wo=" << matrix_text(in.Wo);
  return os.str();
}

Decoded<State> state_from_url(const std::string& text) {
  // Bounded so a hostile link cannot make the page allocate without limit.
  if (text.size() > kMaxUrlBytes) {
    return {std::nullopt, "the link is " + std::to_string(text.size()) +
                              " bytes; a state link is at most " + std::to_string(kMaxUrlBytes) +
                              " bytes (1 MiB)"};
  }
  json j = json::object();
  json sparsity = json::object();
  for (const std::string& pair : split(text, '&')) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string key = pair.substr(0, eq);
    const std::string raw = eq == std::string::npos ? "" : pair.substr(eq + 1);
    Kind kind;
    if (!key_kind(key, &kind)) {
      return {std::nullopt, "unknown key \"" + utf8_quote(key) + "\" in the link"};
    }
    std::string value;
    if (!percent_decode(raw, &value)) {
      return {std::nullopt, "the value of \"" + key + "\" in the link has a broken %-escape"};
    }
    json decoded;
    switch (kind) {
      case Kind::Matrix:
        decoded = matrix_json(value);
        break;
      case Kind::Vector:
      case Kind::IntList: {
        const json m = matrix_json(value);
        if (m.size() > 1) {
          return {std::nullopt,
                  "\"" + key + "\" in the link must be one row of numbers joined by ',' (no ';')"};
        }
        decoded = m.empty() ? json::array() : m[0];
        break;
      }
      case Kind::Labels: {
        // "tokens=" is one empty label: a state always has at least one token.
        decoded = json::array();
        for (const std::string& label : split(raw, ',')) {
          std::string plain;
          percent_decode(label, &plain);
          decoded.push_back(plain);
        }
        break;
      }
      case Kind::Number:
        decoded = number_json(value);
        break;
      case Kind::Text:
        decoded = value;
        break;
      case Kind::MaskOrText: {
        // A mask id spelled as text, otherwise the rows of a custom mask.
        MaskKind mask;
        const bool by_id = mask_from_name(value, &mask) && !mask_info(mask).by_matrix;
        decoded = by_id ? json(value) : matrix_json(value);
        break;
      }
    }
    (sparsity_rule(key) ? sparsity : j)[key] = std::move(decoded);
  }
  if (!sparsity.empty()) j["sparsity"] = std::move(sparsity);
  return state_from_json_value(j);
}

}  // namespace ap
