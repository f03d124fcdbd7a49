// The transformer of transformer.h: set-up, forward, backward, ablation, model file.
//
// [SECTION] Set-up
// [SECTION] Forward
// [SECTION] Loss and backward
// [SECTION] Model file
#include "models/transformer.h"

#include <cmath>
#include <iomanip>
#include <istream>
#include <ostream>

#include "core/limits.h"

namespace ap::models {

// ---------------------------------------------------------------------------------------
// [SECTION] Set-up
// ---------------------------------------------------------------------------------------

namespace {

double fan_in(int n) {
  return 1.0 / std::sqrt(static_cast<double>(n));
}

}  // namespace

std::string check_transformer_config(const TransformerConfig& cfg) {
  auto in = [](int x, int lo, int hi) { return x >= lo && x <= hi; };
  if (!in(cfg.layers, 1, kMaxTransformerLayers))
    return "layers must be 1 … " + std::to_string(kMaxTransformerLayers);
  if (!in(cfg.width, 1, kMaxTransformerWidth))
    return "width must be 1 … " + std::to_string(kMaxTransformerWidth);
  if (!in(cfg.heads, 1, cfg.width) || cfg.width % cfg.heads != 0)
    return "heads must divide the width";
  if (!in(cfg.mlp, 0, kMaxTransformerWidth))
    return "mlp must be 0 … " + std::to_string(kMaxTransformerWidth);
  if (!in(cfg.vocab, 1, kMaxTransformerWidth))
    return "vocab must be 1 … " + std::to_string(kMaxTransformerWidth);
  if (!in(cfg.context, 1, kMaxTransformerContext))
    return "context must be 1 … " + std::to_string(kMaxTransformerContext);
  if (!in(cfg.additive_hidden, 1, kMaxTransformerWidth))
    return "additive_hidden must be 1 … " + std::to_string(kMaxTransformerWidth);
  return "";
}

Transformer::Transformer(const TransformerConfig& cfg, std::uint64_t seed) : cfg_(cfg) {
  build(seed);
}

void Transformer::build(std::uint64_t seed) {
  Rng rng(seed);
  const int d = cfg_.width, dh = d / cfg_.heads;
  tok_emb_ = ps_.add("tok_emb", cfg_.vocab, d, 1.0, rng);
  pos_emb_ = ps_.add("pos_emb", cfg_.context, d, 1.0, rng);
  layers_.clear();
  for (int l = 0; l < cfg_.layers; ++l) {
    const std::string p = "layer" + std::to_string(l) + ".";
    Layer L;
    L.ln1_g = ps_.add(p + "ln1.g", 1, d, 0, rng);
    L.ln1_g->value.setOnes();
    L.ln1_b = ps_.add(p + "ln1.b", 1, d, 0, rng);
    L.Wq = ps_.add(p + "Wq", d, d, fan_in(d), rng);
    L.bq = ps_.add(p + "bq", 1, d, 0, rng);
    L.Wk = ps_.add(p + "Wk", d, d, fan_in(d), rng);
    L.bk = ps_.add(p + "bk", 1, d, 0, rng);
    L.Wv = ps_.add(p + "Wv", d, d, fan_in(d), rng);
    L.bv = ps_.add(p + "bv", 1, d, 0, rng);
    for (int h = 0; h < cfg_.heads; ++h) {
      const std::string q = p + "head" + std::to_string(h) + ".";
      Attention a;
      a.kind = cfg_.scoring;
      if (scoring_has_bilinear(cfg_.scoring)) a.W = ps_.add(q + "W", dh, dh, fan_in(dh), rng);
      if (scoring_has_additive(cfg_.scoring)) {
        const int ah = cfg_.additive_hidden;
        a.Wq = ps_.add(q + "Wq", ah, dh, fan_in(dh), rng);
        a.Wk = ps_.add(q + "Wk", ah, dh, fan_in(dh), rng);
        a.v = ps_.add(q + "v", ah, 1, fan_in(ah), rng);
      }
      L.att.push_back(a);
    }
    L.Wo = ps_.add(p + "Wo", d, d, fan_in(d), rng);
    L.bo = ps_.add(p + "bo", 1, d, 0, rng);
    if (cfg_.mlp > 0) {
      L.ln2_g = ps_.add(p + "ln2.g", 1, d, 0, rng);
      L.ln2_g->value.setOnes();
      L.ln2_b = ps_.add(p + "ln2.b", 1, d, 0, rng);
      L.W1 = ps_.add(p + "W1", cfg_.mlp, d, fan_in(d), rng);
      L.b1 = ps_.add(p + "b1", 1, cfg_.mlp, 0, rng);
      L.W2 = ps_.add(p + "W2", d, cfg_.mlp, fan_in(cfg_.mlp), rng);
      L.b2 = ps_.add(p + "b2", 1, d, 0, rng);
    }
    layers_.push_back(L);
  }
  lnf_g_ = ps_.add("lnf.g", 1, d, 0, rng);
  lnf_g_->value.setOnes();
  lnf_b_ = ps_.add("lnf.b", 1, d, 0, rng);
  Wu_ = ps_.add("Wu", cfg_.vocab, d, fan_in(d), rng);
  bu_ = ps_.add("bu", 1, cfg_.vocab, 0, rng);
  ablated_.assign(static_cast<std::size_t>(cfg_.layers) * static_cast<std::size_t>(cfg_.heads),
                  false);
}

void Transformer::set_ablated(int layer, int head, bool ablated) {
  if (layer < 0 || layer >= cfg_.layers || head < 0 || head >= cfg_.heads) return;
  ablated_[static_cast<std::size_t>(layer) * static_cast<std::size_t>(cfg_.heads) +
           static_cast<std::size_t>(head)] = ablated;
}

bool Transformer::ablated(int layer, int head) const {
  if (layer < 0 || layer >= cfg_.layers || head < 0 || head >= cfg_.heads) return false;
  return ablated_[static_cast<std::size_t>(layer) * static_cast<std::size_t>(cfg_.heads) +
                  static_cast<std::size_t>(head)];
}

void Transformer::clear_ablation() {
  ablated_.assign(ablated_.size(), false);
}

std::string Transformer::check_tokens(const std::vector<int>& tokens, int offset) const {
  if (tokens.empty()) return "no tokens";
  if (offset < 0 || offset > cfg_.context) return "position offset out of range";
  if (static_cast<int>(tokens.size()) > cfg_.context - offset)
    return std::to_string(tokens.size()) + " tokens; the model's context is " +
           std::to_string(cfg_.context);
  for (int t : tokens)
    if (t < 0 || t >= cfg_.vocab) return "token id " + std::to_string(t) + " out of range";
  return "";
}

// ---------------------------------------------------------------------------------------
// [SECTION] Forward
// ---------------------------------------------------------------------------------------

TransformerForward Transformer::forward(const std::vector<int>& tokens, int offset) const {
  return forward_batch({tokens}, {offset});
}

TransformerForward Transformer::forward_batch(const std::vector<std::vector<int>>& seqs,
                                              const std::vector<int>& offsets,
                                              const PathCut* cut) const {
  TransformerForward f;
  f.offsets = offsets;
  f.starts.push_back(0);
  for (const std::vector<int>& t : seqs) {
    f.tokens.insert(f.tokens.end(), t.begin(), t.end());
    f.starts.push_back(static_cast<int>(f.tokens.size()));
  }
  const int dh = cfg_.width / cfg_.heads;
  Matrix x = embedding_forward(*tok_emb_, f.tokens);
  for (std::size_t s = 0; s < seqs.size(); ++s)
    x.middleRows(f.starts[s], static_cast<Eigen::Index>(seqs[s].size())) +=
        pos_emb_->value.middleRows(offsets[s], static_cast<Eigen::Index>(seqs[s].size()));
  f.layers.resize(layers_.size());
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& L = layers_[l];
    TransformerLayerCache& c = f.layers[l];
    c.x_in = x;
    c.xn = layer_norm_forward(*L.ln1_g, *L.ln1_b, x, &c.ln1);
    c.Q = linear_forward(*L.Wq, *L.bq, c.xn);
    c.K = linear_forward(*L.Wk, *L.bk, c.xn);
    c.V = linear_forward(*L.Wv, *L.bv, c.xn);
    if (cut && cut->into_layer == static_cast<int>(l) && cut->from_layer >= 0 &&
        cut->from_layer < cut->into_layer && cut->from_head >= -1 && cut->from_head < cfg_.heads) {
      // The stream without head (from_layer, from_head)'s share of W_o · concat (every
      // head's share when from_head is −1).
      const bool all = cut->from_head < 0;
      const Eigen::Index col = all ? 0 : static_cast<Eigen::Index>(cut->from_head) * dh;
      const Eigen::Index width = all ? cfg_.width : dh;
      const std::size_t from = static_cast<std::size_t>(cut->from_layer);
      const Matrix part = f.layers[from].concat.middleCols(col, width) *
                          layers_[from].Wo->value.middleCols(col, width).transpose();
      LayerNormCache unused;
      const Matrix xn_cut = layer_norm_forward(*L.ln1_g, *L.ln1_b, x - part, &unused);
      if (cut->queries) c.Q = linear_forward(*L.Wq, *L.bq, xn_cut);
      if (cut->keys) c.K = linear_forward(*L.Wk, *L.bk, xn_cut);
      if (cut->values) c.V = linear_forward(*L.Wv, *L.bv, xn_cut);
    }
    c.concat = Matrix::Zero(x.rows(), cfg_.width);
    c.heads.resize(seqs.size() * static_cast<std::size_t>(cfg_.heads));
    for (std::size_t s = 0; s < seqs.size(); ++s) {
      const Eigen::Index r0 = f.starts[s], n = static_cast<Eigen::Index>(seqs[s].size());
      for (int h = 0; h < cfg_.heads; ++h) {
        const Eigen::Index col = static_cast<Eigen::Index>(h) * dh;
        TransformerHeadCache& hc =
            c.heads[s * static_cast<std::size_t>(cfg_.heads) + static_cast<std::size_t>(h)];
        hc.input = L.att[static_cast<std::size_t>(h)].input(
            c.Q.block(r0, col, n, dh), c.K.block(r0, col, n, dh), c.V.block(r0, col, n, dh));
        hc.input.mask.kind = MaskKind::Causal;
        hc.result = attend(hc.input);
        if (!ablated(static_cast<int>(l), h)) c.concat.block(r0, col, n, dh) = hc.result.output;
      }
    }
    c.x_mid = x + linear_forward(*L.Wo, *L.bo, c.concat);
    x = c.x_mid;
    if (cfg_.mlp > 0) {
      c.mn = layer_norm_forward(*L.ln2_g, *L.ln2_b, c.x_mid, &c.ln2);
      c.pre = linear_forward(*L.W1, *L.b1, c.mn);
      c.hidden = relu_forward(c.pre);
      x += linear_forward(*L.W2, *L.b2, c.hidden);
    }
  }
  f.x_final = x;
  f.xf = layer_norm_forward(*lnf_g_, *lnf_b_, x, &f.ln_f);
  f.logits = linear_forward(*Wu_, *bu_, f.xf);
  return f;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Loss and backward
// ---------------------------------------------------------------------------------------

namespace {

// Each row's next token within its sequence; −1 (no target) on every sequence's last row.
std::vector<int> next_tokens(const TransformerForward& f) {
  std::vector<int> targets(f.tokens.begin() + 1, f.tokens.end());
  targets.push_back(-1);
  for (std::size_t s = 1; s < f.starts.size(); ++s)
    targets[static_cast<std::size_t>(f.starts[s]) - 1] = -1;
  return targets;
}

}  // namespace

double Transformer::loss(const std::vector<int>& tokens, double scale, bool backward_too,
                         int offset) {
  return loss_batch({tokens}, {offset}, scale, backward_too);
}

double Transformer::loss_batch(const std::vector<std::vector<int>>& seqs,
                               const std::vector<int>& offsets, double scale, bool backward_too) {
  const TransformerForward f = forward_batch(seqs, offsets);
  if (backward_too) return backward(f, scale);
  Matrix unused;
  return softmax_cross_entropy(f.logits, next_tokens(f), scale, &unused) * scale;
}

double Transformer::backward(const TransformerForward& f, double scale) {
  Matrix dlogits;
  const double total = softmax_cross_entropy(f.logits, next_tokens(f), scale, &dlogits);
  const int dh = cfg_.width / cfg_.heads;
  const std::size_t seqs = f.starts.size() - 1;
  const Matrix dxf = linear_backward(*Wu_, *bu_, f.xf, dlogits);
  Matrix dx = layer_norm_backward(*lnf_g_, *lnf_b_, f.ln_f, dxf);
  for (std::size_t li = layers_.size(); li-- > 0;) {
    Layer& L = layers_[li];
    const TransformerLayerCache& c = f.layers[li];
    if (cfg_.mlp > 0) {
      // x_out = x_mid + W₂ ReLU(W₁ LN(x_mid) + b₁) + b₂
      const Matrix dhidden = linear_backward(*L.W2, *L.b2, c.hidden, dx);
      const Matrix dmn = linear_backward(*L.W1, *L.b1, c.mn, relu_backward(c.pre, dhidden));
      dx += layer_norm_backward(*L.ln2_g, *L.ln2_b, c.ln2, dmn);
    }
    // x_mid = x_in + W_o concat + b_o
    const Matrix dconcat = linear_backward(*L.Wo, *L.bo, c.concat, dx);
    Matrix dQ = Matrix::Zero(dx.rows(), cfg_.width), dK = dQ, dV = dQ;
    for (int h = 0; h < cfg_.heads; ++h) {
      if (ablated(static_cast<int>(li), h)) continue;
      const Eigen::Index col = static_cast<Eigen::Index>(h) * dh;
      for (std::size_t s = 0; s < seqs; ++s) {
        const TransformerHeadCache& hc =
            c.heads[s * static_cast<std::size_t>(cfg_.heads) + static_cast<std::size_t>(h)];
        const Eigen::Index r0 = f.starts[s], n = f.starts[s + 1] - f.starts[s];
        const AttentionGrads g = attention_backward(L.att[static_cast<std::size_t>(h)], hc.input,
                                                    hc.result, dconcat.block(r0, col, n, dh));
        dQ.block(r0, col, n, dh) = g.dQ;
        dK.block(r0, col, n, dh) = g.dK;
        dV.block(r0, col, n, dh) = g.dV;
      }
    }
    Matrix dxn = linear_backward(*L.Wq, *L.bq, c.xn, dQ);
    dxn += linear_backward(*L.Wk, *L.bk, c.xn, dK);
    dxn += linear_backward(*L.Wv, *L.bv, c.xn, dV);
    dx += layer_norm_backward(*L.ln1_g, *L.ln1_b, c.ln1, dxn);
  }
  embedding_backward(*tok_emb_, f.tokens, dx);
  for (std::size_t s = 0; s < seqs; ++s)
    pos_emb_->grad.middleRows(f.offsets[s], f.starts[s + 1] - f.starts[s]) +=
        dx.middleRows(f.starts[s], f.starts[s + 1] - f.starts[s]);
  return total * scale;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Model file
// ---------------------------------------------------------------------------------------

namespace {
struct Field {
  const char* name;
  int TransformerConfig::*member;
};
constexpr Field kFields[] = {
    {"layers", &TransformerConfig::layers},
    {"heads", &TransformerConfig::heads},
    {"width", &TransformerConfig::width},
    {"mlp", &TransformerConfig::mlp},
    {"vocab", &TransformerConfig::vocab},
    {"context", &TransformerConfig::context},
    {"additive_hidden", &TransformerConfig::additive_hidden},
};
}  // namespace

void Transformer::save(std::ostream& os) const {
  os << "attention-playground-model 1\ntask induction\nscoring " << scoring_name(cfg_.scoring)
     << "\n";
  for (const Field& fd : kFields) os << fd.name << ' ' << cfg_.*fd.member << '\n';
  os << std::setprecision(17);
  for (const Param* p : ps_.all()) {
    os << "param " << p->name << ' ' << p->value.rows() << ' ' << p->value.cols() << '\n';
    for (Eigen::Index i = 0; i < p->value.size(); ++i)
      os << p->value.data()[i] << (i + 1 == p->value.size() ? '\n' : ' ');
  }
  os << "end\n";
}

std::string Transformer::load(std::istream& is) {
  std::string word, name;
  int version = 0;
  if (!(is >> word >> version) || word != "attention-playground-model" || version != 1)
    return "not an attention-playground model file";
  if (!(is >> word >> name) || word != "task" || name != "induction")
    return "the model file is not for the induction task";
  std::string scoring;
  if (!(is >> word >> scoring) || word != "scoring") return "the model file has no scoring kind";
  TransformerConfig cfg;
  if (!scoring_from_name(scoring, &cfg.scoring))
    return "unknown scoring kind \"" + scoring + "\" in the model file";
  for (const Field& fd : kFields) {
    if (!(is >> word >> cfg.*fd.member) || word != fd.name)
      return std::string("the model file's \"") + fd.name + "\" is missing";
  }
  if (const std::string why = check_transformer_config(cfg); !why.empty())
    return "the model file's sizes cannot be used: " + why;
  // Parameters can be many only with sizes in range; check the total before allocating.
  const long long d = cfg.width, cells = (cfg.vocab + cfg.context) * d * 2 +
                                         cfg.layers * (4 * d * d + 2LL * cfg.mlp * d);
  if (cells > kMaxTransformerParameters)
    return "the model file's model is larger than " + std::to_string(kMaxTransformerParameters) +
           " parameters, the limit";
  Transformer fresh(cfg, 0);
  for (Param* p : fresh.ps_.all()) {
    Eigen::Index r = 0, c = 0;
    if (!(is >> word >> name >> r >> c) || word != "param" || name != p->name ||
        r != p->value.rows() || c != p->value.cols())
      return "the model file's parameter \"" + p->name + "\" is missing or misshapen";
    for (Eigen::Index i = 0; i < p->value.size(); ++i) {
      double x = 0;
      if (!(is >> x) || !std::isfinite(x) || std::abs(x) > kMaxMagnitude)
        return "the model file's parameter \"" + p->name + "\" has a bad number";
      p->value.data()[i] = x;
    }
  }
  if (!(is >> word) || word != "end") return "the model file does not end with \"end\"";
  // Parameters live behind unique_ptrs: the pointers stay valid through the move.
  *this = std::move(fresh);
  return "";
}

}  // namespace ap::models
