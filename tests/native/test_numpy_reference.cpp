// Holds the C++ core to the independent NumPy reference in tests/reference/numpy_attention.py.
// A few hundred seeded random states (every scoring kind × shapes × masks × sparsity × heads
// × W_o × temperature) are sent to Python in one run and compared stage by stage; each
// state's JSON round trip must reproduce the same result exactly. Needs python3 + NumPy.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/attention.h"
#include "state/state.h"

namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------
// Random cases
// ---------------------------------------------------------------------------------------

struct Shape {
  int n_q, n_k, d, d_k, d_v, heads;
};

const Shape kShapes[] = {
    {1, 1, 1, 1, 1, 1},       // n = 1, d = 1
    {4, 4, 2, 2, 2, 1},       // the default teaching size
    {3, 5, 4, 4, 6, 1},       // cross-attention, n_q < n_k, d_v ≠ d
    {6, 2, 3, 3, 1, 1},       // cross-attention, n_q > n_k
    {5, 5, 1, 1, 3, 1},       // d = 1
    {17, 17, 12, 12, 12, 1},  // larger
    {6, 6, 4, 4, 4, 2},       // two heads
    {7, 4, 6, 6, 2, 2},       // cross-attention, two heads
    {5, 5, 6, 6, 9, 3},       // three heads, d_v ≠ d
    {17, 17, 12, 12, 12, 3},  // larger, three heads
    {1, 6, 3, 3, 3, 3},       // one query, heads of width 1
    {4, 6, 2, 5, 3, 1},       // d ≠ d_k: general and additive only
    {5, 3, 4, 6, 2, 2},       // d ≠ d_k with two heads: general and additive only
};

ap::SparsitySpec sparse(int window, int stride, std::vector<int> global, int top_k) {
  ap::SparsitySpec s;
  s.window = window;
  s.stride = stride;
  s.global = std::move(global);
  s.top_k = top_k;
  return s;
}

// Sparse patterns (window, stride, global, top_k; −1 / 0 / {} / 0 = off). Global indices
// past max(n_q, n_k) are dropped per case.
const ap::SparsitySpec kSparsity[] = {
    sparse(-1, 0, {}, 0),     // dense
    sparse(1, 0, {}, 0),      // window
    sparse(-1, 2, {}, 0),     // stride
    sparse(-1, 0, {0}, 0),    // global
    sparse(-1, 0, {}, 2),     // top-k
    sparse(0, 3, {}, 0),      // window ∪ stride
    sparse(1, 0, {1, 4}, 2),  // (window ∪ global) then top-k
    sparse(-1, 2, {}, 3),     // stride then top-k
    sparse(2, 2, {0, 2}, 1),  // all three then top-k
};

const double kTemperatures[] = {0.25, 1.0, 3.0};
const ap::MaskKind kMasks[] = {ap::MaskKind::None, ap::MaskKind::Causal, ap::MaskKind::Padding,
                               ap::MaskKind::Custom};
const ap::ScoringKind kKinds[] = {ap::ScoringKind::Dot, ap::ScoringKind::ScaledDot,
                                  ap::ScoringKind::General, ap::ScoringKind::Additive,
                                  ap::ScoringKind::Cosine};

struct Case {
  std::string label;
  ap::State state;
  json reference;  // filled from the NumPy run
};

ap::Matrix random_matrix(std::mt19937& rng, int rows, int cols) {
  std::normal_distribution<double> normal(0.0, 1.0);
  ap::Matrix m(rows, cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) m(i, j) = normal(rng);
  return m;
}

// A random 0/1 matrix where about one row in five is all zero (a fully masked query).
ap::MaskMatrix random_mask(std::mt19937& rng, int rows, int cols) {
  std::bernoulli_distribution keep(0.6), empty_row(0.2);
  ap::MaskMatrix m(rows, cols);
  for (int i = 0; i < rows; ++i) {
    const bool empty = empty_row(rng);
    for (int j = 0; j < cols; ++j) m(i, j) = !empty && keep(rng);
  }
  return m;
}

