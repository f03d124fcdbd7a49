// The "Take it away" exports checked from the outside. The NumPy script of a
// few hundred random states (every scoring kind × mask × sparse pattern ×
// heads, with and without W_o, labels with quotes, commas and unicode) is run
// by python3 and must print ap::attend's weights and output; the PyTorch script
// is only byte-compiled and read, since torch is not installed here; CSV and
// PNG are read back with Python's csv and zlib. Needs NumPy.
//
// [SECTION] Running Python
// [SECTION] Random states
// [SECTION] NumPy and PyTorch scripts
// [SECTION] CSV and JSON
// [SECTION] PNG
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "app/export_code.h"
#include "app/export_data.h"
#include "app/png_encode.h"
#include "state/result_json.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------------------------------
// [SECTION] Running Python
// ---------------------------------------------------------------------------------------

// A fresh folder for one test's files, removed afterwards.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("ap_export_" + name + "_" + std::to_string(getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path / name, std::ios::binary) << bytes;
    return path / name;
  }
};

struct Run {
  int status = -1;
  std::string out;  // stdout, then stderr
};

// Runs `/usr/bin/python3 args` and collects what it prints.
Run python(const std::string& args) {
  Run r;
  const std::string cmd = std::string(AP_PYTHON) + " " + args + " 2>&1";
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    const int raw = pclose(p);
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  }
  return r;
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

// ---------------------------------------------------------------------------------------
// [SECTION] Random states
// ---------------------------------------------------------------------------------------

const char* kLabels[] = {"the",  "say \"hi\"", "a,b", "naïve",      "日本語", "back\\slash",
                         "it's", "🙂",       "{x}", "two\nlines", "",       "tab\there"};

std::vector<std::string> random_labels(std::mt19937& rng, Eigen::Index n) {
  std::uniform_int_distribution<int> pick(0, std::size(kLabels) - 1);
  std::vector<std::string> out;
  for (Eigen::Index i = 0; i < n; ++i) out.push_back(kLabels[pick(rng)]);
  return out;
}

