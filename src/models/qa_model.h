// The question-answering model: an end-to-end memory network (Sukhbaatar et al. 2015)
// whose question attends over the story's sentences through the core.
//   sentences: bag of word embeddings with position encoding, m_i = Σ_j l_j ⊙ A[w_ij] +
//              T_A[τ_i] (keys) and c_i = Σ_j l_j ⊙ C[w_ij] + T_C[τ_i] (values), where
//              τ_i = n − 1 − i counts sentences from the end of the story: the time order
//              "the last sentence about Mary" needs; l_j is MemN2N's fixed position
//              encoding l_kj = (1 − j/J) − (k/d)(1 − 2j/J);
//   question:  u¹ = Σ_j l_j ⊙ B[q_j];
//   hop k:     weights p = softmax(u^k · m_iᵀ), the core's attend() with dot scoring
//              (Q = u^k, K = M^k, V = C^k), o^k = Σ p_i c_i, u^{k+1} = u^k + o^k;
//   answer:    logits = W u^{K+1} + b over the six places.
// Each hop has its own A, C, T_A, T_C. Backward passes are written by hand and checked
// against finite differences in tests/native/test_models_qa.cpp.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "models/layers.h"
#include "models/qa_data.h"

namespace ap::models {

struct QaModelConfig {
  int dim = 20;  // d: embedding width
  int hops = 2;
};

// A story and question as vocabulary ids (qa::vocabulary()).
struct QaInput {
  std::vector<std::vector<int>> sentences;
  std::vector<int> question;
};

// Ids of a generated or parsed story.
QaInput qa_input(const std::vector<qa::Sentence>& sentences, int question);

// Reads sentence texts and a question (qa::parse_sentence, qa::parse_question) within the
// limits of core/limits.h (kMaxQaSentences sentences, kMaxQaTextBytes per text). Returns
// false with a clear error naming the sentence ("sentence 3: unknown name \"Bob\"").
bool qa_parse(const std::vector<std::string>& story, const std::string& question,
              std::vector<qa::Sentence>* sentences, int* name, std::string* error);

struct QaPrediction {
  int answer = -1;       // qa::places() index
  Vector probabilities;  // (places) softmax of the logits
  Matrix weights;        // (hops × n) attention of each hop over the sentences
  Matrix Q, K, V;        // the last hop's Q (1 × d), K (n × d), V (n × d) for the core
};

class QaModel {
 public:
  QaModel(const QaModelConfig& cfg, std::uint64_t seed);

  // Cross-entropy of the answer × scale; when `backward`, adds ∂(loss · scale)/∂params.
  double loss(const QaInput& in, int answer, double scale, bool backward);
  QaPrediction predict(const QaInput& in) const;

  // The core's input of hop `hop` for these Q, K, V: attend() of it is the model's attention.
  AttentionInput attention_input(const Matrix& Q, const Matrix& K, const Matrix& V) const {
    return att_.input(Q, K, V);
  }

  ParamSet& params() { return ps_; }
  const QaModelConfig& config() const { return cfg_; }
  long long parameter_count() const { return ps_.count(); }

  // Model file: a text header and every parameter at full precision. load() returns ""
  // or the reason the file cannot be used.
  void save(std::ostream& os) const;
  std::string load(std::istream& is);

 private:
  struct Hop {
    Param *A = nullptr, *C = nullptr, *TA = nullptr, *TC = nullptr;
  };
  void build(std::uint64_t seed);

  QaModelConfig cfg_;
  ParamSet ps_;
  Param *B_ = nullptr, *W_ = nullptr, *b_ = nullptr;
  std::vector<Hop> hops_;
  Attention att_;
};

// MemN2N's position encoding for a J-word sentence at width d: (J × d).
Matrix qa_position_encoding(int words, int dim);

}  // namespace ap::models