std::vector<std::string> labels(const char* prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

// What one case is made of; indices point into the tables above.
struct Recipe {
  int kind, shape, mask, sparsity;
  double temperature;
  bool with_wo;
  bool integers = false;  // Q, K and scoring parameters rounded, so top-k meets exact ties
};

ap::Matrix random_params(std::mt19937& rng, int rows, int cols, bool integers) {
  ap::Matrix m = random_matrix(rng, rows, cols);
  if (integers) m = m.array().round();
  return m;
}

ap::State make_state(std::mt19937& rng, const Recipe& r) {
  const Shape& s = kShapes[r.shape];
  ap::State st;
  st.query_tokens = labels("q", s.n_q);
  st.key_tokens = labels("k", s.n_k);
  ap::AttentionInput& in = st.input;
  in.Q = random_params(rng, s.n_q, s.d, r.integers);
  in.K = random_params(rng, s.n_k, s.d_k, r.integers);
  in.V = random_matrix(rng, s.n_k, s.d_v);
  in.heads = s.heads;
  in.temperature = r.temperature;
  in.scoring.kind = kKinds[r.kind];
  const int d_h = s.d / s.heads, dk_h = s.d_k / s.heads;
  if (in.scoring.kind == ap::ScoringKind::General)
    in.scoring.W = random_params(rng, d_h, dk_h, r.integers);
  if (in.scoring.kind == ap::ScoringKind::Additive) {
    const int a = std::uniform_int_distribution<int>(1, 5)(rng);
    in.scoring.Wq = random_params(rng, a, d_h, r.integers);
    in.scoring.Wk = random_params(rng, a, dk_h, r.integers);
    in.scoring.v = random_params(rng, a, 1, r.integers);
  }
  in.mask.kind = kMasks[r.mask];
  if (in.mask.kind == ap::MaskKind::Padding)
    in.mask.valid_length = std::uniform_int_distribution<int>(0, s.n_k)(rng);
  if (in.mask.kind == ap::MaskKind::Custom) in.mask.allowed = random_mask(rng, s.n_q, s.n_k);
  in.sparsity = kSparsity[r.sparsity];
  std::erase_if(in.sparsity.global, [&](int g) { return g >= std::max(s.n_q, s.n_k); });
  if (r.with_wo) in.Wo = random_matrix(rng, s.d_v, std::uniform_int_distribution<int>(1, 4)(rng));
  return st;
}

// One line naming the recipe, for failure messages.
std::string describe(const Recipe& r) {
  const char* masks[] = {"none", "causal", "padding", "custom"};
  const Shape& s = kShapes[r.shape];
  std::ostringstream os;
  os << ap::scoring_name(kKinds[r.kind]) << "; n_q " << s.n_q << ", n_k " << s.n_k << ", d " << s.d
     << ", d_k " << s.d_k << ", d_v " << s.d_v << ", heads " << s.heads << "; mask "
     << masks[r.mask] << "; sparsity pattern " << r.sparsity << "; temperature " << r.temperature
     << (r.with_wo ? "; with Wo" : "") << (r.integers ? "; integers" : "");
  return os.str();
}

// Every kind × shape × mask with a rotating sparsity, temperature and W_o; then every
// sparsity pattern × kind on a one-head and a three-head n = 17 shape, with and without
// the causal mask; then the top-k patterns on integer inputs, where scores tie.
std::vector<Case> make_cases() {
  std::mt19937 rng(20240607);
  std::vector<Case> cases;
  auto add = [&](const Recipe& r) { cases.push_back({describe(r), make_state(rng, r), json()}); };
  const int n_shapes = std::size(kShapes), n_sparsity = std::size(kSparsity);
  for (int k = 0; k < static_cast<int>(std::size(kKinds)); ++k) {
    const bool dot_like = ap::scoring_info(kKinds[k]).equal_widths;
    for (int s = 0; s < n_shapes; ++s) {
      if (dot_like && kShapes[s].d != kShapes[s].d_k) continue;
      for (int m = 0; m < 4; ++m)
        add({k, s, m, (4 * s + m + k) % n_sparsity, kTemperatures[(s + m) % 3],
             (s + m + k) % 2 == 1});
    }
    for (int sp = 0; sp < n_sparsity; ++sp)
      for (int s : {5, 9})
        for (int m : {0, 1}) add({k, s, m, sp, kTemperatures[(sp + m) % 3], s == 9});
    for (int sp : {4, 6, 7, 8})
      for (int s : {5, 9}) add({k, s, 0, sp, 1.0, false, true});
  }
  return cases;
}

// ---------------------------------------------------------------------------------------
// The NumPy run
// ---------------------------------------------------------------------------------------

struct Suite {
  std::vector<Case> cases;
  std::string error;  // why the reference could not be run, or ""
};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Evaluates every case with NumPy in one Python process.
Suite run_numpy() {
  Suite suite{make_cases(), ""};
  // The states as one JSON array, written straight from state_to_json's text.
  std::string states = "[";
  for (const Case& c : suite.cases) {
    if (states.size() > 1) states += ',';
    states += ap::state_to_json(c.state);
  }
  states += ']';

  namespace fs = std::filesystem;
  const std::string stem = "ap_numpy_reference_" + std::to_string(getpid());
  const fs::path in = fs::temp_directory_path() / (stem + ".json");
  const fs::path err = fs::temp_directory_path() / (stem + ".err");
  std::ofstream(in) << states;
  const std::string cmd = std::string(AP_PYTHON) + " '" + AP_SOURCE_DIR +
                          "/tests/reference/numpy_attention.py' < '" + in.string() + "' 2> '" +
                          err.string() + "'";
  std::string out;
  int status = -1;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    const int raw = pclose(p);
    status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  }
  const std::string stderr_text = read_file(err);
  fs::remove(in);
  fs::remove(err);

  const json results = json::parse(out, nullptr, false);
  if (status != 0 || !results.is_array() || results.size() != suite.cases.size()) {
    suite.error = "the NumPy reference failed (is " AP_PYTHON " with NumPy installed?): `" + cmd +
                  "` exited with status " + std::to_string(status) + "; stderr:\n" + stderr_text;
    return suite;
  }
  for (size_t i = 0; i < results.size(); ++i) suite.cases[i].reference = results[i];
  return suite;
}