int uniform(std::mt19937& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

// Sparse pattern `variant`: 0 dense, 1 window, 2 stride, 3 global, 4 top-k, 5
// all of them.
ap::SparsitySpec random_sparsity(std::mt19937& rng, int variant, int n) {
  ap::SparsitySpec s;
  if (variant == 1 || variant == 5) s.window = uniform(rng, 0, 2);
  if (variant == 2 || variant == 5) s.stride = uniform(rng, 1, 3);
  if (variant == 3 || variant == 5) {
    s.global.push_back(uniform(rng, 0, n - 1));
    if (n > 2) s.global.push_back(uniform(rng, 0, n - 1));
  }
  if (variant == 4 || variant == 5) s.top_k = uniform(rng, 1, 3);
  return s;
}

struct Recipe {
  ap::ScoringKind kind;
  ap::MaskKind mask;
  int sparsity, heads;
  bool with_wo;
  double temperature;
  bool integers = false;  // inputs rounded, so that top-k meets exact ties
};

ap::State make_state(std::mt19937& rng, const Recipe& r) {
  const int n_q = uniform(rng, 1, 6), n_k = uniform(rng, 1, 6);
  ap::State st;
  st.input = ap::test::random_input(rng, r.kind, n_q, n_k, r.heads * uniform(rng, 1, 2),
                                    r.heads * uniform(rng, 1, 2), r.heads, uniform(rng, 1, 4));
  ap::AttentionInput& in = st.input;
  if (r.integers) {
    for (ap::Matrix* m : {&in.Q, &in.K, &in.scoring.W, &in.scoring.Wq, &in.scoring.Wk})
      *m = m->array().round();
    in.scoring.v = in.scoring.v.array().round();
  }
  in.temperature = r.temperature;
  in.mask.kind = r.mask;
  if (r.mask == ap::MaskKind::Padding) in.mask.valid_length = uniform(rng, 0, n_k);
  if (r.mask == ap::MaskKind::Custom) {
    // Random 0/1 with one row all zero: a query that may attend to nothing.
    in.mask.allowed = ap::MaskMatrix(n_q, n_k);
    for (Eigen::Index i = 0; i < in.mask.allowed.size(); ++i)
      in.mask.allowed.data()[i] = uniform(rng, 0, 1);
    in.mask.allowed.row(uniform(rng, 0, n_q - 1)).setZero();
  }
  in.sparsity = random_sparsity(rng, r.sparsity, std::max(n_q, n_k));
  if (r.with_wo) in.Wo = ap::test::random_matrix(rng, in.V.cols(), uniform(rng, 1, 3));
  st.query_tokens = random_labels(rng, n_q);
  st.key_tokens = n_q == n_k && uniform(rng, 0, 1) ? st.query_tokens : random_labels(rng, n_k);
  return st;
}

const ap::MaskKind kMasks[] = {ap::MaskKind::None, ap::MaskKind::Causal, ap::MaskKind::Padding,
                               ap::MaskKind::Custom};

// Where random_states() puts the state of a scoring kind, mask (indices into
// kAllKinds and kMasks), sparse pattern variant and head count.
size_t state_index(int kind, int mask, int sparsity, int heads) {
  return ((kind * 4 + mask) * 6 + sparsity) * 2 + heads - 1;
}

// Every scoring kind × mask × sparse pattern × 1 or 2 heads, W_o and
// temperature rotating; then integer inputs with top-k (exact ties); then the
// default state.
std::vector<ap::State> random_states() {
  std::mt19937 rng(424242);
  const double temperatures[] = {0.25, 1.0, 3.0, 0.05};
  std::vector<ap::State> out;
  for (ap::ScoringKind kind : ap::test::kAllKinds)
    for (ap::MaskKind mask : kMasks)
      for (int sparsity = 0; sparsity < 6; ++sparsity)
        for (int heads : {1, 2}) {
          const int n = static_cast<int>(out.size());
          out.push_back(
              make_state(rng, {kind, mask, sparsity, heads, n % 3 != 0, temperatures[n % 4]}));
        }
  for (ap::ScoringKind kind : {ap::ScoringKind::Dot, ap::ScoringKind::General})
    for (int heads : {1, 2})
      for (int sparsity : {4, 5})
        out.push_back(
            make_state(rng, {kind, ap::MaskKind::None, sparsity, heads, false, 1.0, true}));
  out.push_back(ap::state_default());
  for (const ap::State& s : out) REQUIRE(ap::state_validate(s) == "");
  return out;
}

// ---------------------------------------------------------------------------------------
// [SECTION] NumPy and PyTorch scripts
// ---------------------------------------------------------------------------------------

// A JSON array of rows as a matrix; an empty matrix when it is not one.
ap::Matrix matrix_from_json(const json& j) {
  if (!j.is_array() || j.empty() || !j[0].is_array()) return {};
  ap::Matrix m(j.size(), j[0].size());
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      if (!j[i].is_array() || j[i].size() != size_t(m.cols()) || !j[i][c].is_number()) return {};
      m(i, c) = j[i][c].get<double>();
    }
  return m;
}

// "" when got and want agree to |a − b| ≤ 1e-9 · max(1, |b|), else the first
// difference. Both sides compute in double and differ only in summation order
// and libm, ~1e-15.
std::string first_difference(const std::string& what, const ap::Matrix& got,
                             const ap::Matrix& want) {
  std::ostringstream os;
  os.precision(17);
  if (got.rows() != want.rows() || got.cols() != want.cols()) {
    os << what << ": the script printed " << got.rows() << "×" << got.cols()
       << ", the core computed " << want.rows() << "×" << want.cols();
    return os.str();
  }
  for (Eigen::Index i = 0; i < got.rows(); ++i)
    for (Eigen::Index j = 0; j < got.cols(); ++j)
      if (!(std::abs(got(i, j) - want(i, j)) <= 1e-9 * std::max(1.0, std::abs(want(i, j))))) {
        os << what << " differs first at row " << i << ", column " << j << ": script " << got(i, j)
           << ", core " << want(i, j);
        return os.str();
      }
  return "";
}

// The script's --json output against ap::attend: "" or the first difference.
std::string compare_with_core(const std::string& printed, const ap::State& s) {
  const json j = json::parse(printed, nullptr, false);
  if (!j.is_object() || j.size() != 2 || !j.contains("weights") || !j.contains("output"))
    return "--json did not print exactly one object {\"weights\", "
           "\"output\"}:\n" +
           printed;
  const ap::Result r = ap::attend(s.input);
  const size_t h = r.heads.size();
  if (h > 1 && (!j["weights"].is_array() || j["weights"].size() != h))
    return "--json did not print one weight matrix per head";
  for (size_t t = 0; t < h; ++t) {
    const json& w = h == 1 ? j["weights"] : j["weights"][t];
    const std::string d = first_difference("head " + std::to_string(t) + " weights",
                                           matrix_from_json(w), r.heads[t].weights);
    if (!d.empty()) return d;
  }
  return first_difference("output", matrix_from_json(j["output"]), r.output);
}

