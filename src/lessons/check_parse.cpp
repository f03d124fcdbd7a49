// Check parsing: one `check:` line of a lesson into a Check, with a small cursor over the
// line. Parsing never throws and names the first thing it did not expect. Scoring, mask and
// parameter names come from the core's tables (core/kinds.h). Evaluation is in goal.cpp.
#include "lessons/check_parse.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace ap {

namespace {

// How the words after the kind are laid out.
enum class Shape {
  QueryKeyCmp,  // weight
  QueryEqKey,   // argmax
  QueryCmp,     // entropy, max_weight
  Output,       // output QUERY near [..] within X
  QueryKeyBit,  // allowed
  EqName,       // scoring, mask
  CmpNumber,    // temperature
  CmpInt,       // d, d_v, heads, tokens, window, stride, top_k
  Global,       // global = N
  Param,        // param NAME[r, c]
  Query,        // fully_masked
  Model,        // model NAME CMP X | model NAME = WORD
};

struct KindInfo {
  const char* word;
  CheckKind kind;
  Shape shape;
  bool per_head;  // reads one head's weights, so `head N:` may prefix it
};

constexpr KindInfo kKinds[] = {
    {"weight", CheckKind::Weight, Shape::QueryKeyCmp, true},
    {"argmax", CheckKind::Argmax, Shape::QueryEqKey, true},
    {"entropy", CheckKind::Entropy, Shape::QueryCmp, true},
    {"max_weight", CheckKind::MaxWeight, Shape::QueryCmp, true},
    {"output", CheckKind::Output, Shape::Output, false},
    {"allowed", CheckKind::Allowed, Shape::QueryKeyBit, true},
    {"scoring", CheckKind::Scoring, Shape::EqName, false},
    {"mask", CheckKind::Mask, Shape::EqName, false},
    {"temperature", CheckKind::Temperature, Shape::CmpNumber, false},
    {"d", CheckKind::D, Shape::CmpInt, false},
    {"d_v", CheckKind::DV, Shape::CmpInt, false},
    {"heads", CheckKind::Heads, Shape::CmpInt, false},
    {"tokens", CheckKind::Tokens, Shape::CmpInt, false},
    {"window", CheckKind::Window, Shape::CmpInt, false},
    {"stride", CheckKind::Stride, Shape::CmpInt, false},
    {"top_k", CheckKind::TopK, Shape::CmpInt, false},
    {"global", CheckKind::Global, Shape::Global, false},
    {"param", CheckKind::Param, Shape::Param, false},
    {"fully_masked", CheckKind::FullyMasked, Shape::Query, true},
    {"model", CheckKind::Model, Shape::Model, false},
};

// The names `param NAME[…]` accepts: the inputs, the scoring parameters of kinds.h and W_o;
// matrices first, then vectors (which take one index).
std::vector<std::string> param_names() {
  std::vector<std::string> names = {"Q", "K", "V"};
  for (const ScoringParamInfo& p : kScoringParams)
    if (!p.is_vector()) names.push_back(p.name);
  names.push_back("Wo");
  for (const ScoringParamInfo& p : kScoringParams)
    if (p.is_vector()) names.push_back(p.name);
  return names;
}

bool is_vector_param(const std::string& name) {
  ScoringParam p;
  return scoring_param_from_name(name, &p) && scoring_param_info(p).is_vector();
}
constexpr double kMaxCheckNumber = 1e6;  // the State's own bound on magnitudes
constexpr std::string_view kUnicodeMinus = "\xE2\x88\x92";

bool is_word_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A cursor over the check text; the first error is kept and later reads fail quietly.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  std::string error;

