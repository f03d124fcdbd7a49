// The captioning model of captioning_model.h: forward, backward, greedy decoding, file.
//
// [SECTION] Set-up
// [SECTION] Forward and backward
// [SECTION] Model file
#include "models/captioning_model.h"

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

CaptioningModel::CaptioningModel(const CaptioningConfig& cfg, std::uint64_t seed) : cfg_(cfg) {
  build(seed);
}

void CaptioningModel::build(std::uint64_t seed) {
  Rng rng(seed);
  const int d = cfg_.features + cfg_.position + 2 * captioning::kGrid, H = cfg_.hidden,
            e = cfg_.embed, O = cfg_.out_hidden,
            Vw = static_cast<int>(captioning::vocabulary().size());
  Wp_ = ps_.add("patch.W", cfg_.features, captioning::kPatchValues,
                fan_in(captioning::kPatchValues), rng);
  bp_ = ps_.add("patch.b", 1, cfg_.features, 0, rng);
  pos_ = ps_.add("patch.pos", captioning::kPatches, cfg_.position, 1.0, rng);
  emb_ = ps_.add("emb", Vw, e, 1.0, rng);
  gWx_ = ps_.add("dec.Wx", 3 * H, e, fan_in(e), rng);
  gWh_ = ps_.add("dec.Wh", 3 * H, H, fan_in(H), rng);
  gbx_ = ps_.add("dec.bx", 1, 3 * H, 0, rng);
  gbh_ = ps_.add("dec.bh", 1, 3 * H, 0, rng);
  dec_ = Gru{gWx_, gWh_, gbx_, gbh_};
  Wq_ = ps_.add("query.W", d, H, fan_in(H), rng);
  bq_ = ps_.add("query.b", 1, d, 0, rng);
  att_ = Attention{};
  att_.kind = cfg_.scoring;
  if (scoring_has_bilinear(cfg_.scoring)) att_.W = ps_.add("att.W", d, d, fan_in(d), rng);
  if (scoring_has_additive(cfg_.scoring)) {
    const int a = cfg_.additive_hidden;
    att_.Wq = ps_.add("att.Wq", a, d, fan_in(d), rng);
    att_.Wk = ps_.add("att.Wk", a, d, fan_in(d), rng);
    att_.v = ps_.add("att.v", a, 1, fan_in(a), rng);
  }
  const int w = d - cfg_.features;  // the place part of a context
  Wc_ = ps_.add("out.Wc", O, H + d + w, fan_in(H + d + w), rng);
  bc_ = ps_.add("out.bc", 1, O, 0, rng);
  Wo_ = ps_.add("out.Wo", Vw, O, fan_in(O), rng);
  bo_ = ps_.add("out.bo", 1, Vw, 0, rng);
}

// ---------------------------------------------------------------------------------------
// [SECTION] Forward and backward
// ---------------------------------------------------------------------------------------

Matrix CaptioningModel::keys(const Matrix& X, Matrix* F) const {
  *F = tanh_forward(linear_forward(*Wp_, *bp_, X.array() - captioning::kBackground));
  Matrix K = Matrix::Zero(X.rows(), cfg_.features + cfg_.position + 2 * captioning::kGrid);
  K << *F, pos_->value, Matrix::Zero(X.rows(), 2 * captioning::kGrid);
  for (int p = 0; p < captioning::kPatches; ++p) {
    K(p, cfg_.features + cfg_.position + p / captioning::kGrid) = 1.0;
    K(p, cfg_.features + cfg_.position + captioning::kGrid + p % captioning::kGrid) = 1.0;
  }
  return K;
}

double CaptioningModel::loss(const captioning::Example& ex, double scale, bool backward) {
  std::vector<int> in{captioning::kStart}, target;
  for (const std::string& w : captioning::caption_words(ex.scene)) {
    const int id = captioning::word_index(w);
    in.push_back(id);
    target.push_back(id);
  }
  target.push_back(captioning::kEnd);
  const Eigen::Index T = static_cast<Eigen::Index>(in.size()), H = cfg_.hidden;

  Matrix F;
  const Matrix K = keys(ex.patches, &F);
  const Eigen::Index d = K.cols();
  const GruCache gc = gru_forward(dec_, embedding_forward(*emb_, in), Vector::Zero(H));
  const Matrix S = gc.H.bottomRows(T);
  const AttentionInput ai = att_.input(linear_forward(*Wq_, *bq_, S), K, K);
  const Result res = attend(ai);
  const Eigen::Index w = d - cfg_.features;  // the place part of a context
  Matrix cat = Matrix::Zero(T, H + d + w);   // [s_t, c_t, place part of c_{t−1}]
  cat.leftCols(H) = S;
  cat.middleCols(H, d) = res.output;
  cat.rightCols(w).bottomRows(T - 1) = res.output.topRows(T - 1).rightCols(w);
  const Matrix Z = tanh_forward(linear_forward(*Wc_, *bc_, cat));
  const Matrix logits = linear_forward(*Wo_, *bo_, Z);
  Matrix dlogits;
  const double total = softmax_cross_entropy(logits, target, scale, &dlogits);
  if (!backward) return total * scale;

  const Matrix dZ = linear_backward(*Wo_, *bo_, Z, dlogits);
  const Matrix dcat = linear_backward(*Wc_, *bc_, cat, tanh_backward(Z, dZ));
  Matrix dC = dcat.middleCols(H, d);
  dC.topRows(T - 1).rightCols(w) += dcat.rightCols(w).bottomRows(T - 1);  // also read at t + 1
  const AttentionGrads g = attention_backward(att_, ai, res, dC);
  Matrix dS = dcat.leftCols(H);
  dS += linear_backward(*Wq_, *bq_, S, g.dQ);
  Vector dh0;
  embedding_backward(*emb_, in, gru_backward(dec_, gc, dS, &dh0));
  const Matrix dK = g.dK + g.dV;
  pos_->grad += dK.middleCols(cfg_.features, cfg_.position);
  // The patch layer's weights only: the pixels need no gradient (linear_backward would
  // spend as much again on one).
  const Matrix dF = tanh_backward(F, dK.leftCols(cfg_.features));
  Wp_->grad.noalias() += dF.transpose() * (ex.patches.array() - captioning::kBackground).matrix();
  bp_->grad.row(0) += dF.colwise().sum();
  return total * scale;
}