// Runs many scripts in one Python process (NumPy is imported once, each script
// compiled once): each runs as __main__ with --json, then without; its output
// or traceback is kept.
const char* kDriver = R"(import contextlib, io, json, sys, traceback
results = []
for path in sys.argv[1:]:
    entry = {}
    code = compile(open(path, encoding="utf-8").read(), path, "exec")
    for flag in (["--json"], []):
        sys.argv = [path] + flag
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                exec(code, {"__name__": "__main__", "__file__": path})
        except BaseException:
            entry["error"] = traceback.format_exc()
            break
        entry["json" if flag else "text"] = out.getvalue()
    results.append(entry)
print(json.dumps(results))
)";

TEST_CASE(
    "the NumPy export prints the core's weights and output for every "
    "kind of state") {
  const std::vector<ap::State> states = random_states();
  TempDir dir("numpy");
  std::string args = quoted(dir.write("driver.py", kDriver));
  std::vector<std::string> scripts;
  for (size_t i = 0; i < states.size(); ++i) {
    scripts.push_back(ap::export_numpy(states[i]));
    args += " " + quoted(dir.write("attention_" + std::to_string(i) + ".py", scripts.back()));
  }
  const Run run = python(args);
  const json results = json::parse(run.out, nullptr, false);
  REQUIRE_MESSAGE(run.status == 0, run.out);
  REQUIRE_MESSAGE((results.is_array() && results.size() == states.size()), run.out);
  int failed = 0;
  for (size_t i = 0; i < states.size() && failed < 3; ++i) {
    INFO("state ", i, ": ", ap::state_to_json(states[i]), "\nscript:\n", scripts[i]);
    const json& e = results[i];
    std::string diff = e.contains("error") ? "the script failed:\n" + e["error"].get<std::string>()
                                           : compare_with_core(e["json"], states[i]);
    if (diff.empty() &&
        e["text"].get<std::string>().find("Output (a row per query):") == std::string::npos)
      diff = "the script without --json printed no output table:\n" + e["text"].get<std::string>();
    CHECK_MESSAGE(diff.empty(), diff);
    failed += !diff.empty();
  }
  CHECK(states.size() >= 190);
}

