// What a learner can choose, as tables with one row per kind (Dear ImGui's GDataTypeInfo[]
// style): scoring kinds with their parameters and shape rules, mask kinds, sparse pattern
// rules. Codecs, editors, exporters, explanations and messages read the rows; the maths of
// each kind lives in attention.cpp, reference.cpp and backward.cpp, whose switches have no
// `default:`, so -Wswitch names every place a new kind must decide.
//
// Adding a scoring kind: an enumerator, a row in kScoringKinds, its maths, its tests.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/matrix.h"

namespace ap {

// ---------------------------------------------------------------------------------------
// Scoring kinds and their parameters
// ---------------------------------------------------------------------------------------

enum class ScoringKind { Dot, ScaledDot, General, Additive, Cosine };
inline constexpr int kScoringKindCount = 5;

// Parameters of the scoring function; only the ones of `kind` (its row) are used.
struct ScoringParams {
  ScoringKind kind = ScoringKind::ScaledDot;
  Matrix W;   // general:  (d/h × d_k/h), score = qᵀ W k
  Matrix Wq;  // additive: (a × d/h)
  Matrix Wk;  // additive: (a × d_k/h)
  Vector v;   // additive: (a), score = vᵀ tanh(W_q q + W_k k)
};

// A learned parameter of a scoring function, shared by all heads.
enum class ScoringParam { W, Wq, Wk, v };
inline constexpr int kScoringParamCount = 4;

// The sizes a parameter's shape is made of, per head.
enum class Dim {
  QueryWidth,  // d/h
  KeyWidth,    // d_k/h
  Hidden,      // a, the length of the hidden-layer vector (v)
};

struct ScoringParamInfo {
  ScoringParam param;
  const char* name;               // "Wq": the JSON and URL key, `param Wq[r, c]` in checks, exports
  const char* display;            // "W_q": as the interface and the exported comments write it
  Dim rows, cols;                 // a vector parameter has `rows` entries and no columns
  Matrix ScoringParams::*matrix;  // the storage, or nullptr for a vector
  Vector ScoringParams::*vector;  // the storage of a vector parameter, else nullptr
  bool is_vector() const { return vector != nullptr; }
};

inline constexpr ScoringParamInfo kScoringParams[] = {
    {ScoringParam::W, "W", "W", Dim::QueryWidth, Dim::KeyWidth, &ScoringParams::W, nullptr},
    {ScoringParam::Wq, "Wq", "W_q", Dim::Hidden, Dim::QueryWidth, &ScoringParams::Wq, nullptr},
    {ScoringParam::Wk, "Wk", "W_k", Dim::Hidden, Dim::KeyWidth, &ScoringParams::Wk, nullptr},
    {ScoringParam::v, "v", "v", Dim::Hidden, Dim::Hidden, nullptr, &ScoringParams::v},
};

struct ScoringKindInfo {
  ScoringKind kind;
  const char* id;       // "scaled_dot": JSON, URL, lesson checks, test hooks
  const char* label;    // "Scaled dot-product": the scoring menu
  const char* phrase;   // "scaled dot-product": in sentences ("… scoring, causal mask")
  const char* formula;  // "qᵀk ÷ √d_k": the right-hand side of score =
  const char* help;     // where it comes from and why, for the (?) marker
  bool equal_widths;    // queries and keys must have the same width
  int param_count;
  ScoringParam params[3];  // the first param_count are used, in this order everywhere
  std::span<const ScoringParam> param_list() const {
    return {params, static_cast<std::size_t>(param_count)};
  }
};

inline constexpr ScoringKindInfo kScoringKinds[] = {
    {ScoringKind::Dot,
     "dot",
     "Multiplicative (dot)",
     "dot-product",
     "qᵀk",
     "Luong et al. 2015. Large when q and k point the same way; no parameters.",
     true,
     0,
     {}},
    {ScoringKind::ScaledDot,
     "scaled_dot",
     "Scaled dot-product",
     "scaled dot-product",
     "qᵀk ÷ √d_k",
     "Vaswani et al. 2017. Dividing by √d_k keeps the scores' variance near 1 as d grows, so the "
     "softmax does not saturate and its gradient does not vanish.",
     true,
     0,
     {}},
    {ScoringKind::General,
     "general",
     "General (bilinear)",
     "general (bilinear)",
     "qᵀ W k",
     "Luong et al. 2015. A learned matrix W decides which directions of q match which of k; q "
     "and k may have different widths.",
     false,
     1,
     {ScoringParam::W}},
    {ScoringKind::Additive,
     "additive",
     "Additive (Bahdanau)",
     "additive",
     "vᵀ tanh(W_q q + W_k k)",
     "Bahdanau et al. 2015. A one-hidden-layer network scores each query–key pair.",
     false,
     3,
     {ScoringParam::Wq, ScoringParam::Wk, ScoringParam::v}},
    // No scale parameter: the scores stay in [−1, 1] as a learner expects of a cosine, and
    // the temperature already divides them (weights = softmax(cos / T)).
    {ScoringKind::Cosine,
     "cosine",
     "Cosine similarity",
     "cosine-similarity",
     "qᵀk ÷ (‖q‖ ‖k‖)",
     "Graves et al. 2014 (Neural Turing Machines); Swin Transformer v2. Only the angle between q "
     "and k counts, so scores lie in [−1, 1]; lower the temperature to sharpen the weights.",
     true,
     0,
     {}},
};

// ---------------------------------------------------------------------------------------
// Masks
// ---------------------------------------------------------------------------------------

enum class MaskKind { None, Causal, Padding, Custom };
inline constexpr int kMaskKindCount = 4;

struct MaskKindInfo {
  MaskKind kind;
  const char* id;      // "causal": JSON, URL, lesson checks
  const char* label;   // "Causal": the mask menu
  const char* phrase;  // "causal mask": in sentences
  bool by_matrix;      // the state spells it as its 0/1 matrix, not by id
};

inline constexpr MaskKindInfo kMaskKinds[] = {
    {MaskKind::None, "none", "No mask", "no mask", false},
    {MaskKind::Causal, "causal", "Causal", "causal mask", false},
    {MaskKind::Padding, "padding", "Padding", "padding mask", false},
    {MaskKind::Custom, "custom", "Custom (click cells)", "custom mask", true},
};

// ---------------------------------------------------------------------------------------
// Sparse pattern rules
// ---------------------------------------------------------------------------------------

struct SparsitySpec;

enum class SparsityRule { Window, Stride, Global, TopK };
inline constexpr int kSparsityRuleCount = 4;

struct SparsityRuleInfo {
  SparsityRule rule;
  const char* id;     // "window": the JSON sparsity key, the URL key, lesson checks
  const char* label;  // "Sliding window": the interface
  const char* help;   // one sentence for the (?) marker
  int least;          // smallest value a state may give (a global index: 0)
};

inline constexpr SparsityRuleInfo kSparsityRules[] = {
    {SparsityRule::Window, "window", "Sliding window",
     "Each query keeps only keys within this distance of its own position.", 0},
    {SparsityRule::Stride, "stride", "Strided",
     "Keeps keys whose distance from the query is a multiple of the stride (Sparse "
     "Transformer).",
     1},
    {SparsityRule::Global, "global", "Global tokens",
     "A global token attends to every token and every token attends to it (Longformer, "
     "BigBird). Combined with the other patterns as a union.",
     0},
    {SparsityRule::TopK, "top_k", "Top-k",
     "After the other patterns, each query keeps only its k highest scores.", 1},
};

// Every table has one row per enumerator, in enumerator order, so a kind indexes its row.
namespace kinds_detail {
template <class Row, std::size_t N>
constexpr bool rows_in_order(const Row (&rows)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (static_cast<std::size_t>(rows[i].kind) != i) return false;
  return true;
}
}  // namespace kinds_detail
static_assert(std::size(kScoringKinds) == kScoringKindCount);
static_assert(std::size(kScoringParams) == kScoringParamCount);
static_assert(std::size(kMaskKinds) == kMaskKindCount);
static_assert(std::size(kSparsityRules) == kSparsityRuleCount);
static_assert(kinds_detail::rows_in_order(kScoringKinds));
static_assert(kinds_detail::rows_in_order(kMaskKinds));

// ---------------------------------------------------------------------------------------
// Lookups and messages
// ---------------------------------------------------------------------------------------

constexpr const ScoringKindInfo& scoring_info(ScoringKind k) {
  return kScoringKinds[static_cast<int>(k)];
}
constexpr const ScoringParamInfo& scoring_param_info(ScoringParam p) {
  return kScoringParams[static_cast<int>(p)];
}
constexpr const MaskKindInfo& mask_info(MaskKind k) {
  return kMaskKinds[static_cast<int>(k)];
}
constexpr const SparsityRuleInfo& sparsity_info(SparsityRule r) {
  return kSparsityRules[static_cast<int>(r)];
}

const char* scoring_name(ScoringKind kind);  // the id: "dot", "scaled_dot", …
bool scoring_from_name(const std::string& name, ScoringKind* out);
const char* mask_name(MaskKind kind);  // the id: "none", "causal", "padding", "custom"
bool mask_from_name(const std::string& name, MaskKind* out);
bool scoring_param_from_name(const std::string& name, ScoringParam* out);

// The rows' ids as a list for messages: `dot, scaled_dot, general or additive`, each id
// in double quotes when `quoted`.
std::string scoring_id_list(bool quoted);
// The mask ids; those the state spells as a matrix are left out when `by_id_only`.
std::string mask_id_list(bool quoted, bool by_id_only);
std::string sparsity_id_list(bool quoted);
// Joins words as `a, b or c`.
std::string join_or(const std::vector<std::string>& words, bool quoted);

// A parameter's storage: a matrix, or a vector as a (1 × a) row.
Eigen::Map<Matrix> scoring_param_values(ScoringParams& p, ScoringParam param);
Eigen::Map<const Matrix> scoring_param_values(const ScoringParams& p, ScoringParam param);

// The per-head size a Dim stands for; the hidden width is the length of v (0 when unset).
Eigen::Index dim_size(Dim dim, Eigen::Index d_h, Eigen::Index dk_h, const ScoringParams& p);
// "d", "d_k" or "a" (per head: "d/h", "d_k/h" when `per_head`).
std::string dim_text(Dim dim, bool per_head);
// "(d × d_k)", "(a × d)", "(a)".
std::string scoring_param_shape_text(ScoringParam param, bool per_head);

// The SparsitySpec field of an integer rule; nullptr for Global (a list).
int* sparsity_field(SparsitySpec& s, SparsityRule rule);
// The rule's value; for Global, how many tokens are global.
int sparsity_value(const SparsitySpec& s, SparsityRule rule);
// Whether the rule is switched on (a value of at least `least`; a global token).
bool sparsity_on(const SparsitySpec& s, SparsityRule rule);

}  // namespace ap
