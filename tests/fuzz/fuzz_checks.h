// Invariants shared by the libFuzzer targets: what must hold for every State a decoder
// accepts. A violation prints one line naming it and calls abort(), which libFuzzer
// reports as a crash with the reproducer. Fuzzing support only; not part of the program.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/attention.h"
#include "core/limits.h"
#include "state/state.h"

namespace ap_fuzz {

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what.c_str());
  std::abort();
}

inline void require(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

inline void require_finite(const ap::Matrix& m, const std::string& name) {
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      if (!std::isfinite(m(i, j)))
        fail(name + "(" + std::to_string(i) + "," + std::to_string(j) + ") is not finite");
}

inline void require_finite(const ap::Vector& v, const std::string& name) {
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (!std::isfinite(v(i))) fail(name + "(" + std::to_string(i) + ") is not finite");
}

// Each weight row is a distribution (sums to 1) or, when fully masked, all zero.
inline void require_weight_rows(const ap::Matrix& w, const std::string& name) {
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    double sum = 0;
    for (Eigen::Index j = 0; j < w.cols(); ++j) {
      require(w(i, j) >= 0 && w(i, j) <= 1, name + " has a weight outside [0, 1]");
      sum += w(i, j);
    }
    require(sum == 0 || std::abs(sum - 1) < 1e-9,
            name + " row " + std::to_string(i) + " sums to " + std::to_string(sum));
  }
}

// A refusal is one non-empty sentence of valid UTF-8, whatever bytes it quotes.
inline void require_message(const std::string& error, const char* who) {
  require(!error.empty(), std::string(who) + " refused input without a message");
  require(ap::utf8_valid(error),
          std::string(who) + " wrote a message that is not valid UTF-8: " + error);
}

// A frame's work is bounded for every state a decoder accepts: the matrix cells the editors
// draw, the score cells (heatmaps, attend) and the additive scorer's evaluations.
inline void require_frame_work(const ap::State& s) {
  const ap::AttentionInput& in = s.input;
  require(ap::state_frame_work(s) <= ap::kMaxUiCellsPerFrame, "a frame would draw too many cells");
  const double scores =
      static_cast<double>(in.Q.rows()) * static_cast<double>(in.K.rows()) * in.heads;
  require(scores <= ap::kMaxScoreCells, "a state asks for too many score cells");
  for (const ap::Matrix* m :
       {&in.Q, &in.K, &in.V, &in.scoring.W, &in.scoring.Wq, &in.scoring.Wk, &in.Wo})
    require(m->cols() <= ap::kMaxWidth, "a matrix is wider than the editor's table");
}

// Every number attend (and its backward pass) produces for a valid state is finite;
// "masked" may hold −∞ only where a key is not allowed.
inline void check_attend(const ap::State& s) {
  const ap::AttentionInput& in = s.input;
  require(ap::state_validate(s).empty(), "decoded state fails state_validate");
  require_frame_work(s);
  const ap::Result r = ap::attend(in);
  require(static_cast<int>(r.heads.size()) == in.heads, "wrong number of heads in Result");
  for (const ap::HeadResult& h : r.heads) {
    require_finite(h.scores, "scores");
    require_finite(h.scaled, "scaled");
    require_finite(h.weights, "weights");
    require_finite(h.output, "head output");
    require_finite(h.entropy, "entropy");
    require_weight_rows(h.weights, "weights");
    for (Eigen::Index i = 0; i < h.masked.rows(); ++i)
      for (Eigen::Index j = 0; j < h.masked.cols(); ++j) {
        const double x = h.masked(i, j);
        require(!std::isnan(x) && x != INFINITY, "masked holds NaN or +inf");
        require(std::isfinite(x) || !h.allowed(i, j), "masked is -inf where a key is allowed");
      }
  }
  require_finite(r.concat, "concat");
  require_finite(r.output, "output");
  require(r.output.rows() == in.Q.rows(), "output has the wrong number of rows");

  const ap::Matrix d_output = ap::Matrix::Ones(r.output.rows(), r.output.cols());
  const ap::Gradients g = ap::attend_backward(in, r, d_output);
  require_finite(g.dQ, "dQ");
  require_finite(g.dK, "dK");
  require_finite(g.dV, "dV");
  require_finite(g.dW, "dW");
  require_finite(g.dWq, "dWq");
  require_finite(g.dWk, "dWk");
  require_finite(g.dv, "dv");
  require_finite(g.dWo, "dWo");
  for (const ap::Matrix& ds : g.dScores) require_finite(ds, "dScores");
}

}  // namespace ap_fuzz
