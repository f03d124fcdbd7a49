// State ⇄ JSON (schema in README.md, "The State JSON"). Decoding never throws: every access
// checks the type first, and parse errors come from a SAX handler rather than exceptions,
// because the web build has exception catching disabled.
//
// [SECTION] Quiet parsing
// [SECTION] Field readers
// [SECTION] Decode
// [SECTION] Encode
#include <cmath>
#include <limits>
#include <set>

#include "state/json_decode.h"

namespace ap {

using nlohmann::json;

// ---------------------------------------------------------------------------------------
// [SECTION] Quiet parsing
// ---------------------------------------------------------------------------------------
namespace {

// Builds the DOM like nlohmann's own parser but records the error instead of throwing.
struct QuietSax {
  nlohmann::detail::json_sax_dom_parser<json> dom;
  std::string error;
  explicit QuietSax(json& out) : dom(out, false) {}
  bool null() { return count() && dom.null(); }
  bool boolean(bool v) { return count() && dom.boolean(v); }
  bool number_integer(json::number_integer_t v) { return count() && dom.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return count() && dom.number_unsigned(v); }
  bool number_float(json::number_float_t v, const std::string& s) {
    return count() && dom.number_float(v, s);
  }
  bool string(std::string& v) { return count() && dom.string(v); }
  bool binary(json::binary_t& v) { return count() && dom.binary(v); }
  bool start_object(std::size_t n) { return depth_ok() && count() && dom.start_object(n); }
  bool key(std::string& k) { return dom.key(k); }
  bool end_object() { return --depth, dom.end_object(); }
  bool start_array(std::size_t n) { return depth_ok() && count() && dom.start_array(n); }
  bool end_array() { return --depth, dom.end_array(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 3: …" → from "parse error"
    const auto at = what.find("] ");
    // nlohmann quotes the bytes it read last, which may be cut UTF-8.
    error =
        "invalid JSON: " + utf8_quote(at == std::string::npos ? what : what.substr(at + 2), 160);
    return false;
  }
  // Every value counts, so a document of tiny values cannot build a huge tree.
  long values = 0;
  bool count() {
    if (++values <= kMaxJsonValues) return true;
    error = "the JSON holds more than " + std::to_string(kMaxJsonValues) +
            " values; a state has at most " + std::to_string(kMaxStateCells) + " matrix entries";
    return false;
  }
  // Deeply nested input would otherwise recurse without bound in json's destructor.
  int depth = 0;
  bool depth_ok() {
    if (++depth <= 16) return true;
    error = "invalid JSON: nested more than 16 levels deep";
    return false;
  }
};

}  // namespace

json json_parse_quiet(const std::string& text, std::string* error) {
  json out;
  if (text.size() > kMaxJsonBytes) {
    *error = "the JSON is " + std::to_string(text.size()) + " bytes; a state is at most " +
             std::to_string(kMaxJsonBytes) + " bytes (8 MiB)";
    return json(json::value_t::discarded);
  }
  QuietSax sax(out);
  const bool ok = json::sax_parse(text, &sax, json::input_format_t::json, true, false);
  if (!ok || sax.dom.is_errored()) {
    *error = sax.error.empty() ? "invalid JSON" : sax.error;
    return json(json::value_t::discarded);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Field readers
// ---------------------------------------------------------------------------------------
namespace {

// A short, printable quote of a JSON value for an error message.
std::string brief(const json& v) {
  return utf8_quote(v.dump(-1, ' ', false, json::error_handler_t::replace));
}

// Reads JSON into typed fields; the first problem is kept in `error` and later reads
// become no-ops, so decoding code reads straight through without nested ifs.
struct Reader {
  std::string error;
  bool failed() const { return !error.empty(); }
  void fail(std::string message) {
    if (error.empty()) error = std::move(message);
  }

  // A matrix cell: a number, or the strings "NaN"/"Infinity"/"-Infinity" (which JSON cannot
  // spell) so that the core's validation can name the cell that holds them.
  double cell(const json& v, const std::string& where) {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      if (s == "NaN" || s == "nan") return std::numeric_limits<double>::quiet_NaN();
      if (s == "Infinity" || s == "inf") return std::numeric_limits<double>::infinity();
      if (s == "-Infinity" || s == "-inf") return -std::numeric_limits<double>::infinity();
    }
    fail(where + " must be a number, not " + brief(v));
    return 0;
  }

  Matrix matrix(const json& v, const std::string& name) {
    if (failed()) return {};
    if (!v.is_array()) {
      fail(name + " must be an array of rows, e.g. [[1, 0], [0, 1]]");
      return {};
    }
    if (v.size() > static_cast<std::size_t>(kMaxTokens)) {
      fail(name + " has " + std::to_string(v.size()) + " rows; at most " +
           std::to_string(kMaxTokens) + " tokens are supported");
      return {};
    }
    std::size_t cols = v.empty() ? 0 : (v[0].is_array() ? v[0].size() : 0);
    if (cols > static_cast<std::size_t>(kMaxWidth)) {
      fail(name + " has width " + std::to_string(cols) + "; a matrix is at most " +
           std::to_string(kMaxWidth) + " wide (the widest table the page can draw)");
      return {};
    }
    Matrix m(v.size(), cols);
    for (std::size_t i = 0; i < v.size() && !failed(); ++i) {
      const json& row = v[i];
      const std::string where = name + " row " + std::to_string(i);
      if (!row.is_array()) return fail(where + " must be an array of numbers"), Matrix{};
      if (row.size() != cols) {
        return fail(where + " has " + std::to_string(row.size()) + " entries but row 0 has " +
                    std::to_string(cols)),
               Matrix{};
      }
      for (std::size_t j = 0; j < cols; ++j)
        m(i, j) = cell(row[j], where + ", column " + std::to_string(j));
    }
    return m;
  }

  Vector vector(const json& v, const std::string& name) {
    if (failed()) return {};
    if (!v.is_array() || v.size() > static_cast<std::size_t>(kMaxWidth)) {
      fail(name + " must be an array of at most " + std::to_string(kMaxWidth) + " numbers");
      return {};
    }
    Vector out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
      out(i) = cell(v[i], name + " entry " + std::to_string(i));
    return out;
  }

  long integer(const json& v, const std::string& name, long lo, long hi) {
    if (failed()) return lo;
    const bool integral =
        v.is_number_integer() || (v.is_number_float() && std::isfinite(v.get<double>()) &&
                                  v.get<double>() == std::floor(v.get<double>()));
    const double x = integral ? v.get<double>() : 0;
    if (!integral || x < lo || x > hi) {
      fail(name + " must be a whole number from " + std::to_string(lo) + " to " +
           std::to_string(hi) + ", not " + brief(v));
      return lo;
    }
    return static_cast<long>(x);
  }

  double number(const json& v, const std::string& name) {
    if (failed()) return 0;
    if (!v.is_number()) fail(name + " must be a number, not " + brief(v));
    return v.is_number() ? v.get<double>() : 0;
  }

  std::string text(const json& v, const std::string& name) {
    if (failed()) return {};
    if (!v.is_string()) fail(name + " must be a string");
    return v.is_string() ? v.get<std::string>() : std::string{};
  }

  std::vector<std::string> labels(const json& v, const std::string& name) {
    std::vector<std::string> out;
    if (failed()) return out;
    if (!v.is_array() || v.size() > static_cast<std::size_t>(kMaxTokens)) {
      fail(name + " must be an array of strings");
      return out;
    }
    for (std::size_t i = 0; i < v.size(); ++i)
      out.push_back(text(v[i], name + " entry " + std::to_string(i)));
    return out;
  }
};

const std::set<std::string>& known_keys() {
  static const std::set<std::string> keys = {
      "tokens",   "query_tokens", "key_tokens", "Q",      "K",           "V",    "scoring",
      "W",        "Wq",           "Wk",         "v",      "temperature", "mask", "valid_length",
      "sparsity", "heads",        "Wo",         "comment"};
  return keys;
}

// The parameters of the kind's row (kinds.h): all must be present.
void read_scoring_params(Reader& r, const json& j, ScoringParams* p) {
  const ScoringKindInfo& kind = scoring_info(p->kind);
  for (ScoringParam param : kind.param_list()) {
    const char* name = scoring_param_info(param).name;
    if (!j.contains(name)) {
      r.fail(std::string(kind.id) + " scoring needs \"" + name + "\" " +
             scoring_param_shape_text(param, false));
    }
  }
  for (ScoringParam param : kind.param_list()) {
    const ScoringParamInfo& info = scoring_param_info(param);
    if (r.failed()) return;
    if (info.is_vector())
      p->*info.vector = r.vector(j[info.name], info.name);
    else
      p->*info.matrix = r.matrix(j[info.name], info.name);
  }
}

void read_mask(Reader& r, const json& j, MaskSpec* mask) {
  const auto it = j.find("mask");
  if (j.contains("valid_length") && !(it != j.end() && it->is_string() && *it == "padding"))
    return r.fail("valid_length is only used with mask \"padding\"");
  if (it == j.end()) return;
  if (it->is_array()) {
    const Matrix m = r.matrix(*it, "mask");
    mask->kind = MaskKind::Custom;
    mask->allowed = MaskMatrix::Zero(m.rows(), m.cols());
    for (Eigen::Index a = 0; a < m.rows() && !r.failed(); ++a)
      for (Eigen::Index b = 0; b < m.cols(); ++b) {
        if (m(a, b) != 0 && m(a, b) != 1) {
          r.fail("mask row " + std::to_string(a) + ", column " + std::to_string(b) +
                 " must be 0 or 1");
          break;
        }
        mask->allowed(a, b) = m(a, b) == 1;
      }
    return;
  }
  std::vector<std::string> choices;
  for (const MaskKindInfo& m : kMaskKinds)
    if (!m.by_matrix) choices.push_back("\"" + std::string(m.id) + "\"");
  choices.push_back("an array of 0/1 rows");
  if (!it->is_string())
    return r.fail("mask must be " + join_or(choices, false) + ", not " + brief(*it));
  const std::string name = it->get<std::string>();
  if (!mask_from_name(name, &mask->kind) || mask_info(mask->kind).by_matrix) {
    mask->kind = MaskKind::None;
    return r.fail("unknown mask \"" + utf8_quote(name) + "\": use " + join_or(choices, false));
  }
  if (mask->kind == MaskKind::Padding) {
    const auto len = j.find("valid_length");
    if (len == j.end())
      r.fail("mask \"padding\" needs \"valid_length\" (how many keys are real)");
    else
      mask->valid_length = static_cast<int>(r.integer(*len, "valid_length", 0, kMaxTokens));
  }
}

void read_sparsity(Reader& r, const json& j, SparsitySpec* s) {
  const auto it = j.find("sparsity");
  if (it == j.end() || it->is_null()) return;
  if (!it->is_object()) return r.fail("sparsity must be an object like {\"window\": 1}");
  for (const auto& [key, value] : it->items()) {
    const SparsityRuleInfo* rule = nullptr;
    for (const SparsityRuleInfo& info : kSparsityRules)
      if (key == info.id) rule = &info;
    if (!rule) {
      return r.fail("unknown sparsity key \"" + utf8_quote(key) + "\": use " +
                    sparsity_id_list(false));
    }
    const std::string what = std::string("sparsity ") + rule->id;
    if (int* field = sparsity_field(*s, rule->rule)) {
      *field = static_cast<int>(r.integer(value, what, rule->least, kMaxTokens));
      continue;
    }
    if (!value.is_array() || value.size() > static_cast<std::size_t>(kMaxTokens))
      return r.fail(what + " must be an array of token indices");
    for (const json& g : value)
      s->global.push_back(static_cast<int>(r.integer(g, what + " index", rule->least, kMaxTokens)));
  }
}

std::vector<std::string> default_labels(const char* prefix, Eigen::Index n) {
  std::vector<std::string> out;
  for (Eigen::Index i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i + 1));
  return out;
}

void read_labels(Reader& r, const json& j, State* s) {
  const bool has_tokens = j.contains("tokens"), has_keys = j.contains("key_tokens");
  if (has_tokens && has_keys) return r.fail("give either \"tokens\" or \"key_tokens\", not both");
  if (has_tokens) s->key_tokens = r.labels(j["tokens"], "tokens");
  if (has_tokens && !r.failed() &&
      static_cast<Eigen::Index>(s->key_tokens.size()) != s->input.K.rows()) {
    return r.fail("tokens has " + std::to_string(s->key_tokens.size()) + " labels but K has " +
                  std::to_string(s->input.K.rows()) + " rows (one label per token)");
  }
  if (has_keys) s->key_tokens = r.labels(j["key_tokens"], "key_tokens");
  if (j.contains("query_tokens"))
    s->query_tokens = r.labels(j["query_tokens"], "query_tokens");
  else if (has_tokens && s->input.Q.rows() == s->input.K.rows())
    s->query_tokens = s->key_tokens;
  if (!has_tokens && !has_keys) s->key_tokens = default_labels("k", s->input.K.rows());
  if (s->query_tokens.empty() && !j.contains("query_tokens")) {
    const bool self = s->input.Q.rows() == s->input.K.rows() && !has_tokens && !has_keys;
    s->query_tokens =
        self ? default_labels("x", s->input.Q.rows()) : default_labels("q", s->input.Q.rows());
    if (self) s->key_tokens = s->query_tokens;
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------
// [SECTION] Decode
// ---------------------------------------------------------------------------------------

Decoded<State> state_from_json_value(const json& j) {
  Decoded<State> out;
  if (!j.is_object()) {
    out.error = "a state must be a JSON object with at least \"Q\", \"K\" and \"V\"";
    return out;
  }
  Reader r;
  for (const auto& [key, value] : j.items()) {
    (void)value;
    if (!known_keys().count(key)) {
      r.fail("unknown key \"" + utf8_quote(key) + "\" in the state");
      break;
    }
  }
  for (const char* name : {"Q", "K", "V"})
    if (!j.contains(name)) r.fail(std::string("the state has no \"") + name + "\" matrix");

  State s;
  AttentionInput& in = s.input;
  in.Q = r.matrix(j.value("Q", json()), "Q");
  in.K = r.matrix(j.value("K", json()), "K");
  in.V = r.matrix(j.value("V", json()), "V");
  if (j.contains("scoring")) {
    const std::string name = r.text(j["scoring"], "scoring");
    if (!r.failed() && !scoring_from_name(name, &in.scoring.kind))
      r.fail("unknown scoring \"" + utf8_quote(name) + "\": use " + scoring_id_list(true));
  }
  read_scoring_params(r, j, &in.scoring);
  if (j.contains("temperature")) in.temperature = r.number(j["temperature"], "temperature");
  if (j.contains("heads"))
    in.heads = static_cast<int>(r.integer(j["heads"], "heads", 1, kMaxHeads));
  if (j.contains("Wo") && !j["Wo"].is_null()) in.Wo = r.matrix(j["Wo"], "Wo");
  if (!r.failed()) read_mask(r, j, &in.mask);
  if (!r.failed()) read_sparsity(r, j, &in.sparsity);
  if (!r.failed()) read_labels(r, j, &s);
  if (j.contains("comment") && r.text(j["comment"], "comment").size() > kMaxCommentBytes) {
    r.fail("comment is longer than " + std::to_string(kMaxCommentBytes) + " bytes");
  }

  if (r.failed()) {
    out.error = r.error;
    return out;
  }
  if (auto e = state_validate(s); !e.empty()) {
    out.error = e;
    return out;
  }
  out.value = std::move(s);
  return out;
}

Decoded<State> state_from_json(const std::string& text) {
  std::string error;
  const json j = json_parse_quiet(text, &error);
  if (j.is_discarded()) return {std::nullopt, error};
  return state_from_json_value(j);
}

// ---------------------------------------------------------------------------------------
// [SECTION] Encode
// ---------------------------------------------------------------------------------------
namespace {

template <class M>
json matrix_json(const M& m) {
  json rows = json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    json row = json::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(static_cast<double>(m(i, c)));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::string state_to_json(const State& s, int indent) {
  const AttentionInput& in = s.input;
  json j = json::object();
  if (s.query_tokens == s.key_tokens) {
    j["tokens"] = s.key_tokens;
  } else {
    j["query_tokens"] = s.query_tokens;
    j["key_tokens"] = s.key_tokens;
  }
  j["Q"] = matrix_json(in.Q);
  j["K"] = matrix_json(in.K);
  j["V"] = matrix_json(in.V);
  j["scoring"] = scoring_name(in.scoring.kind);
  for (ScoringParam param : scoring_info(in.scoring.kind).param_list()) {
    const ScoringParamInfo& info = scoring_param_info(param);
    if (info.is_vector()) {
      const Vector& v = in.scoring.*info.vector;
      j[info.name] = std::vector<double>(v.data(), v.data() + v.size());
    } else {
      j[info.name] = matrix_json(in.scoring.*info.matrix);
    }
  }
  j["temperature"] = in.temperature;
  if (mask_info(in.mask.kind).by_matrix)
    j["mask"] = matrix_json(in.mask.allowed.cast<int>());
  else
    j["mask"] = mask_name(in.mask.kind);
  if (in.mask.kind == MaskKind::Padding) j["valid_length"] = in.mask.valid_length;
  const SparsitySpec& sp = in.sparsity;
  if (sp.any_local() || sp.top_k > 0) {
    json o = json::object();
    for (const SparsityRuleInfo& rule : kSparsityRules) {
      if (!sparsity_on(sp, rule.rule)) continue;
      if (rule.rule == SparsityRule::Global)
        o[rule.id] = sp.global;
      else
        o[rule.id] = sparsity_value(sp, rule.rule);
    }
    j["sparsity"] = o;
  }
  j["heads"] = in.heads;
  if (in.Wo.size() > 0) j["Wo"] = matrix_json(in.Wo);
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace ap