  bool ok() const { return error.empty(); }
  bool fail(const std::string& message) {
    if (error.empty()) error = message;
    return false;
  }
  void skip_space() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  }
  bool at_end() {
    skip_space();
    return i >= s.size();
  }
  // What comes next, quoted, for "expected …, not …" messages.
  std::string next_text() {
    skip_space();
    if (i >= s.size()) return "the end of the check";
    std::size_t n = 0;
    while (i + n < s.size() && n < 20 && s[i + n] != ' ' && s[i + n] != '\t') ++n;
    // Appending (not "\"" + …) sidesteps GCC 12's false -Wrestrict on operator+(const char*).
    std::string out = "\"";
    // The quote may cut a character or hold invalid bytes: messages stay valid UTF-8.
    out += utf8_quote(std::string(s.substr(i, std::max<std::size_t>(n, 1))), 20);
    return out += "\"";
  }
  bool eat(std::string_view token) {
    skip_space();
    if (s.substr(i, token.size()) != token) return false;
    i += token.size();
    return true;
  }
  bool expect(std::string_view token, const char* what) {
    if (!ok()) return false;
    if (eat(token)) return true;
    return fail(std::string("expected ") + what + ", not " + next_text());
  }
  std::string word() {
    skip_space();
    const std::size_t start = i;
    if (i < s.size() && is_word_start(s[i]))
      while (i < s.size() && (is_word_start(s[i]) || is_digit(s[i]))) ++i;
    return std::string(s.substr(start, i - start));
  }
};

// A decimal such as 0.5, -2, .25 or 1e-3 (U+2212 is accepted as a minus sign).
bool parse_number(Cursor& c, double* out, const char* what) {
  if (!c.ok()) return false;
  c.skip_space();
  std::string text;
  std::size_t j = c.i;
  if (c.s.substr(j, kUnicodeMinus.size()) == kUnicodeMinus) {
    text += '-';
    j += kUnicodeMinus.size();
  } else if (j < c.s.size() && (c.s[j] == '-' || c.s[j] == '+')) {
    text += c.s[j++];
  }
  const std::size_t mantissa = j;
  bool digits = false;
  while (j < c.s.size() && (is_digit(c.s[j]) || c.s[j] == '.')) digits |= is_digit(c.s[j++]);
  const std::string body(c.s.substr(mantissa, j - mantissa));
  if (!digits || std::count(body.begin(), body.end(), '.') > 1)
    return c.fail(std::string("expected ") + what + " (a number), not " + c.next_text());
  text += body;
  if (j < c.s.size() && (c.s[j] == 'e' || c.s[j] == 'E')) {
    std::size_t k = j + 1;
    if (k < c.s.size() && (c.s[k] == '-' || c.s[k] == '+')) ++k;
    if (k < c.s.size() && is_digit(c.s[k])) {
      while (k < c.s.size() && is_digit(c.s[k])) ++k;
      text += std::string(c.s.substr(j, k - j));
      j = k;
    }
  }
  // Only digits, '.', signs and an exponent reach strtod, so the locale cannot matter
  // beyond the decimal point, which the C locale (the programs never change it) spells '.'.
  const double x = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(x) || std::abs(x) > kMaxCheckNumber)
    return c.fail(std::string(what) + " " + text + " is out of range (at most 1e6 in size)");
  c.i = j;
  *out = x;
  return true;
}

bool parse_int(Cursor& c, int* out, const char* what, int lo, int hi) {
  double x = 0;
  if (!parse_number(c, &x, what)) return false;
  if (x != std::floor(x) || x < lo || x > hi)
    return c.fail(std::string(what) + " must be a whole number from " + std::to_string(lo) +
                  " to " + std::to_string(hi));
  *out = static_cast<int>(x);
  return true;
}

// A token: "a quoted label" (\" and \\ escape), #n, or a bare label up to a space or symbol.
bool parse_token(Cursor& c, TokenRef* out, const char* side) {
  if (!c.ok()) return false;
  c.skip_space();
  const std::string_view s = c.s;
  if (c.i < s.size() && s[c.i] == '"') {
    std::string label;
    for (std::size_t j = c.i + 1; j < s.size(); ++j) {
      if (s[j] == '\\' && j + 1 < s.size()) {
        label += s[++j];
      } else if (s[j] == '"') {
        c.i = j + 1;
        out->label = label;
        return true;
      } else {
        label += s[j];
      }
    }
    return c.fail(std::string("the ") + side + " label has no closing quote \"");
  }
  if (c.i < s.size() && s[c.i] == '#') {
    ++c.i;
    if (c.i >= s.size() || !is_digit(s[c.i]))
      return c.fail(std::string("expected a ") + side + " number after #, e.g. #2");
    return parse_int(c, &out->index, (std::string(side) + " number").c_str(), 1, kMaxTokens);
  }
  const std::size_t start = c.i;
  while (c.i < s.size() && std::string_view(" \t\"<>=[],").find(s[c.i]) == std::string_view::npos &&
         s.substr(c.i, 2) != "->")
    ++c.i;
  if (c.i == start)
    return c.fail(std::string("expected a ") + side +
                  " token (a label such as cat, \"a quoted label\" or #2), not " + c.next_text());
  out->label = std::string(s.substr(start, c.i - start));
  return true;
}

