// The State's JSON and URL forms: round trips that lose nothing, the documented defaults,
// and precise messages for every kind of bad input.
#include <string>

#include "state/result_json.h"
#include "state/state.h"
#include "test_support.h"

using namespace ap;

namespace {

State full_state() {
  std::mt19937 rng(31);
  State s;
  s.input = test::random_input(rng, ScoringKind::Additive, 3, 4, 4, 2, 2);
  s.input.temperature = 0.37;
  s.input.mask.kind = MaskKind::Custom;
  s.input.mask.allowed = MaskMatrix::Ones(3, 4);
  s.input.mask.allowed(1, 2) = 0;
  s.input.sparsity.window = 1;
  s.input.sparsity.global = {0, 2};
  s.input.sparsity.top_k = 2;
  s.input.Wo = test::random_matrix(rng, 2, 3);
  s.query_tokens = {"où", "a,b", "x&y=z"};
  s.key_tokens = {"k 1", "√2", "%", "#"};
  return s;
}

void check_same_state(const State& a, const State& b) {
  CHECK(a.query_tokens == b.query_tokens);
  CHECK(a.key_tokens == b.key_tokens);
  CHECK(a.input.Q == b.input.Q);
  CHECK(a.input.K == b.input.K);
  CHECK(a.input.V == b.input.V);
  CHECK(a.input.scoring.kind == b.input.scoring.kind);
  CHECK(a.input.scoring.Wq == b.input.scoring.Wq);
  CHECK(a.input.scoring.Wk == b.input.scoring.Wk);
  CHECK(a.input.scoring.v == b.input.scoring.v);
  CHECK(a.input.temperature == b.input.temperature);
  CHECK(a.input.mask.kind == b.input.mask.kind);
  CHECK(a.input.mask.allowed == b.input.mask.allowed);
  CHECK(a.input.sparsity.window == b.input.sparsity.window);
  CHECK(a.input.sparsity.global == b.input.sparsity.global);
  CHECK(a.input.sparsity.top_k == b.input.sparsity.top_k);
  CHECK(a.input.heads == b.input.heads);
  CHECK(a.input.Wo == b.input.Wo);
}

std::string json_error(const std::string& text) {
  const Decoded<State> d = state_from_json(text);
  REQUIRE_FALSE(d.ok());
  return d.error;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("a state survives the JSON round trip bit for bit") {
  const State s = full_state();
  REQUIRE(state_validate(s) == "");
  const Decoded<State> back = state_from_json(state_to_json(s));
  REQUIRE_MESSAGE(back.ok(), back.error);
  check_same_state(*back.value, s);
}

TEST_CASE("a state survives the URL round trip bit for bit") {
  const State s = full_state();
  const std::string url = state_to_url(s);
  INFO(url);
  for (char c : url) CHECK(std::string("#<>\"` {}|\\^").find(c) == std::string::npos);
  const Decoded<State> back = state_from_url(url);
  REQUIRE_MESSAGE(back.ok(), back.error);
  check_same_state(*back.value, s);
}

TEST_CASE("the default state is valid and round-trips through the URL") {
  const State s = state_default();
  REQUIRE(state_validate(s) == "");
  const Decoded<State> back = state_from_url(state_to_url(s));
  REQUIRE(back.ok());
  check_same_state(*back.value, s);
}

TEST_CASE("omitted fields take their documented defaults") {
  const Decoded<State> d = state_from_json(R"({"Q":[[1,0]],"K":[[1,0],[0,1]],"V":[[1],[2]]})");
  REQUIRE_MESSAGE(d.ok(), d.error);
  const AttentionInput& in = d.value->input;
  CHECK(in.scoring.kind == ScoringKind::ScaledDot);
  CHECK(in.temperature == 1.0);
  CHECK(in.mask.kind == MaskKind::None);
  CHECK(in.heads == 1);
  CHECK(d.value->query_tokens.size() == 1);
  CHECK(d.value->key_tokens.size() == 2);
}

TEST_CASE("bad JSON states are rejected with a message that names the problem") {
  const std::string ok = R"("K":[[1,0],[0,1]],"V":[[1],[2]])";
  SUBCASE("NaN in a cell") {
    CHECK(json_error(R"({"Q":[[1,"NaN"]],)" + ok + "}") == "Q row 0, column 1 is NaN");
  }
  SUBCASE("negative infinity") {
    CHECK(contains(json_error(R"({"Q":[["-Infinity",0]],)" + ok + "}"),
                   "Q row 0, column 0 is −Infinity"));
  }
  SUBCASE("1e30") {
    CHECK(contains(json_error(R"({"Q":[[1,1e30]],)" + ok + "}"), "Q row 0, column 1"));
  }
  SUBCASE("-1e30 in V") {
    CHECK(contains(json_error(R"({"Q":[[1,0]],"K":[[1,0],[0,1]],"V":[[1],[-1e30]]})"),
                   "V row 1, column 0"));
  }
  SUBCASE("a string in a cell") {
    CHECK(contains(json_error(R"({"Q":[[1,"x"]],)" + ok + "}"),
                   "Q row 0, column 1 must be a number"));
  }
  SUBCASE("ragged rows") {
    CHECK(contains(json_error(R"({"Q":[[1,0],[1]],)" + ok + "}"), "Q row 1 has 1 entries"));
  }
  SUBCASE("empty queries") {
    CHECK(contains(json_error(R"({"Q":[],)" + ok + "}"), "Q is empty"));
  }
  SUBCASE("d = 0") {
    CHECK(contains(json_error(R"({"Q":[[]],"K":[[]],"V":[[1]]})"), "d = 0"));
  }
  SUBCASE("K/V mismatch") {
    CHECK(contains(json_error(R"({"Q":[[1,0]],"K":[[1,0],[0,1]],"V":[[1]]})"),
                   "K has 2 rows but V has 1"));
  }
  SUBCASE("width mismatch") {
    CHECK(contains(json_error(R"({"Q":[[1,0,0]],)" + ok + "}"), "equal width"));
  }
  SUBCASE("unknown scoring") {
    CHECK(contains(json_error(R"({"Q":[[1,0]],"scoring":"euclidean",)" + ok + "}"),
                   "unknown scoring \"euclidean\""));
  }
  SUBCASE("general without W") {
    CHECK(contains(json_error(R"({"Q":[[1,0]],"scoring":"general",)" + ok + "}"), "needs \"W\""));
  }
  SUBCASE("W of the wrong shape") {
    CHECK(contains(json_error(R"({"Q":[[1,0]],"scoring":"general","W":[[1]],)" + ok + "}"),
                   "W is 1×1 but must be 2×2"));
  }
  SUBCASE("mask of the wrong shape") {
    CHECK(contains(json_error(R"({"Q":[[1,0]],"mask":[[1]],)" + ok + "}"),
                   "mask is 1×1 but must be 1×2"));
  }
  SUBCASE("zero temperature") {
    CHECK(contains(json_error(R"({"Q":[[1,0]],"temperature":0,)" + ok + "}"), "temperature"));
  }
  SUBCASE("heads that do not divide d") {
    CHECK(contains(json_error(R"({"Q":[[1,0,0]],"K":[[1,0,0]],"V":[[1,2,3]],"heads":2})"),
                   "does not split into 2 heads"));
  }
  SUBCASE("unknown key") {
    CHECK(contains(json_error(R"({"Q":[[1,0]],"colour":1,)" + ok + "}"), "unknown key \"colour\""));
  }
  SUBCASE("invalid JSON") {
    CHECK(contains(json_error(R"({"Q":[[1,0]],)"), "invalid JSON"));
  }
  SUBCASE("not an object") {
    CHECK(contains(json_error("[1,2]"), "JSON object"));
  }
  SUBCASE("too many labels") {
    CHECK(contains(json_error(R"({"Q":[[1,0]],"tokens":["a"],)" + ok + "}"), "labels"));
  }
  SUBCASE("deep nesting") {
    CHECK(contains(json_error(std::string(100000, '[')), "nested"));
  }
  SUBCASE("invalid UTF-8 label") {
    CHECK(contains(json_error("{\"Q\":[[1,0]],\"query_tokens\":[\"\xff\"]," + ok + "}"), "UTF-8"));
  }
}

TEST_CASE("hostile URL texts are rejected without a crash") {
  for (const char* text :
       {"", "&&&", "Q=1,2;3", "Q=%zz", "evil=1", "Q=nan&K=1&V=1", "Q=1e999&K=1&V=1",
        "Q=1&K=1&V=1&heads=99999999999", "Q=1&K=1&V=1&mask=2", "tokens=%FF&Q=1&K=1&V=1"}) {
    CAPTURE(text);
    const Decoded<State> d = state_from_url(text);
    CHECK_FALSE(d.ok());
    CHECK_FALSE(d.error.empty());
  }
  CHECK(state_from_url("Q=1&K=1&V=1").ok());
}

TEST_CASE("eval_state_json writes scores, weights and output with masked cells as null") {
  std::string error;
  const auto out = eval_state_json(
      R"({"Q":[[1,0],[0,1]],"K":[[1,0],[0,1]],"V":[[1],[2]],"mask":"causal","scoring":"dot"})",
      &error);
  REQUIRE_MESSAGE(out.has_value(), error);
  const auto j = nlohmann::json::parse(*out);
  CHECK(j["scores"][0][1] == 0.0);
  CHECK(j["masked"][0][1].is_null());
  CHECK(j["weights"][0][0] == 1.0);
  CHECK(j["output"][1][0].get<double>() ==
        doctest::Approx((std::exp(0.0) * 1 + std::exp(1.0) * 2) / (1 + std::exp(1.0))));
}

TEST_CASE("states too large to evaluate quickly are rejected before any work") {
  std::string q = "Q=";
  for (int i = 0; i < 4096; ++i) q += (i ? ";1" : "1");
  const std::string url = q + "&K=" + q.substr(2) + "&V=" + q.substr(2);
  const Decoded<State> d = state_from_url(url);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error.find("query–key scores") != std::string::npos);
}
