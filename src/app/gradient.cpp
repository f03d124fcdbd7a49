// The inspector's gradient; see gradient.h.
#include "app/gradient.h"

namespace ap {

std::vector<Vector> output_score_gradient(const State& state, const Result& result, int query,
                                          int component) {
  const Matrix& out = result.output;
  if (query < 0 || query >= out.rows() || component < 0 || component >= out.cols()) return {};
  // Backward from the one output number: dOutput is 1 there and 0 elsewhere.
  Matrix d_output = Matrix::Zero(out.rows(), out.cols());
  d_output(query, component) = 1.0;
  const Gradients g = attend_backward(state.input, result, d_output);
  std::vector<Vector> rows;
  for (const Matrix& d : g.dScores) rows.push_back(d.row(query).transpose());
  return rows;
}

}  // namespace ap