bool parse_cmp(Cursor& c, Cmp* out) {
  if (!c.ok()) return false;
  // Two-character comparators first, so "<=" is not read as "<" followed by "=".
  if (c.eat("<=")) return *out = Cmp::LessEq, true;
  if (c.eat(">=")) return *out = Cmp::GreaterEq, true;
  if (c.eat("<")) return *out = Cmp::Less, true;
  if (c.eat(">")) return *out = Cmp::Greater, true;
  if (c.eat("=")) return *out = Cmp::Equal, true;
  return c.fail("expected a comparison (<, <=, >, >=, =), not " + c.next_text());
}

bool parse_output(Cursor& c, Check* out) {
  if (c.word() != "near") return c.fail("expected \"near [a, b, …]\" after the output's token");
  if (!c.expect("[", "\"[\" to open the vector")) return false;
  do {
    double x = 0;
    if (!parse_number(c, &x, "a vector entry")) return false;
    out->near.push_back(x);
    if (out->near.size() > static_cast<std::size_t>(kMaxWidth))
      return c.fail("the vector has more than " + std::to_string(kMaxWidth) + " entries");
  } while (c.eat(","));
  if (!c.expect("]", "\",\" or \"]\" in the vector")) return false;
  const std::size_t before = c.i;
  if (c.word() != "within") {
    c.i = before;
    return c.fail("expected \"within X\" after the vector, not " + c.next_text());
  }
  out->cmp = Cmp::LessEq;
  if (!parse_number(c, &out->number, "the distance")) return false;
  return out->number >= 0 || c.fail("the distance after \"within\" must not be negative");
}

bool parse_name_value(Cursor& c, Check* out) {
  if (!c.expect("=", "\"=\"")) return false;
  out->name = c.word();
  if (out->kind == CheckKind::Scoring) {
    ScoringKind kind;
    if (scoring_from_name(out->name, &kind)) return true;
    return c.fail("unknown scoring \"" + out->name + "\": use " + scoring_id_list(false));
  }
  MaskKind mask;
  if (mask_from_name(out->name, &mask)) return true;
  return c.fail("unknown mask \"" + out->name + "\": use " + mask_id_list(false, false));
}

bool parse_param(Cursor& c, Check* out) {
  out->name = c.word();
  const std::vector<std::string> names = param_names();
  if (std::find(names.begin(), names.end(), out->name) == names.end())
    return c.fail("unknown parameter \"" + out->name + "\": use " + join_or(names, false));
  if (!c.expect("[", "\"[\" after the parameter name")) return false;
  const bool vector = is_vector_param(out->name);
  if (!parse_int(c, &out->row, vector ? "the entry" : "the row", 1, kMaxTokens)) return false;
  if (!vector) {
    if (!c.expect(",", "\",\" between the row and the column")) return false;
    if (!parse_int(c, &out->col, "the column", 1, kMaxWidth)) return false;
  }
  if (!c.expect("]", "\"]\"")) return false;
  return parse_cmp(c, &out->cmp) && parse_number(c, &out->number, "the value");
}

// The facts of one model (or every fact) for "use …" messages.
std::string fact_names(const std::string& model) {
  std::vector<std::string> names;
  for (const ModelFactInfo& f : model_fact_list())
    if (model.empty() || std::string(f.name).rfind(model + ".", 0) == 0) names.push_back(f.name);
  return join_or(names, false);
}

