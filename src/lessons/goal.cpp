// Check parsing (a small cursor over one line) and evaluation against a State and Result.
// Parsing never throws and names the first thing it did not expect; evaluation never
// indexes out of range: a token, head or entry that does not exist makes the check false
// with a sentence saying why.
//
// [SECTION] Parsing
// [SECTION] Evaluation
#include "lessons/goal.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace ap {

// ---------------------------------------------------------------------------------------
// [SECTION] Parsing
// ---------------------------------------------------------------------------------------
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
};

constexpr const char* kMaskNames[] = {"none", "causal", "padding", "custom"};
constexpr const char* kParamNames[] = {"Q", "K", "V", "W", "Wq", "Wk", "Wo", "v"};
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
    out += s.substr(i, std::max<std::size_t>(n, 1));
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
    return c.fail("unknown scoring \"" + out->name +
                  "\": use dot, scaled_dot, general or additive");
  }
  for (const char* m : kMaskNames)
    if (out->name == m) return true;
  return c.fail("unknown mask \"" + out->name + "\": use none, causal, padding or custom");
}

bool parse_param(Cursor& c, Check* out) {
  out->name = c.word();
  if (std::find_if(std::begin(kParamNames), std::end(kParamNames),
                   [&](const char* n) { return out->name == n; }) == std::end(kParamNames))
    return c.fail("unknown parameter \"" + out->name + "\": use Q, K, V, W, Wq, Wk, Wo or v");
  if (!c.expect("[", "\"[\" after the parameter name")) return false;
  if (!parse_int(c, &out->row, out->name == "v" ? "the entry" : "the row", 1, kMaxTokens))
    return false;
  if (out->name != "v") {
    if (!c.expect(",", "\",\" between the row and the column")) return false;
    if (!parse_int(c, &out->col, "the column", 1, kMaxWidth)) return false;
  }
  if (!c.expect("]", "\"]\"")) return false;
  return parse_cmp(c, &out->cmp) && parse_number(c, &out->number, "the value");
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

// ---------------------------------------------------------------------------------------
// [SECTION] Evaluation
// ---------------------------------------------------------------------------------------
namespace {

// Enough digits to tell a value from the threshold it fails.
std::string num(double x, double other) {
  char a[32], b[32];
  std::snprintf(a, sizeof a, "%.4g", x);
  std::snprintf(b, sizeof b, "%.4g", other);
  if (std::string(a) == b && x != other) std::snprintf(a, sizeof a, "%.10g", x);
  return a;
}

const char* cmp_text(Cmp cmp) {
  switch (cmp) {
    case Cmp::Less:
      return "<";
    case Cmp::LessEq:
      return "<=";
    case Cmp::Greater:
      return ">";
    case Cmp::GreaterEq:
      return ">=";
    case Cmp::Equal:
      return "=";
  }
  return "?";
}

bool compare(double a, Cmp cmp, double b) {
  switch (cmp) {
    case Cmp::Less:
      return a < b;
    case Cmp::LessEq:
      return a <= b;
    case Cmp::Greater:
      return a > b;
    case Cmp::GreaterEq:
      return a >= b;
    // Typed values such as a temperature of 0.1 round-trip exactly; a tiny tolerance
    // keeps values computed along the way (0.1 + 0.2) equal to what a lesson writes.
    case Cmp::Equal:
      return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
  }
  return false;
}

CheckOutcome compared(const std::string& what, double value, Cmp cmp, double target) {
  const bool holds = compare(value, cmp, target);
  return {holds, what + " is " + num(value, target) + "; needs " + cmp_text(cmp) + " " +
                     num(target, value)};
}

std::string ref_text(const TokenRef& ref) {
  if (ref.index == 0) return ref.label;
  std::string out = "#";
  return out += std::to_string(ref.index);
}

std::string label_list(const std::vector<std::string>& labels) {
  std::string out;
  for (std::size_t i = 0; i < labels.size() && i < 8; ++i) out += (i ? ", " : "") + labels[i];
  return labels.size() > 8 ? out + ", …" : out;
}

// The 0-based row of `ref` among `labels`, or -1 with *why set.
int resolve(const TokenRef& ref, const State& s, bool query, std::string* why) {
  const auto& labels = query ? s.query_tokens : s.key_tokens;
  const bool self = s.query_tokens == s.key_tokens;
  const std::string side = self ? "token" : query ? "query token" : "key token";
  const std::string plural = self ? "tokens" : query ? "queries" : "keys";
  if (ref.index > 0) {
    if (ref.index <= static_cast<int>(labels.size())) return ref.index - 1;
    *why = "there is no " + side + " #" + std::to_string(ref.index) + " (there are " +
           std::to_string(labels.size()) + " " + plural + ")";
    return -1;
  }
  const auto count = std::count(labels.begin(), labels.end(), ref.label);
  if (count == 1)
    return static_cast<int>(std::find(labels.begin(), labels.end(), ref.label) - labels.begin());
  if (count == 0)
    *why = "unknown " + side + " \"" + ref.label + "\" (the " + plural + " are " +
           label_list(labels) + ")";
  else
    *why = side + " \"" + ref.label + "\" appears " + std::to_string(count) +
           " times: name it by number, e.g. #" +
           std::to_string(std::find(labels.begin(), labels.end(), ref.label) - labels.begin() + 1);
  return -1;
}

bool uses_query(CheckKind k) {
  return k == CheckKind::Weight || k == CheckKind::Argmax || k == CheckKind::Entropy ||
         k == CheckKind::MaxWeight || k == CheckKind::Output || k == CheckKind::Allowed ||
         k == CheckKind::FullyMasked;
}
bool uses_key(CheckKind k) {
  return k == CheckKind::Weight || k == CheckKind::Argmax || k == CheckKind::Allowed;
}

// The head result a per-head check reads, or null with *why set; also guards against a
// Result that does not match the State.
const HeadResult* head_of(const Check& c, const State& s, const Result& r, std::string* why) {
  const int h = c.head - 1;
  if (h >= static_cast<int>(r.heads.size())) {
    *why = "there is no head " + std::to_string(c.head) + " (the state has " +
           std::to_string(r.heads.size()) + ")";
    return nullptr;
  }
  const HeadResult& hr = r.heads[h];
  if (hr.weights.rows() != s.input.Q.rows() || hr.weights.cols() != s.input.K.rows() ||
      hr.entropy.size() != hr.weights.rows() || hr.allowed.rows() != hr.weights.rows() ||
      hr.allowed.cols() != hr.weights.cols()) {
    *why = "the result does not match the state";
    return nullptr;
  }
  return &hr;
}

CheckOutcome eval_argmax(const HeadResult& h, const State& s, int i, int j, const Check& c) {
  if (h.allowed.row(i).cast<int>().sum() == 0)
    return {false, "argmax: " + ref_text(c.query) + " may attend to no key"};
  Eigen::Index best = 0;
  // maxCoeff keeps the first of equal values: ties go to the lower index, like top-k.
  h.weights.row(i).maxCoeff(&best);
  const std::string& label = s.key_tokens[best];
  return {best == j, ref_text(c.query) + " attends most to " + label + " (#" +
                         std::to_string(best + 1) + ", weight " + num(h.weights(i, best), 0) +
                         "); needs " + ref_text(c.key)};
}

CheckOutcome eval_output(const Result& r, int i, const Check& c) {
  if (r.output.rows() <= i) return {false, "the result does not match the state"};
  if (static_cast<std::size_t>(r.output.cols()) != c.near.size())
    return {false, "the output has " + std::to_string(r.output.cols()) +
                       " columns but the check's vector has " + std::to_string(c.near.size())};
  const Eigen::Map<const Eigen::RowVectorXd> target(c.near.data(), c.near.size());
  const double dist = (r.output.row(i) - target).norm();
  return compared("distance of " + ref_text(c.query) + "'s output to the target", dist, c.cmp,
                  c.number);
}

CheckOutcome eval_param(const Check& c, const AttentionInput& in) {
  const ScoringParams& p = in.scoring;
  if (c.name == "v") {
    if (c.row > p.v.size())
      return {false, "v has no entry " + std::to_string(c.row) + " (it has " +
                         std::to_string(p.v.size()) + "; v is used by additive scoring)"};
    return compared("v[" + std::to_string(c.row) + "]", p.v(c.row - 1), c.cmp, c.number);
  }
  const Matrix& m = c.name == "Q"    ? in.Q
                    : c.name == "K"  ? in.K
                    : c.name == "V"  ? in.V
                    : c.name == "W"  ? p.W
                    : c.name == "Wq" ? p.Wq
                    : c.name == "Wk" ? p.Wk
                                     : in.Wo;
  const std::string cell =
      c.name + "[" + std::to_string(c.row) + ", " + std::to_string(c.col) + "]";
  if (c.row > m.rows() || c.col > m.cols())
    return {false, c.name + " has no entry [" + std::to_string(c.row) + ", " +
                       std::to_string(c.col) + "] (it is " + std::to_string(m.rows()) + " × " +
                       std::to_string(m.cols()) + ")"};
  return compared(cell, m(c.row - 1, c.col - 1), c.cmp, c.number);
}

const char* mask_name(MaskKind k) {
  switch (k) {
    case MaskKind::None:
      return "none";
    case MaskKind::Causal:
      return "causal";
    case MaskKind::Padding:
      return "padding";
    case MaskKind::Custom:
      return "custom";
  }
  return "?";
}

CheckOutcome named(const char* what, const std::string& value, const std::string& wanted) {
  return {value == wanted, std::string(what) + " is " + value + "; needs " + wanted};
}

// Checks on the state's settings, which need no token and no result.
CheckOutcome eval_setting(const Check& c, const AttentionInput& in) {
  const SparsitySpec& sp = in.sparsity;
  switch (c.kind) {
    case CheckKind::Scoring:
      return named("scoring", scoring_name(in.scoring.kind), c.name);
    case CheckKind::Mask:
      return named("mask", mask_name(in.mask.kind), c.name);
    case CheckKind::Temperature:
      return compared("temperature", in.temperature, c.cmp, c.number);
    case CheckKind::D:
      return compared("d", in.Q.cols(), c.cmp, c.number);
    case CheckKind::DV:
      return compared("d_v", in.V.cols(), c.cmp, c.number);
    case CheckKind::Heads:
      return compared("heads", in.heads, c.cmp, c.number);
    case CheckKind::Tokens:
      return compared("tokens", in.K.rows(), c.cmp, c.number);
    case CheckKind::Window:
      return compared("window", sp.window, c.cmp, c.number);
    case CheckKind::Stride:
      return compared("stride", sp.stride, c.cmp, c.number);
    case CheckKind::TopK:
      return compared("top_k", sp.top_k, c.cmp, c.number);
    case CheckKind::Global: {
      const int n = static_cast<int>(c.number);
      const bool holds = std::find(sp.global.begin(), sp.global.end(), n - 1) != sp.global.end();
      return {holds, "token #" + std::to_string(n) + (holds ? " is" : " is not") + " global"};
    }
    case CheckKind::Param:
      return eval_param(c, in);
    default:
      return {false, "not a setting"};
  }
}

CheckOutcome eval_token_check(const Check& c, const State& s, const Result& r, int i, int j) {
  const std::string q = ref_text(c.query), k = ref_text(c.key);
  if (c.kind == CheckKind::Output) return eval_output(r, i, c);
  std::string why;
  const HeadResult* h = head_of(c, s, r, &why);
  if (!h) return {false, why};
  switch (c.kind) {
    case CheckKind::Weight:
      return compared("weight " + q + " → " + k, h->weights(i, j), c.cmp, c.number);
    case CheckKind::Argmax:
      return eval_argmax(*h, s, i, j, c);
    case CheckKind::Entropy:
      return compared("entropy of " + q, h->entropy(i), c.cmp, c.number);
    case CheckKind::MaxWeight:
      return compared("max weight of " + q, h->weights.row(i).maxCoeff(), c.cmp, c.number);
    case CheckKind::Allowed: {
      const bool allowed = h->allowed(i, j) != 0;
      return {allowed == (c.number == 1), q + " → " + k + (allowed ? " is" : " is not") +
                                              " allowed; needs " +
                                              (c.number == 1 ? "allowed" : "masked out")};
    }
    case CheckKind::FullyMasked: {
      const bool none = h->allowed.row(i).cast<int>().sum() == 0;
      return {none, q + (none ? " may attend to no key" : " may attend to some key") +
                        "; needs no key at all"};
    }
    default:
      return {false, "not a token check"};
  }
}

}  // namespace

std::string check_token_error(const Check& check, const State& state) {
  std::string why;
  if (uses_query(check.kind) && resolve(check.query, state, true, &why) < 0) return why;
  if (uses_key(check.kind) && resolve(check.key, state, false, &why) < 0) return why;
  return "";
}

CheckOutcome check_evaluate(const Check& check, const State& state, const Result& result) {
  if (!uses_query(check.kind)) return eval_setting(check, state.input);
  std::string why;
  const int i = resolve(check.query, state, true, &why);
  const int j = uses_key(check.kind) ? resolve(check.key, state, false, &why) : 0;
  if (i < 0 || j < 0) return {false, why};
  return eval_token_check(check, state, result, i, j);
}

bool check_holds(const Check& check, const State& state, const Result& result) {
  return check_evaluate(check, state, result).holds;
}

bool goal_met(const Goal& goal, const State& state, const Result& result) {
  if (goal.checks.empty()) return false;
  for (const Check& c : goal.checks)
    if (!check_holds(c, state, result)) return false;
  return true;
}

std::string goal_why_not(const Goal& goal, const State& state, const Result& result) {
  if (goal.checks.empty()) return "the goal has no check";
  for (const Check& c : goal.checks)
    if (CheckOutcome o = check_evaluate(c, state, result); !o.holds) return o.detail;
  return "";
}

}  // namespace ap