const Suite& suite() {
  static const Suite s = run_numpy();
  return s;
}

// ---------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------

// A JSON array of rows (or a flat array, read as one column) as a matrix.
ap::Matrix from_json(const json& j) {
  const bool flat = !j.empty() && !j[0].is_array();
  const int rows = static_cast<int>(j.size());
  const int cols = flat ? 1 : (rows ? static_cast<int>(j[0].size()) : 0);
  ap::Matrix m(rows, cols);
  for (int i = 0; i < rows; ++i)
    for (int c = 0; c < cols; ++c) m(i, c) = flat ? j[i].get<double>() : j[i][c].get<double>();
  return m;
}

// "" when got and want agree to |a − b| ≤ rel · max(1, |b|), else the first difference.
std::string first_difference(const std::string& stage, const ap::Matrix& got,
                             const ap::Matrix& want, double rel) {
  std::ostringstream os;
  os.precision(17);
  if (got.rows() != want.rows() || got.cols() != want.cols()) {
    os << stage << ": C++ is " << got.rows() << "×" << got.cols() << ", expected " << want.rows()
       << "×" << want.cols();
    return os.str();
  }
  for (Eigen::Index i = 0; i < got.rows(); ++i)
    for (Eigen::Index j = 0; j < got.cols(); ++j) {
      const double a = got(i, j), b = want(i, j);
      if (!(std::abs(a - b) <= rel * std::max(1.0, std::abs(b)))) {
        os << stage << " differs first at row " << i << ", column " << j << ": C++ " << a
           << ", expected " << b;
        return os.str();
      }
    }
  return "";
}

// Both sides compute in double; they differ only by summation order (Eigen's blocked
// products vs NumPy's BLAS) and libm's exp/tanh, about 1e-14 relative at these sizes.
// 1e-5 is the product's stated bar (DESIGN.md), so anything above it is a real bug.
constexpr double kTolerance = 1e-5;