// model NAME CMP X (a number fact) or model NAME = WORD (a word fact; WORD may be quoted).
bool parse_model(Cursor& c, Check* out) {
  std::string name = c.word();
  while (!name.empty() && c.s.substr(c.i, 1) == ".") {
    ++c.i;
    name += "." + c.word();
  }
  out->name = name;
  const ModelFactInfo* fact = model_fact_find(name);
  if (!fact) {
    const std::string model = name.substr(0, name.find('.'));
    if (name.empty()) return c.fail("expected a model fact such as sentiment.accuracy");
    if (!model_find(model)) {
      std::vector<std::string> ids;
      for (const ModelInfo& m : model_list()) ids.push_back(m.id);
      return c.fail("unknown model \"" + model + "\" in \"" + name + "\": use " +
                    join_or(ids, false));
    }
    return c.fail("unknown fact \"" + name + "\": use " + fact_names(model));
  }
  if (fact->type == FactType::Number)
    return parse_cmp(c, &out->cmp) && parse_number(c, &out->number, "the value");
  if (!c.expect("=", "\"=\" (a word fact is compared with =)")) return false;
  TokenRef word;
  if (!parse_token(c, &word, "word")) return false;
  if (word.index > 0) return c.fail("expected a word after \"=\", not a number");
  out->cmp = Cmp::Equal;
  out->word = word.label;
  return true;
}

bool parse_body(Cursor& c, Shape shape, Check* out) {
  switch (shape) {
    case Shape::QueryKeyCmp:
      return parse_token(c, &out->query, "query") && c.expect("->", "\"->\" after the query") &&
             parse_token(c, &out->key, "key") && parse_cmp(c, &out->cmp) &&
             parse_number(c, &out->number, "the value");
    case Shape::QueryEqKey:
      return parse_token(c, &out->query, "query") && c.expect("=", "\"=\" after the query") &&
             parse_token(c, &out->key, "key");
    case Shape::QueryCmp:
      return parse_token(c, &out->query, "query") && parse_cmp(c, &out->cmp) &&
             parse_number(c, &out->number, "the value");
    case Shape::Output:
      return parse_token(c, &out->query, "query") && parse_output(c, out);
    case Shape::QueryKeyBit: {
      int bit = 0;
      const bool ok = parse_token(c, &out->query, "query") &&
                      c.expect("->", "\"->\" after the query") &&
                      parse_token(c, &out->key, "key") && c.expect("=", "\"=\" after the key") &&
                      parse_int(c, &bit, "allowed", 0, 1);
      out->number = bit;
      return ok;
    }
    case Shape::EqName:
      return parse_name_value(c, out);
    case Shape::CmpNumber:
      return parse_cmp(c, &out->cmp) && parse_number(c, &out->number, "the value");
    case Shape::CmpInt: {
      int n = 0;
      const bool ok = parse_cmp(c, &out->cmp) && parse_int(c, &n, "the number", -1, kMaxTokens);
      out->number = n;
      return ok;
    }
    case Shape::Global: {
      int n = 0;
      const bool ok = c.expect("=", "\"=\" after global") && (c.eat("#"), true) &&
                      parse_int(c, &n, "the global token", 1, kMaxTokens);
      out->number = n;
      return ok;
    }
    case Shape::Param:
      return parse_param(c, out);
    case Shape::Query:
      return parse_token(c, &out->query, "query");
    case Shape::Model:
      return parse_model(c, out);
  }
  return false;
}

std::string kind_list() {
  std::string out;
  for (const KindInfo& k : kKinds) out += std::string(out.empty() ? "" : ", ") + k.word;
  return out;
}

}  // namespace

Decoded<Check> check_parse(const std::string& text) {
  Cursor c{text, 0, ""};
  Check check;
  check.source = text;
  bool per_head_prefix = false;
  std::string word = c.word();
  if (word == "head") {
    per_head_prefix = true;
    if (!parse_int(c, &check.head, "the head", 1, kMaxHeads) ||
        !c.expect(":", "\":\" after \"head N\""))
      return {std::nullopt, c.error};
    word = c.word();
  }
  const KindInfo* info = nullptr;
  for (const KindInfo& k : kKinds)
    if (word == k.word) info = &k;
  if (!info) {
    const std::string what = word.empty() ? c.next_text() : "\"" + word + "\"";
    return {std::nullopt, "unknown check " + what + ": use " + kind_list()};
  }
  check.kind = info->kind;
  if (per_head_prefix && !info->per_head)
    return {std::nullopt, std::string("\"head N:\" does not apply to ") + info->word +
                              " (only to weight, argmax, entropy, max_weight, allowed, "
                              "fully_masked)"};
  if (!parse_body(c, info->shape, &check)) return {std::nullopt, c.error};
  if (!c.at_end()) return {std::nullopt, "unexpected " + c.next_text() + " after the check"};
  return {check, ""};
}

}  // namespace ap