CaptionResult CaptioningModel::caption(const Matrix& patches) const {
  const Eigen::Index H = cfg_.hidden;
  CaptionResult out;
  Matrix F;
  out.K = keys(patches, &F);
  out.V = out.K;
  const Eigen::Index d = out.K.cols();
  Vector s = Vector::Zero(H);
  Matrix c_prev = Matrix::Zero(1, d - cfg_.features);
  int prev = captioning::kStart;
  std::vector<Eigen::RowVectorXd> qs, ws;
  while (out.words.size() < static_cast<std::size_t>(kMaxCaptionWords)) {
    const GruCache gc = gru_forward(dec_, embedding_forward(*emb_, {prev}), s);
    s = gc.H.row(1).transpose();
    const Matrix q = linear_forward(*Wq_, *bq_, gc.H.bottomRows(1));
    const Result res = attend(att_.input(q, out.K, out.V));
    Matrix cat(1, H + d + c_prev.cols());
    cat << gc.H.bottomRows(1), res.output, c_prev;
    c_prev = res.output.rightCols(d - cfg_.features);
    const Matrix logits = linear_forward(*Wo_, *bo_, tanh_forward(linear_forward(*Wc_, *bc_, cat)));
    Eigen::Index best = 0;
    logits.row(0).maxCoeff(&best);
    if (best == captioning::kEnd) break;
    prev = static_cast<int>(best);
    out.words.push_back(captioning::vocabulary()[static_cast<std::size_t>(prev)]);
    qs.push_back(q.row(0));
    ws.push_back(res.heads[0].weights.row(0));
  }
  out.Q.resize(static_cast<Eigen::Index>(qs.size()), d);
  out.weights.resize(static_cast<Eigen::Index>(ws.size()), captioning::kPatches);
  for (std::size_t t = 0; t < qs.size(); ++t) {
    out.Q.row(static_cast<Eigen::Index>(t)) = qs[t];
    out.weights.row(static_cast<Eigen::Index>(t)) = ws[t];
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Model file
// ---------------------------------------------------------------------------------------

void CaptioningModel::save(std::ostream& os) const {
  os << "attention-playground-model 1\ntask captioning\nscoring " << scoring_name(cfg_.scoring)
     << "\nfeatures " << cfg_.features << "\nposition " << cfg_.position << "\nhidden "
     << cfg_.hidden << "\nembed " << cfg_.embed << "\nout_hidden " << cfg_.out_hidden
     << "\nadditive_hidden " << cfg_.additive_hidden << "\n";
  os << std::setprecision(17);
  for (const Param* p : ps_.all()) {
    os << "param " << p->name << ' ' << p->value.rows() << ' ' << p->value.cols() << '\n';
    for (Eigen::Index i = 0; i < p->value.size(); ++i)
      os << p->value.data()[i] << (i + 1 == p->value.size() ? '\n' : ' ');
  }
  os << "end\n";
}

std::string CaptioningModel::load(std::istream& is) {
  std::string word, name;
  int version = 0;
  if (!(is >> word >> version) || word != "attention-playground-model" || version != 1)
    return "not an attention-playground model file";
  if (!(is >> word >> name) || word != "task" || name != "captioning")
    return "the model file is not for the captioning task";
  CaptioningConfig cfg;
  if (!(is >> word >> name) || word != "scoring") return "the model file has no scoring kind";
  if (!scoring_from_name(name, &cfg.scoring))
    return "unknown scoring kind \"" + name + "\" in the model file";
  for (auto [key, field] : {std::pair<const char*, int*>{"features", &cfg.features},
                            {"position", &cfg.position},
                            {"hidden", &cfg.hidden},
                            {"embed", &cfg.embed},
                            {"out_hidden", &cfg.out_hidden},
                            {"additive_hidden", &cfg.additive_hidden}})
    if (!(is >> word >> *field) || word != key || *field < 1 || *field > kMaxWidth)
      return std::string("the model file's \"") + key + "\" is missing or out of range (1 to " +
             std::to_string(kMaxWidth) + ")";
  CaptioningModel fresh(cfg, 0);
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
  // Rebuild with the file's shapes, then copy its values in parameter order.
  cfg_ = cfg;
  ps_ = ParamSet{};
  build(0);
  for (std::size_t i = 0; i < ps_.all().size(); ++i)
    ps_.all()[i]->value = fresh.ps_.all()[i]->value;
  return "";
}

}  // namespace ap::models
