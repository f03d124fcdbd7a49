// The `induction` generator and head scores (shared/TASKS.md, exactly).
#include "models/induction_data.h"

#include <numeric>

namespace ap::induction {

Sequence generate(Rng& rng) {
  Sequence s;
  s.segment = kMinSegment + static_cast<int>(rng.uniform() * (kMaxSegment - kMinSegment + 1));
  // A partial Fisher–Yates shuffle: the first L entries are L distinct symbols, each
  // ordered draw equally likely.
  std::vector<int> pool(kVocab);
  std::iota(pool.begin(), pool.end(), 0);
  for (int i = 0; i < s.segment; ++i) {
    const int j = i + static_cast<int>(rng.uniform() * (kVocab - i));
    std::swap(pool[static_cast<std::size_t>(i)], pool[static_cast<std::size_t>(j)]);
  }
  s.tokens.assign(pool.begin(), pool.begin() + s.segment);
  s.tokens.insert(s.tokens.end(), pool.begin(), pool.begin() + s.segment);
  return s;
}

int first_scored(const Sequence& s) {
  return s.segment;
}

int last_scored(const Sequence& s) {
  return 2 * s.segment - 2;
}

std::string token_name(int id) {
  return "s" + std::to_string(id);
}

int token_id(const std::string& name) {
  for (int id = 0; id < kVocab; ++id)
    if (name == token_name(id)) return id;
  return -1;
}

double previous_token_score(const Matrix& A) {
  if (A.rows() < 2) return 0;
  double sum = 0;
  for (Eigen::Index i = 1; i < A.rows(); ++i) sum += A(i, i - 1);
  return sum / static_cast<double>(A.rows() - 1);
}

double induction_score(const Matrix& A, int segment) {
  const Eigen::Index L = segment;
  if (L < 2 || A.rows() < 2 * L - 1 || A.cols() < L) return 0;
  double sum = 0;
  for (Eigen::Index i = L; i <= 2 * L - 2; ++i) sum += A(i, i - L + 1);
  return sum / static_cast<double>(L - 1);
}

}  // namespace ap::induction
