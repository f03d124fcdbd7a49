// The translation model: an encoder–decoder with attention through the core.
//   encoder: source embeddings E (S × e) → a bidirectional GRU; the keys K (S × 2h) are
//            the forward and backward states side by side, the values V are the word
//            embeddings E themselves (so the decoder can only read a word by attending to
//            its position: the attention *is* the alignment);
//   decoder: a GRU over the previous target words (</s> first), started from
//            tanh(W_s [→h_S; ←h_1] + b); its states are the queries Q (T × 2h);
//   output:  logits = W_o tanh(W_c [q_t; c_t] + b_c) + b_o, c_t = attention output.
// Why recurrent and not positional encodings: where word t comes from depends on the
// sentence's structure (how many adjectives each noun has), which a GRU reads in order;
// the decoder queries need no attention feedback, so one attend() call per sentence gives
// the whole alignment, the same Q, K, V the playground can load.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "models/layers.h"
#include "models/translation.h"

namespace ap::models {

struct Seq2SeqConfig {
  ScoringKind scoring = ScoringKind::Additive;
  int embed = 16;   // e: word embedding width (also d_v)
  int hidden = 16;  // h: each encoder direction; decoder states and queries are 2h wide
  int out_hidden = 32;
  int additive_hidden = 32;  // a, additive scoring only
};

// Target ids: 0 is </s> (start of decoding and end of sentence), 1 + lexicon row otherwise.
int target_vocab_size();
std::string target_word(int id);  // "</s>" or the Vashi word

// Everything one sentence's attention needs, and what the views show.
struct SentenceAttention {
  std::vector<std::string> source, output;  // English words, emitted Vashi words
  Matrix Q, K, V;                           // (T × 2h), (S × 2h), (S × e)
  Matrix weights;                           // (T × S) one row per emitted word
};

class Seq2Seq {
 public:
  Seq2Seq(const Seq2SeqConfig& cfg, std::uint64_t seed);

  // Teacher-forced loss of one pair, Σ over its T + 1 target tokens × scale; when
  // `backward`, adds ∂(loss · scale)/∂params to the gradients.
  double loss(const translation::Pair& p, double scale, bool backward);

  // Attention with the reference prefix fed in (row t: the step meant to emit Vashi word t).
  SentenceAttention teacher_forced(const translation::Pair& p);

  // Greedy decoding of an English sentence in the lexicon (at most S + 4 words).
  SentenceAttention translate(const std::vector<std::string>& english);

  // The core's input for these Q, K, V with the model's scoring kind and trained scoring
  // parameters: attend() of it gives exactly the model's attention.
  AttentionInput attention_input(const Matrix& Q, const Matrix& K, const Matrix& V) const {
    return att_.input(Q, K, V);
  }

  ParamSet& params() { return ps_; }
  const Seq2SeqConfig& config() const { return cfg_; }
  long long parameter_count() const { return ps_.count(); }

  // Model file: a text header and every parameter at full precision. load() returns ""
  // or the reason the file cannot be used.
  void save(std::ostream& os) const;
  std::string load(std::istream& is);

 private:
  struct Encoded;
  Encoded encode(const std::vector<int>& src) const;

  Seq2SeqConfig cfg_;
  ParamSet ps_;
  Param *src_emb_, *tgt_emb_, *init_W_, *init_b_, *Wc_, *bc_, *Wo_, *bo_;
  Gru enc_f_, enc_b_, dec_;
  Attention att_;
};

// Lexicon rows of English words; false (and the unknown words named in `error`) otherwise.
bool source_ids(const std::vector<std::string>& english, std::vector<int>* ids, std::string* error);

}  // namespace ap::models
