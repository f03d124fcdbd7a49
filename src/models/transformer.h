// A tiny decoder-only transformer (the `induction` task of shared/TASKS.md):
//   x₀ = token embedding + learned position embedding                     (n × d)
//   each layer: x ← x + W_o · concat_h(attend_h(LN(x))) + b_o             causal heads
//               x ← x + MLP(LN(x))                                        only if mlp > 0
//   logits = W_U · LN(x) + b_U                                           (n × vocab)
// Each head has its own Q, K, V projections (column blocks of width d/h of one d × d
// linear map each) and its own scoring parameters, and runs through the core's attend()
// with the causal mask, so its weights are exactly what the playground shows for the same
// Q, K, V. A head can be ablated: its output is replaced by zeros. Hand-written backward
// passes, checked against finite differences in tests/native/test_models_transformer.cpp.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "models/layers.h"

namespace ap::models {

struct TransformerConfig {
  ScoringKind scoring = ScoringKind::ScaledDot;
  int layers = 2;
  int heads = 2;             // per layer; divides width
  int width = 32;            // d, the residual stream
  int mlp = 0;               // hidden width of each layer's MLP; 0: attention-only
  int vocab = 16;            // token ids 0 … vocab − 1
  int context = 16;          // positions with a learned embedding: the longest sequence
  int additive_hidden = 16;  // a, additive scoring only
};

// What one forward pass keeps: every intermediate the backward pass and the views need.
struct TransformerHeadCache {
  AttentionInput input;  // this head's Q, K, V (n × d/h), scoring parameters, causal mask
  Result result;         // result.heads[0].weights is the head's attention map (n × n)
};
struct TransformerLayerCache {
  Matrix x_in;  // (n × d) the residual stream entering the layer
  LayerNormCache ln1;
  Matrix xn;       // LN(x_in)
  Matrix Q, K, V;  // (n × d) all heads side by side
  std::vector<TransformerHeadCache> heads;
  Matrix concat;  // (n × d) head outputs, zeros for ablated heads
  Matrix x_mid;   // after the attention sublayer
  LayerNormCache ln2;
  Matrix mn, pre, hidden;  // MLP: LN(x_mid), W₁·+b₁, ReLU (n × mlp)
};
// One forward pass over one or more sequences stacked row-wise: sequence s is rows
// starts[s] … starts[s + 1] − 1 of every (rows × ·) matrix below; the linear maps run once
// over all rows, attention runs per sequence and head.
struct TransformerForward {
  std::vector<int> tokens;                    // every sequence's tokens, one after another
  std::vector<int> starts;                    // sequences + 1 entries: 0, n₀, n₀ + n₁, …
  std::vector<int> offsets;                   // first position used by each sequence
  std::vector<TransformerLayerCache> layers;  // heads: sequence-major (s · heads + h)
  Matrix x_final;                             // (n × d)
  LayerNormCache ln_f;
  Matrix xf;      // LN(x_final)
  Matrix logits;  // (n × vocab): row i predicts token i + 1
};

// A path removed from one forward pass, to see what it carries (the circuit view): the
// output of head (from_layer, from_head), as it reaches the residual stream through W_o, is
// subtracted from the stream that layer `into_layer` (> from_layer) reads for the chosen of
// its queries, keys and values; everything else still sees the whole stream. For
// evaluation only: backward() assumes no cut. from_head −1 cuts every head of from_layer.
struct PathCut {
  int from_layer = 0, from_head = 0, into_layer = 1;
  bool queries = false, keys = false, values = false;
};

class Transformer {
 public:
  Transformer(const TransformerConfig& cfg, std::uint64_t seed);

  // Empty when every id is in 0 … vocab − 1 and 1 ≤ n, offset + n ≤ context; else the reason.
  std::string check_tokens(const std::vector<int>& tokens, int offset = 0) const;

  // Positions offset … offset + n − 1 of the position table (training draws offsets so that
  // absolute position says nothing about the segment length; everything else uses 0).
  // Precondition: check_tokens(tokens, offset) is empty.
  TransformerForward forward(const std::vector<int>& tokens, int offset = 0) const;
  // Several sequences in one pass (the same numbers as one forward() each, summed in another
  // order). Precondition: check_tokens(seqs[s], offsets[s]) is empty for every s.
  TransformerForward forward_batch(const std::vector<std::vector<int>>& seqs,
                                   const std::vector<int>& offsets,
                                   const PathCut* cut = nullptr) const;
  // One sequence from position 0 with `cut` applied.
  TransformerForward forward_cut(const std::vector<int>& tokens, const PathCut& cut) const {
    return forward_batch({tokens}, {0}, &cut);
  }

  // Next-token loss of one sequence, Σ over positions 0 … n − 2 of −log p(token i + 1)
  // × scale; when `backward`, adds ∂(loss · scale)/∂params to the gradients.
  double loss(const std::vector<int>& tokens, double scale, bool backward, int offset = 0);
  // The same summed over several sequences in one batched pass.
  double loss_batch(const std::vector<std::vector<int>>& seqs, const std::vector<int>& offsets,
                    double scale, bool backward);
  // The same for a forward pass already made (its ablation included).
  double backward(const TransformerForward& f, double scale);

  // Attention map of head (layer, head) in a forward pass over sequence `seq`: (n × n),
  // rows are queries.
  static const Matrix& attention(const TransformerForward& f, int layer, int head, int seq = 0) {
    const TransformerLayerCache& c = f.layers[static_cast<std::size_t>(layer)];
    const std::size_t heads = c.heads.size() / (f.starts.size() - 1);
    return c.heads[static_cast<std::size_t>(seq) * heads + static_cast<std::size_t>(head)]
        .result.heads[0]
        .weights;
  }

  // Ablation: a head whose output is zeroed in every later forward pass.
  void set_ablated(int layer, int head, bool ablated);
  bool ablated(int layer, int head) const;
  void clear_ablation();

  ParamSet& params() { return ps_; }
  const TransformerConfig& config() const { return cfg_; }
  long long parameter_count() const { return ps_.count(); }

  // Model file: a text header and every parameter at full precision. load() returns ""
  // or the reason the file cannot be used (the model is unchanged then).
  void save(std::ostream& os) const;
  std::string load(std::istream& is);

 private:
  struct Layer {
    Param *ln1_g, *ln1_b, *Wq, *bq, *Wk, *bk, *Wv, *bv, *Wo, *bo;
    Param *ln2_g = nullptr, *ln2_b = nullptr, *W1 = nullptr, *b1 = nullptr, *W2 = nullptr,
          *b2 = nullptr;
    std::vector<Attention> att;  // one per head, each with its own scoring parameters
  };
  void build(std::uint64_t seed);

  TransformerConfig cfg_;
  ParamSet ps_;
  Param *tok_emb_, *pos_emb_, *lnf_g_, *lnf_b_, *Wu_, *bu_;
  std::vector<Layer> layers_;
  std::vector<bool> ablated_;  // layer-major: layer · heads + head
};

// Empty when the configuration can be built (sizes in range, heads divide width).
std::string check_transformer_config(const TransformerConfig& cfg);

}  // namespace ap::models
