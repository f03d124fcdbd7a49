// The sentiment model: attention pooling over a review's words, through the core.
//   words:    embeddings E (T × e) of the review's known words;
//   values:   V_t = tanh(W_v [e_t; e_{t−1}; e_{t−2}] + b_v) (T × h), each word read with the
//             two before it (zeros before the start), so a negator changes the value of the
//             adjective after it ("not very good" fits in the window);
//   keys:     K_t = [e_{t−1}; P_{min(T−1−t, 15)}] (T × (e + p)): the word before it (zeros
//             at the start) and how far it stands from the end of the review (P learned);
//   pooling:  one learned query q (1 × (e + p)) attends over the words, c = attend(q, K, V),
//             the same attend() the playground evaluates (scaled dot by default);
//   output:   logits = W_o c + b_o over {negative, positive}; softmax cross-entropy.
// Why a key tells where a word stands and never what it says: in this task the first
// clause and its conjunction already fix the label of an `and` or `but` review, so the
// model finds shortcuts that leave the weights meaningless. Tried here (seed 1, 300-600
// steps, all at 100 % accuracy): keys from a bidirectional GRU let the weights encode the
// label (a negative review attended its subject, a positive one its adjective: 34 %
// attention accuracy); GRU values let "but" carry the label (50–65 %); keys holding the
// word itself let a negative adjective lower its own weight (77 % for seed 3). With keys
// that cannot see the word's own polarity and values that see three words, the label can
// only be read where the last clause's adjective is, and the weights go there.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "models/layers.h"
#include "models/sentiment_data.h"

namespace ap::models {

struct SentimentConfig {
  ScoringKind scoring = ScoringKind::ScaledDot;
  int embed = 16;            // e
  int hidden = 16;           // h: value width
  int position = 8;          // p: width of the distance-to-the-end embedding in the keys
  int additive_hidden = 16;  // a, additive scoring only
};

// One review read by the model, with everything its view shows.
struct SentimentReading {
  std::vector<std::string> words;  // the known words the model read, in order
  Matrix Q, K, V;  // (1 × (e + p)), (T × (e + p)), (T × h): attend() of these …
  Matrix weights;  // (1 × T) … gives these pooling weights
  double p_positive = 0.5;
  int label = 0;             // 1 positive, 0 negative
  double probability = 0.5;  // of `label`
};

// Vocabulary rows of the known words; `unknown` receives the others (in order).
std::vector<int> review_ids(const std::vector<std::string>& words,
                            std::vector<std::string>* unknown);

class SentimentModel {
 public:
  static constexpr int kWindow = 3;        // words a value reads: itself and the two before
  static constexpr int kMaxDistance = 15;  // distances to the end beyond this share a row

  SentimentModel(const SentimentConfig& cfg, std::uint64_t seed);

  // −log p(label) × scale for a review of vocabulary ids (at least one); when `backward`,
  // adds ∂(loss · scale)/∂params to the gradients.
  double loss(const std::vector<int>& ids, int label, double scale, bool backward);

  // Reads a review of vocabulary ids (at least one).
  SentimentReading read(const std::vector<int>& ids) const;

  // ∂ log p(label)/∂E (T × e): the gradient of the label's log-probability with respect
  // to each word's embedding (parameters untouched).
  Matrix input_gradient(const std::vector<int>& ids, int label) const;
  // The classifier's probability of `positive` for a pooled vector c (1 × h).
  double p_positive_of(const Matrix& c) const;
  // The classifier's direction: logit(positive) − logit(negative) = u · c + b (u is 1 × h).
  Matrix logit_direction() const;
  // The word embeddings E (T × e) of a review.
  Matrix embeddings(const std::vector<int>& ids) const;

  // The core's input for these Q, K, V with the model's scoring kind and trained scoring
  // parameters: attend() of it gives exactly the model's pooling weights.
  AttentionInput attention_input(const Matrix& Q, const Matrix& K, const Matrix& V) const {
    return att_.input(Q, K, V);
  }

  ParamSet& params() { return ps_; }
  const SentimentConfig& config() const { return cfg_; }
  long long parameter_count() const { return ps_.count(); }

  // Model file: a text header and every parameter at full precision. load() returns ""
  // or the reason the file cannot be used.
  void save(std::ostream& os) const;
  std::string load(std::istream& is);

 private:
  struct Forward;
  Forward forward(const std::vector<int>& ids) const;

  SentimentConfig cfg_;
  ParamSet ps_;
  Param *emb_, *pos_, *Wv_, *bv_, *query_, *Wo_, *bo_;
  Attention att_;
};

}  // namespace ap::models
