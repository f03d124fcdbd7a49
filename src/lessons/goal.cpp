// Check and goal evaluation against a State and its Result. Evaluation never indexes out of
// range: a token, head or entry that does not exist makes the check false with a sentence
// saying why. Parsing is in check_parse.cpp.
#include "lessons/goal.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ap {

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

// The kinds that use a scoring parameter, for "v is used by additive scoring".
std::string kinds_using(ScoringParam param) {
  std::vector<std::string> ids;
  for (const ScoringKindInfo& k : kScoringKinds)
    for (ScoringParam p : k.param_list())
      if (p == param) ids.push_back(k.id);
  return join_or(ids, false);
}

CheckOutcome eval_param(const Check& c, const AttentionInput& in) {
  ScoringParam param;
  const bool scoring = scoring_param_from_name(c.name, &param);
  if (scoring && scoring_param_info(param).is_vector()) {
    const Eigen::Map<const Matrix> v = scoring_param_values(in.scoring, param);
    if (c.row > v.size())
      return {false, c.name + " has no entry " + std::to_string(c.row) + " (it has " +
                         std::to_string(v.size()) + "; " + c.name + " is used by " +
                         kinds_using(param) + " scoring)"};
    return compared(c.name + "[" + std::to_string(c.row) + "]", v(0, c.row - 1), c.cmp, c.number);
  }
  const Matrix& input = c.name == "Q" ? in.Q : c.name == "K" ? in.K : c.name == "V" ? in.V : in.Wo;
  const Eigen::Map<const Matrix> values =
      scoring ? scoring_param_values(in.scoring, param)
              : Eigen::Map<const Matrix>(input.data(), input.rows(), input.cols());
  const std::string cell =
      c.name + "[" + std::to_string(c.row) + ", " + std::to_string(c.col) + "]";
  if (c.row > values.rows() || c.col > values.cols())
    return {false, c.name + " has no entry [" + std::to_string(c.row) + ", " +
                       std::to_string(c.col) + "] (it is " + std::to_string(values.rows()) + " × " +
                       std::to_string(values.cols()) + ")"};
  return compared(cell, values(c.row - 1, c.col - 1), c.cmp, c.number);
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
    case CheckKind::Weight:
    case CheckKind::Argmax:
    case CheckKind::Entropy:
    case CheckKind::MaxWeight:
    case CheckKind::Output:
    case CheckKind::Allowed:
    case CheckKind::FullyMasked:
    case CheckKind::Model:
      break;
  }
  return {false, "not a setting"};
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
    case CheckKind::Output:  // handled above, without a head
    case CheckKind::Scoring:
    case CheckKind::Mask:
    case CheckKind::Temperature:
    case CheckKind::D:
    case CheckKind::DV:
    case CheckKind::Heads:
    case CheckKind::Tokens:
    case CheckKind::Window:
    case CheckKind::Stride:
    case CheckKind::TopK:
    case CheckKind::Global:
    case CheckKind::Param:
    case CheckKind::Model:
      break;
  }
  return {false, "not a token check"};
}

// A fact of a trained model against the check (model_facts.h).
CheckOutcome eval_model(const Check& c, const ModelFacts* facts) {
  if (!facts) return {false, "model facts are not available here (nothing trains a model)"};
  const ModelFactInfo* info = model_fact_find(c.name);
  const auto it = facts->find(c.name);
  if (!info || it == facts->end()) return {false, "there is no model fact \"" + c.name + "\""};
  const FactValue& v = it->second;
  if (!v.known) return {false, v.missing};
  if (info->type == FactType::Number) return compared(info->what, v.number, c.cmp, c.number);
  return {v.word == c.word, std::string(info->what) + ": " + v.word + "; needs " + c.word};
}

}  // namespace

bool check_reads_models(const Check& check) {
  return check.kind == CheckKind::Model;
}

bool goal_reads_models(const Goal& goal) {
  return std::any_of(goal.checks.begin(), goal.checks.end(), check_reads_models);
}

std::string check_token_error(const Check& check, const State& state) {
  std::string why;
  if (uses_query(check.kind) && resolve(check.query, state, true, &why) < 0) return why;
  if (uses_key(check.kind) && resolve(check.key, state, false, &why) < 0) return why;
  return "";
}

CheckOutcome check_evaluate(const Check& check, const State& state, const Result& result,
                            const ModelFacts* facts) {
  if (check.kind == CheckKind::Model) return eval_model(check, facts);
  if (!uses_query(check.kind)) return eval_setting(check, state.input);
  std::string why;
  const int i = resolve(check.query, state, true, &why);
  const int j = uses_key(check.kind) ? resolve(check.key, state, false, &why) : 0;
  if (i < 0 || j < 0) return {false, why};
  return eval_token_check(check, state, result, i, j);
}

bool check_holds(const Check& check, const State& state, const Result& result,
                 const ModelFacts* facts) {
  return check_evaluate(check, state, result, facts).holds;
}

bool goal_met(const Goal& goal, const State& state, const Result& result, const ModelFacts* facts) {
  if (goal.checks.empty()) return false;
  for (const Check& c : goal.checks)
    if (!check_holds(c, state, result, facts)) return false;
  return true;
}

std::string goal_why_not(const Goal& goal, const State& state, const Result& result,
                         const ModelFacts* facts) {
  if (goal.checks.empty()) return "the goal has no check";
  for (const Check& c : goal.checks)
    if (CheckOutcome o = check_evaluate(c, state, result, facts); !o.holds) return o.detail;
  return "";
}

}  // namespace ap
