// What the trained sentiment model's attention does and does not explain (issue 11's
// interpretability tools), for one review of known words:
//   attention       the pooling weights;
//   grad_x_input    |∂ log p(label)/∂e_t · e_t|, gradient × input per word;
//   leave_one_out   p(label) − p(label | the review without word t), the drop in the
//                   label's probability when the word is removed (a single word: 0);
// and the Spearman rank correlation of each pair (ties share their mean rank).
// "Another explanation": pooling weights chosen far from the learned ones (Jensen–Shannon
// distance, base 2, in [0, 1]) that leave the label's probability nearly unchanged, found
// by gradient steps on the weights' logits with the values and classifier held fixed.
#pragma once

#include <vector>

#include "models/sentiment_model.h"

namespace ap::models {

struct Explanation {
  int label = 0;  // the model's label, which every measure refers to
  double probability = 0;
  std::vector<double> attention, grad_x_input, leave_one_out;
  double rank_attention_gradient = 0, rank_attention_leave_one_out = 0,
         rank_gradient_leave_one_out = 0;
};

Explanation explain(const SentimentModel& model, const std::vector<int>& ids);

// Spearman's rank correlation of two equally long lists (0 when either is constant).
double spearman(const std::vector<double>& a, const std::vector<double>& b);

// Jensen–Shannon distance (the square root of the divergence, base 2) of two distributions.
double js_distance(const std::vector<double>& p, const std::vector<double>& q);

// The label's probability when the pooling uses `weights` (one per word, summing to 1)
// instead of the learned ones.
double probability_with_weights(const SentimentModel& model, const std::vector<int>& ids, int label,
                                const std::vector<double>& weights);

struct OtherExplanation {
  std::vector<double> weights;  // the weights found
  double distance = 0;          // their Jensen–Shannon distance from the learned weights
  double probability = 0;       // the label's probability with them
};

// Searches for weights as far as possible from the learned ones while the label's
// probability stays within `tolerance` of the learned one (penalised beyond it), by
// `iterations` gradient steps from a seeded start. Deterministic for a given seed.
OtherExplanation find_other_explanation(const SentimentModel& model, const std::vector<int>& ids,
                                        double tolerance = 0.01, int iterations = 300,
                                        std::uint64_t seed = 1);

}  // namespace ap::models
