// Lookups over the tables of kinds.h: names to kinds and back, id lists for messages, a
// parameter's storage and shape. The tables themselves are in the header.
#include "core/kinds.h"

#include "core/attention.h"

namespace ap {
namespace {

template <class Row, std::size_t N, class Kind>
bool from_id(const Row (&rows)[N], const std::string& name, Kind* out) {
  for (const Row& r : rows)
    if (name == r.id) return *out = r.kind, true;
  return false;
}

}  // namespace

const char* scoring_name(ScoringKind kind) {
  return scoring_info(kind).id;
}

bool scoring_from_name(const std::string& name, ScoringKind* out) {
  return from_id(kScoringKinds, name, out);
}

const char* mask_name(MaskKind kind) {
  return mask_info(kind).id;
}

bool mask_from_name(const std::string& name, MaskKind* out) {
  return from_id(kMaskKinds, name, out);
}

bool scoring_param_from_name(const std::string& name, ScoringParam* out) {
  for (const ScoringParamInfo& p : kScoringParams)
    if (name == p.name) return *out = p.param, true;
  return false;
}

std::string join_or(const std::vector<std::string>& words, bool quoted) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += quoted ? "\"" + words[i] + "\"" : words[i];
  }
  return out;
}

std::string scoring_id_list(bool quoted) {
  std::vector<std::string> ids;
  for (const ScoringKindInfo& k : kScoringKinds) ids.push_back(k.id);
  return join_or(ids, quoted);
}

std::string mask_id_list(bool quoted, bool by_id_only) {
  std::vector<std::string> ids;
  for (const MaskKindInfo& m : kMaskKinds)
    if (!(by_id_only && m.by_matrix)) ids.push_back(m.id);
  return join_or(ids, quoted);
}

std::string sparsity_id_list(bool quoted) {
  std::vector<std::string> ids;
  for (const SparsityRuleInfo& r : kSparsityRules) ids.push_back(r.id);
  return join_or(ids, quoted);
}

Eigen::Map<Matrix> scoring_param_values(ScoringParams& p, ScoringParam param) {
  const ScoringParamInfo& info = scoring_param_info(param);
  if (info.is_vector()) {
    Vector& v = p.*info.vector;
    return Eigen::Map<Matrix>(v.data(), 1, v.size());
  }
  Matrix& m = p.*info.matrix;
  return Eigen::Map<Matrix>(m.data(), m.rows(), m.cols());
}

Eigen::Map<const Matrix> scoring_param_values(const ScoringParams& p, ScoringParam param) {
  const ScoringParamInfo& info = scoring_param_info(param);
  if (info.is_vector()) {
    const Vector& v = p.*info.vector;
    return Eigen::Map<const Matrix>(v.data(), 1, v.size());
  }
  const Matrix& m = p.*info.matrix;
  return Eigen::Map<const Matrix>(m.data(), m.rows(), m.cols());
}

Eigen::Index dim_size(Dim dim, Eigen::Index d_h, Eigen::Index dk_h, const ScoringParams& p) {
  switch (dim) {
    case Dim::QueryWidth:
      return d_h;
    case Dim::KeyWidth:
      return dk_h;
    case Dim::Hidden:
      return p.v.size();
  }
  return 0;
}

std::string dim_text(Dim dim, bool per_head) {
  const std::string h = per_head ? "/h" : "";
  switch (dim) {
    case Dim::QueryWidth:
      return "d" + h;
    case Dim::KeyWidth:
      return "d_k" + h;
    case Dim::Hidden:
      return "a";
  }
  return "?";
}

std::string scoring_param_shape_text(ScoringParam param, bool per_head) {
  const ScoringParamInfo& info = scoring_param_info(param);
  if (info.is_vector()) return "(" + dim_text(info.rows, per_head) + ")";
  return "(" + dim_text(info.rows, per_head) + " × " + dim_text(info.cols, per_head) + ")";
}

int* sparsity_field(SparsitySpec& s, SparsityRule rule) {
  switch (rule) {
    case SparsityRule::Window:
      return &s.window;
    case SparsityRule::Stride:
      return &s.stride;
    case SparsityRule::TopK:
      return &s.top_k;
    case SparsityRule::Global:
      return nullptr;
  }
  return nullptr;
}

int sparsity_value(const SparsitySpec& s, SparsityRule rule) {
  switch (rule) {
    case SparsityRule::Window:
      return s.window;
    case SparsityRule::Stride:
      return s.stride;
    case SparsityRule::TopK:
      return s.top_k;
    case SparsityRule::Global:
      return static_cast<int>(s.global.size());
  }
  return 0;
}

bool sparsity_on(const SparsitySpec& s, SparsityRule rule) {
  if (rule == SparsityRule::Global) return !s.global.empty();
  return sparsity_value(s, rule) >= sparsity_info(rule).least;
}

}  // namespace ap