TEST_CASE("the NumPy export runs on its own as `python3 script --json`") {
  const std::vector<ap::State> states = random_states();
  TempDir dir("standalone");
  // Two-head additive with a custom mask and every sparse rule, and the default
  // state.
  for (size_t i : {state_index(3, 3, 5, 2), states.size() - 1}) {
    const std::string script = ap::export_numpy(states[i]);
    const Run run = python(quoted(dir.write("attention.py", script)) + " --json");
    INFO("state ", i, ": ", ap::state_to_json(states[i]), "\nscript:\n", script);
    REQUIRE_MESSAGE(run.status == 0, run.out);
    const std::string diff = compare_with_core(run.out, states[i]);
    CHECK_MESSAGE(diff.empty(), diff);
  }
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE(
    "the NumPy export writes only the code the state needs, numbers at "
    "full precision") {
  ap::State s = ap::state_default();
  s.input.scoring.kind = ap::ScoringKind::Dot;
  s.input.Q(0, 0) = 0.1 + 0.2;
  s.input.V(0, 0) = 1e-300;
  const std::string plain = ap::export_numpy(s);
  INFO(plain);
  CHECK(has(plain, "0.30000000000000004"));
  CHECK(has(plain, "1e-300"));
  CHECK(has(plain, "import json\nimport sys\n\nimport numpy as np\n"));
  for (const char* absent : {"tanh", "sqrt", "allowed", "np.where", "keep_top_k", "attend_head",
                             "W_o", "torch", "heads"})
    CHECK_MESSAGE(!has(plain, absent), "a plain dot-product script mentions ", absent);

  s.input.mask.kind = ap::MaskKind::Causal;
  s.input.sparsity.top_k = 2;
  const std::string causal = ap::export_numpy(s);
  CHECK(has(causal, "np.tril("));
  CHECK(has(causal, "kind=\"stable\""));
  CHECK(has(causal, "row_max[np.isneginf(row_max)] = 0.0"));
  CHECK(!has(causal, "pattern"));
}

TEST_CASE("the PyTorch export byte-compiles and uses torch idioms in float64") {
  // torch is not installed here: the scripts are compiled (syntax) and read,
  // not run.
  const std::vector<ap::State> states = random_states();
  TempDir dir("pytorch");
  std::string args = "-m py_compile";
  int n = 0;
  for (size_t i = 0; i < states.size(); i += 23) {
    const std::string script = ap::export_pytorch(states[i]);
    INFO("state ", i, ": ", ap::state_to_json(states[i]), "\nscript:\n", script);
    args += " " + quoted(dir.write("torch_" + std::to_string(n++) + ".py", script));
    CHECK(has(script, "\nimport torch\n"));
    CHECK(has(script, "torch.softmax("));
    CHECK(has(script, "dtype=torch.float64)"));
    CHECK(!has(script, "numpy"));
    CHECK(!has(script, "np."));
    const ap::AttentionInput& in = states[i].input;
    if (in.mask.kind != ap::MaskKind::None || in.sparsity.any_local() || in.sparsity.top_k)
      CHECK(has(script, ".masked_fill(~"));
    if (in.mask.kind == ap::MaskKind::Causal) CHECK(has(script, ".tril()"));
    if (in.heads > 1) CHECK(has(script, "torch.cat(head_outputs, dim=1)"));
  }
  CHECK(n >= 8);
  const Run run = python(args);
  CHECK_MESSAGE(run.status == 0, run.out);
}

// ---------------------------------------------------------------------------------------
// [SECTION] CSV and JSON
// ---------------------------------------------------------------------------------------

TEST_CASE("numbers are written in the shortest form that reads back exactly") {
  CHECK(ap::format_number(0.1) == "0.1");
  CHECK(ap::format_number(1.0) == "1.0");
  CHECK(ap::format_number(-0.0) == "-0.0");
  CHECK(ap::format_number(1e-7) == "1e-07");
  CHECK(ap::format_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(ap::format_number(-std::numeric_limits<double>::infinity()) == "");
}

TEST_CASE("CSV export quotes labels as RFC 4180 asks and leaves masked cells empty") {
  ap::Matrix m(2, 2);
  m << 1.0, -std::numeric_limits<double>::infinity(), 0.1, 2.5e-7;
  CHECK(ap::export_csv(m, {"a,b", "say \"hi\""}, {"x", "two\nlines"}) ==
        ",x,\"two\nlines\"\r\n\"a,b\",1.0,\r\n\"say "
        "\"\"hi\"\"\",0.1,2.5e-07\r\n");
}

// Python's csv module reads each file and prints its rows as JSON.
const char* kCsvReader = R"(import csv, json, sys
print(json.dumps([list(csv.reader(open(p, newline="", encoding="utf-8"))) for p in sys.argv[1:]]))
)";

TEST_CASE(
    "CSV export reads back through Python's csv module to the same "
    "labels and numbers") {
  const std::vector<ap::State> states = random_states();
  TempDir dir("csv");
  std::string args = quoted(dir.write("read_csv.py", kCsvReader));
  std::vector<const ap::State*> used;
  std::vector<ap::Matrix> masked;
  for (size_t i = 0; i < states.size(); i += 7) {
    used.push_back(&states[i]);
    masked.push_back(ap::attend(states[i].input).heads[0].masked);
    const std::string csv =
        ap::export_csv(masked.back(), states[i].query_tokens, states[i].key_tokens);
    args += " " + quoted(dir.write("m" + std::to_string(used.size()) + ".csv", csv));
  }
  const Run run = python(args);
  REQUIRE_MESSAGE(run.status == 0, run.out);
  const json tables = json::parse(run.out, nullptr, false);
  REQUIRE((tables.is_array() && tables.size() == used.size()));
  for (size_t t = 0; t < used.size(); ++t) {
    const ap::Matrix& m = masked[t];
    const json& rows = tables[t];
    INFO("table ", t, ": ", rows.dump());
    REQUIRE(rows.size() == size_t(m.rows() + 1));
    json header = json::array({""});
    for (const std::string& k : used[t]->key_tokens) header.push_back(k);
    CHECK(rows[0] == header);
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      REQUIRE(rows[i + 1].size() == size_t(m.cols() + 1));
      CHECK(rows[i + 1][0] == used[t]->query_tokens[i]);
      for (Eigen::Index j = 0; j < m.cols(); ++j) {
        const std::string cell = rows[i + 1][j + 1];
        INFO("row ", i, ", column ", j, ": \"", cell, "\" for ", m(i, j));
        if (std::isfinite(m(i, j)))
          CHECK(std::strtod(cell.c_str(), nullptr) == m(i, j));
        else
          CHECK(cell.empty());
      }
    }
  }
}