// Every stage of one case against NumPy: "" or the first difference.
std::string compare_with_numpy(const Case& c, const ap::Result& r) {
  const json& ref = c.reference;
  const int h = c.state.input.heads;
  if (static_cast<int>(r.heads.size()) != h) return "the result has the wrong number of heads";
  for (int t = 0; t < h; ++t) {
    const ap::HeadResult& hr = r.heads[t];
    const std::string head = "head " + std::to_string(t) + " ";
    auto stage = [&](const char* name) { return from_json(h == 1 ? ref[name] : ref[name][t]); };
    for (auto d : {first_difference(head + "scores", hr.scores, stage("scores"), kTolerance),
                   first_difference(head + "scaled", hr.scaled, stage("scaled"), kTolerance),
                   first_difference(head + "weights", hr.weights, stage("weights"), kTolerance),
                   first_difference(head + "entropy", hr.entropy, stage("entropy"), kTolerance)})
      if (!d.empty()) return d;
  }
  return first_difference("output", r.output, from_json(ref["output"]), kTolerance);
}

// Checks every case of one scoring kind, stopping after a few failing ones.
void check_kind(ap::ScoringKind kind) {
  const Suite& s = suite();
  REQUIRE_MESSAGE(s.error.empty(), s.error);
  int checked = 0, failed = 0;
  for (size_t i = 0; i < s.cases.size() && failed < 3; ++i) {
    const Case& c = s.cases[i];
    if (c.state.input.scoring.kind != kind) continue;
    INFO("case ", i, " (", c.label, ")\nstate JSON: ", ap::state_to_json(c.state));
    REQUIRE(ap::state_validate(c.state) == "");
    const std::string diff = compare_with_numpy(c, ap::attend(c.state.input));
    CHECK_MESSAGE(diff.empty(), diff);
    failed += !diff.empty();
    ++checked;
  }
  if (failed == 0) CHECK(checked >= 80);
}

}  // namespace

// One TEST_CASE, so that ctest (one process per test case) also runs Python only once.
TEST_CASE("every scoring kind agrees with NumPy on a few hundred random cases") {
  const Suite& s = suite();
  REQUIRE_MESSAGE(s.error.empty(), s.error);
  CHECK(s.cases.size() >= 300);
  SUBCASE("dot") {
    check_kind(ap::ScoringKind::Dot);
  }
  SUBCASE("scaled dot") {
    check_kind(ap::ScoringKind::ScaledDot);
  }
  SUBCASE("general") {
    check_kind(ap::ScoringKind::General);
  }
  SUBCASE("additive") {
    check_kind(ap::ScoringKind::Additive);
  }
  SUBCASE("cosine") {
    check_kind(ap::ScoringKind::Cosine);
  }
}

// nlohmann writes doubles with round-trip precision, so the decoded state is bit for bit
// the same and so must be its result.
TEST_CASE("a state's JSON round trip reproduces the same result exactly") {
  const std::vector<Case> cases = make_cases();
  int failed = 0;
  for (size_t i = 0; i < cases.size() && failed < 3; ++i) {
    const ap::State& s = cases[i].state;
    const std::string text = ap::state_to_json(s);
    INFO("case ", i, " (", cases[i].label, ")\nstate JSON: ", text);
    const ap::Decoded<ap::State> back = ap::state_from_json(text);
    REQUIRE_MESSAGE(back.ok(), back.error);
    CHECK(ap::state_to_json(*back.value) == text);
    const ap::Result a = ap::attend(s.input), b = ap::attend(back.value->input);
    std::string diff = first_difference("output", b.output, a.output, 0.0);
    for (size_t t = 0; diff.empty() && t < a.heads.size(); ++t)
      diff = first_difference("head " + std::to_string(t) + " weights", b.heads[t].weights,
                              a.heads[t].weights, 0.0);
    CHECK_MESSAGE(diff.empty(), diff);
    failed += !diff.empty();
  }
}
