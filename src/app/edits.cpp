// Shape-changing edits of a State; see edits.h. Every edit keeps labels, matrices, masks,
// global tokens and scoring parameters consistent, so state_validate stays empty.
#include "app/edits.h"

#include <algorithm>
#include <cmath>

#include "core/pattern.h"
#include "core/rng.h"

namespace ap {
namespace {

// Teaching sizes: large enough for any lesson, small enough to read every number.
constexpr int kMaxPlaygroundTokens = 32;
constexpr int kMaxPlaygroundWidth = 16;

double rounded_normal(Rng& rng) {
  return std::round(rng.normal() * 100.0) / 100.0;
}

// Resizes keeping the overlapping block; new entries are 0, or 1 on the diagonal when
// `identity_fill` (so a grown W or W_q stays identity-like).
Matrix resized(const Matrix& m, Eigen::Index rows, Eigen::Index cols, bool identity_fill = false) {
  Matrix out =
      identity_fill ? Matrix(Matrix::Identity(rows, cols)) : Matrix(Matrix::Zero(rows, cols));
  const Eigen::Index r = std::min(rows, m.rows()), c = std::min(cols, m.cols());
  out.topLeftCorner(r, c) = m.topLeftCorner(r, c);
  return out;
}

Matrix with_row(const Matrix& m, const Eigen::RowVectorXd& row) {
  Matrix out(m.rows() + 1, m.cols());
  out.topRows(m.rows()) = m;
  out.row(m.rows()) = row;
  return out;
}

template <class M>
M without_row(const M& m, Eigen::Index i) {
  M out(m.rows() - 1, m.cols());
  out.topRows(i) = m.topRows(i);
  out.bottomRows(m.rows() - 1 - i) = m.bottomRows(m.rows() - 1 - i);
  return out;
}

template <class M>
M without_col(const M& m, Eigen::Index j) {
  M out(m.rows(), m.cols() - 1);
  out.leftCols(j) = m.leftCols(j);
  out.rightCols(m.cols() - 1 - j) = m.rightCols(m.cols() - 1 - j);
  return out;
}

Eigen::RowVectorXd random_row(Eigen::Index width, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::RowVectorXd row(width);
  for (Eigen::Index c = 0; c < width; ++c) row(c) = rounded_normal(rng);
  return row;
}

bool refuse(std::string* why, const std::string& message) {
  if (why) *why = message;
  return false;
}

// Gives every parameter of p's kind the shape its row asks for (kinds.h), keeping the
// overlapping values; a missing hidden layer gets width max(d/h, 2) and v = 1.
void fit_params(ScoringParams& p, Eigen::Index d_h, Eigen::Index dk_h) {
  const auto params = scoring_info(p.kind).param_list();
  Eigen::Index hidden = std::max<Eigen::Index>(d_h, 2);
  for (ScoringParam param : params)
    if (const ScoringParamInfo& info = scoring_param_info(param); info.is_vector()) {
      Vector& v = p.*info.vector;
      if (v.size() > 0)
        hidden = v.size();
      else
        v = Vector::Ones(hidden);
    }
  const auto size = [&](Dim dim) {
    return dim == Dim::Hidden ? hidden : dim_size(dim, d_h, dk_h, p);
  };
  for (ScoringParam param : params)
    if (const ScoringParamInfo& info = scoring_param_info(param); !info.is_vector())
      p.*info.matrix = resized(p.*info.matrix, size(info.rows), size(info.cols), true);
}

void fit_scoring_params(State& s) {
  const int h = s.input.heads;
  fit_params(s.input.scoring, s.input.Q.cols() / h, s.input.K.cols() / h);
}

}  // namespace

bool state_is_self_attention(const State& s) {
  return s.input.Q.rows() == s.input.K.rows() && s.query_tokens == s.key_tokens;
}

ScoringParams default_scoring_params(ScoringKind kind, int d_h, int dk_h) {
  ScoringParams p;
  p.kind = kind;
  fit_params(p, d_h, dk_h);
  return p;
}

bool edit_add_token(State& s, TokenSide side, const std::string& label, std::string* why) {
  AttentionInput& in = s.input;
  if (side == TokenSide::Both && !state_is_self_attention(s))
    return refuse(why, "queries and keys are separate here: add a query or a key");
  const bool add_query = side != TokenSide::Key, add_key = side != TokenSide::Query;
  if ((add_query && in.Q.rows() >= kMaxPlaygroundTokens) ||
      (add_key && in.K.rows() >= kMaxPlaygroundTokens))
    return refuse(
        why, "the playground holds at most " + std::to_string(kMaxPlaygroundTokens) + " tokens");
  const std::uint64_t seed = 1000 + in.Q.rows() * 31 + in.K.rows();
  if (add_query) {
    in.Q = with_row(in.Q, random_row(in.Q.cols(), seed));
    s.query_tokens.push_back(label);
  }
  if (add_key) {
    const bool padding_was_full = in.mask.valid_length == in.K.rows();
    in.K = side == TokenSide::Both ? with_row(in.K, in.Q.row(in.Q.rows() - 1).head(in.K.cols()))
                                   : with_row(in.K, random_row(in.K.cols(), seed + 7));
    in.V = with_row(in.V, random_row(in.V.cols(), seed + 13));
    s.key_tokens.push_back(label);
    if (in.mask.kind == MaskKind::Padding && padding_was_full) ++in.mask.valid_length;
  }
  if (in.mask.kind == MaskKind::Custom) {
    MaskMatrix grown = MaskMatrix::Ones(in.Q.rows(), in.K.rows());
    grown.topLeftCorner(in.mask.allowed.rows(), in.mask.allowed.cols()) = in.mask.allowed;
    in.mask.allowed = grown;
  }
  return true;
}

bool edit_remove_token(State& s, TokenSide side, int index, std::string* why) {
  AttentionInput& in = s.input;
  if (side == TokenSide::Both && !state_is_self_attention(s))
    return refuse(why, "queries and keys are separate here: remove a query or a key");
  const bool del_query = side != TokenSide::Key, del_key = side != TokenSide::Query;
  if ((del_query && (index < 0 || index >= in.Q.rows())) ||
      (del_key && (index < 0 || index >= in.K.rows())))
    return refuse(why, "there is no token " + std::to_string(index + 1));
  if ((del_query && in.Q.rows() == 1) || (del_key && in.K.rows() == 1))
    return refuse(why, "attention needs at least one query and one key");
  if (del_query) {
    in.Q = without_row(in.Q, index);
    s.query_tokens.erase(s.query_tokens.begin() + index);
    if (in.mask.kind == MaskKind::Custom) in.mask.allowed = without_row(in.mask.allowed, index);
  }
  if (del_key) {
    in.K = without_row(in.K, index);
    in.V = without_row(in.V, index);
    s.key_tokens.erase(s.key_tokens.begin() + index);
    if (in.mask.kind == MaskKind::Custom) in.mask.allowed = without_col(in.mask.allowed, index);
    if (in.mask.kind == MaskKind::Padding && index < in.mask.valid_length) --in.mask.valid_length;
  }
  // Global token indices follow the tokens they name.
  std::vector<int> global;
  for (int g : in.sparsity.global) {
    if (g == index) continue;
    const int moved = g > index ? g - 1 : g;
    if (moved < std::max(in.Q.rows(), in.K.rows())) global.push_back(moved);
  }
  in.sparsity.global = global;
  return true;
}

bool edit_rename_token(State& s, TokenSide side, int index, const std::string& label,
                       std::string* why) {
  if (label.size() > kMaxTokenLabel) return refuse(why, "a token label is at most 64 bytes");
  const bool self = state_is_self_attention(s);
  if (side != TokenSide::Key || self) {
    if (index < 0 || index >= static_cast<int>(s.query_tokens.size()))
      return refuse(why, "no such token");
    s.query_tokens[index] = label;
  }
  if (side != TokenSide::Query || self) {
    if (index < 0 || index >= static_cast<int>(s.key_tokens.size()))
      return refuse(why, "no such token");
    s.key_tokens[index] = label;
  }
  return true;
}

bool edit_set_widths(State& s, int d, int d_v, std::string* why) {
  if (d < 1 || d_v < 1 || d > kMaxPlaygroundWidth || d_v > kMaxPlaygroundWidth)
    return refuse(why, "widths go from 1 to " + std::to_string(kMaxPlaygroundWidth));
  AttentionInput& in = s.input;
  in.Q = resized(in.Q, in.Q.rows(), d);
  in.K = resized(in.K, in.K.rows(), d);
  in.V = resized(in.V, in.V.rows(), d_v);
  if (d % in.heads != 0 || d_v % in.heads != 0) in.heads = 1;
  if (in.Wo.size() > 0) in.Wo = resized(in.Wo, d_v, in.Wo.cols(), true);
  fit_scoring_params(s);
  return true;
}

bool edit_set_heads(State& s, int heads, std::string* why) {
  AttentionInput& in = s.input;
  if (heads < 1 || in.Q.cols() % heads || in.K.cols() % heads || in.V.cols() % heads)
    return refuse(
        why, std::to_string(heads) + " heads need d and d_v divisible by " + std::to_string(heads));
  in.heads = heads;
  fit_scoring_params(s);
  return true;
}

void edit_set_scoring(State& s, ScoringKind kind) {
  AttentionInput& in = s.input;
  if (scoring_info(kind).equal_widths && in.K.cols() != in.Q.cols())
    in.K = resized(in.K, in.K.rows(), in.Q.cols());
  in.scoring.kind = kind;
  fit_scoring_params(s);
}

void edit_randomize(State& s, std::uint64_t seed) {
  Rng rng(seed);
  AttentionInput& in = s.input;
  const auto fill = [&](auto& m) {
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rounded_normal(rng);
  };
  fill(in.Q);
  fill(in.K);
  fill(in.V);
  for (ScoringParam param : scoring_info(in.scoring.kind).param_list()) {
    Eigen::Map<Matrix> values = scoring_param_values(in.scoring, param);
    fill(values);
  }
  if (in.Wo.size() > 0) fill(in.Wo);
}

void edit_set_mask_kind(State& s, MaskKind kind) {
  AttentionInput& in = s.input;
  if (kind == MaskKind::Custom && in.mask.kind != MaskKind::Custom) {
    in.mask.allowed = pattern_allowed(in.mask, SparsitySpec{}, in.Q.rows(), in.K.rows());
  }
  if (kind == MaskKind::Padding && in.mask.kind != MaskKind::Padding)
    in.mask.valid_length = std::max<int>(1, in.K.rows() - 1);
  in.mask.kind = kind;
}

void edit_toggle_mask_cell(State& s, int i, int j) {
  AttentionInput& in = s.input;
  if (i < 0 || j < 0 || i >= in.Q.rows() || j >= in.K.rows()) return;
  edit_set_mask_kind(s, MaskKind::Custom);
  in.mask.allowed(i, j) = !in.mask.allowed(i, j);
}

bool edit_set_self_attention(State& s, bool self, std::string* why) {
  if (self == state_is_self_attention(s)) return true;
  if (self) {
    if (s.input.Q.rows() != s.input.K.rows())
      return refuse(why, "self-attention needs as many keys as queries");
    s.key_tokens = s.query_tokens;
    return true;
  }
  for (std::size_t j = 0; j < s.key_tokens.size(); ++j)
    s.key_tokens[j] = "k" + std::to_string(j + 1);
  if (s.key_tokens == s.query_tokens) s.key_tokens[0] += "′";
  return true;
}

}  // namespace ap