TEST_CASE(
    "JSON export holds the state and the result, and its state reads "
    "back the same") {
  for (const ap::State& s : {random_states()[state_index(3, 3, 5, 2)], ap::state_default()}) {
    const ap::Result r = ap::attend(s.input);
    const std::string text = ap::export_json(s, r);
    INFO(text);
    const json doc = json::parse(text, nullptr, false);
    REQUIRE(doc.is_object());
    CHECK(doc.size() == 2);
    CHECK(has(text, "\n  \"result\": {\n    \""));
    CHECK(doc["result"] == ap::result_to_json_value(r));
    const ap::Decoded<ap::State> back = ap::state_from_json(doc["state"].dump());
    REQUIRE_MESSAGE(back.ok(), back.error);
    CHECK(ap::state_to_json(*back.value) == ap::state_to_json(s));
  }
}

// ---------------------------------------------------------------------------------------
// [SECTION] PNG
// ---------------------------------------------------------------------------------------

// Checks each (png, raw pixels, width, height) with zlib: signature, chunk
// CRCs, IHDR, the zlib stream (its Adler-32 included), filter bytes and pixels.
// Prints "ok" or why not.
const char* kPngReader = R"(import struct, sys, zlib
def check(png, raw, w, h):
    data, raw = open(png, "rb").read(), open(raw, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n": return "bad signature"
    chunks, pos = [], 8
    while pos < len(data):
        n, = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]:
            return "bad CRC in " + kind.decode()
        chunks.append((kind, body))
        pos += 12 + n
    if [k for k, _ in chunks] != [b"IHDR", b"IDAT", b"IEND"]: return "chunks %r" % chunks
    if struct.unpack(">IIBBBBB", chunks[0][1]) != (w, h, 8, 6, 0, 0, 0): return "bad IHDR"
    rows = zlib.decompress(chunks[1][1])
    stride = 4 * w + 1
    if len(rows) != h * stride: return "%d bytes of rows" % len(rows)
    if any(rows[y * stride] != 0 for y in range(h)): return "a filter byte is not 0"
    if b"".join(rows[y * stride + 1:(y + 1) * stride] for y in range(h)) != raw: return "pixels differ"
    return "ok"
a = sys.argv[1:]
for i in range(0, len(a), 4): print(check(a[i], a[i + 1], int(a[i + 2]), int(a[i + 3])))
)";

TEST_CASE("PNG export decodes with Python's zlib to the same pixels") {
  TempDir dir("png");
  std::string args = quoted(dir.write("read_png.py", kPngReader));
  std::mt19937 rng(7);
  // 300 × 60 and 1 × 17000 need two stored deflate blocks (more than 65535
  // bytes).
  const int sizes[][2] = {{1, 1}, {3, 2}, {300, 60}, {1, 17000}};
  for (const auto& [w, h] : sizes) {
    std::vector<std::uint8_t> rgba(size_t(w) * h * 4);
    for (std::uint8_t& b : rgba) b = static_cast<std::uint8_t>(uniform(rng, 0, 255));
    const std::string name = std::to_string(w) + "x" + std::to_string(h);
    const std::string png = ap::png_encode_rgba(w, h, rgba);
    REQUIRE(!png.empty());
    args += " " + quoted(dir.write(name + ".png", png)) + " " +
            quoted(dir.write(name + ".rgba", std::string(rgba.begin(), rgba.end()))) + " " +
            std::to_string(w) + " " + std::to_string(h);
  }
  const Run run = python(args);
  CHECK_MESSAGE(run.status == 0, run.out);
  CHECK(run.out == "ok\nok\nok\nok\n");
}

TEST_CASE("PNG export refuses sizes that do not match the pixels") {
  CHECK(ap::png_encode_rgba(0, 1, {}).empty());
  CHECK(ap::png_encode_rgba(2, 2, std::vector<std::uint8_t>(15)).empty());
  CHECK(ap::png_encode_rgba(-1, -1, std::vector<std::uint8_t>(4)).empty());
}

}  // namespace
