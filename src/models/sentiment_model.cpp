// The sentiment model of sentiment_model.h: forward, backward, model file.
#include "models/sentiment_model.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <istream>
#include <ostream>

namespace ap::models {
namespace {

double fan_in(int n) {
  return 1.0 / std::sqrt(static_cast<double>(n));
}

}  // namespace

std::vector<int> review_ids(const std::vector<std::string>& words,
                            std::vector<std::string>* unknown) {
  std::vector<int> ids;
  unknown->clear();
  for (const std::string& w : words) {
    const int id = sentiment::word_index(w);
    if (id < 0)
      unknown->push_back(w);
    else
      ids.push_back(id);
  }
  return ids;
}

SentimentModel::SentimentModel(const SentimentConfig& cfg, std::uint64_t seed) : cfg_(cfg) {
  Rng rng(seed);
  const int e = cfg.embed, h = cfg.hidden, k = e + cfg.position,
            vocab = static_cast<int>(sentiment::vocabulary().size());
  emb_ = ps_.add("emb", vocab, e, 1.0, rng);
  pos_ = ps_.add("pos", kMaxDistance + 1, cfg.position, 1.0, rng);
  Wv_ = ps_.add("value.W", h, kWindow * e, fan_in(kWindow * e), rng);
  bv_ = ps_.add("value.b", 1, h, 0, rng);
  query_ = ps_.add("query", 1, k, fan_in(k), rng);
  att_.kind = cfg.scoring;
  if (scoring_has_bilinear(cfg.scoring)) att_.W = ps_.add("att.W", k, k, fan_in(k), rng);
  if (scoring_has_additive(cfg.scoring)) {
    const int a = cfg.additive_hidden;
    att_.Wq = ps_.add("att.Wq", a, k, fan_in(k), rng);
    att_.Wk = ps_.add("att.Wk", a, k, fan_in(k), rng);
    att_.v = ps_.add("att.v", a, 1, fan_in(a), rng);
  }
  Wo_ = ps_.add("out.Wo", 2, h, fan_in(h), rng);
  bo_ = ps_.add("out.bo", 1, 2, 0, rng);
}

struct SentimentModel::Forward {
  Matrix E;               // (T × e)
  std::vector<int> dist;  // words to the end of the review, at most kMaxDistance
  Matrix window, Vals;    // (T × 3e) words t, t−1, t−2 side by side; (T × h) values
  AttentionInput in;
  Result res;
  Matrix logits;  // (1 × 2)
};

SentimentModel::Forward SentimentModel::forward(const std::vector<int>& ids) const {
  Forward fw;
  const Eigen::Index T = static_cast<Eigen::Index>(ids.size()), e = cfg_.embed;
  fw.E = embedding_forward(*emb_, ids);
  fw.window = Matrix::Zero(T, kWindow * e);
  for (Eigen::Index t = 0; t < T; ++t)
    for (Eigen::Index k = 0; k < kWindow && k <= t; ++k)
      fw.window.row(t).segment(k * e, e) = fw.E.row(t - k);
  fw.Vals = tanh_forward(linear_forward(*Wv_, *bv_, fw.window));
  for (Eigen::Index t = 0; t < T; ++t)
    fw.dist.push_back(static_cast<int>(std::min<Eigen::Index>(T - 1 - t, kMaxDistance)));
  Matrix K(T, e + cfg_.position);
  K << fw.window.middleCols(e, e), embedding_forward(*pos_, fw.dist);
  fw.in = att_.input(query_->value, K, fw.Vals);
  fw.res = attend(fw.in);
  fw.logits = linear_forward(*Wo_, *bo_, fw.res.output);
  return fw;
}

double SentimentModel::loss(const std::vector<int>& ids, int label, double scale, bool backward) {
  const Forward fw = forward(ids);
  Matrix dlogits;
  const double total = softmax_cross_entropy(fw.logits, {label}, scale, &dlogits);
  if (!backward) return total * scale;
  const Eigen::Index T = static_cast<Eigen::Index>(ids.size()), e = cfg_.embed;
  const Matrix dc = linear_backward(*Wo_, *bo_, fw.res.output, dlogits);
  const AttentionGrads ag = attention_backward(att_, fw.in, fw.res, dc);
  query_->grad += ag.dQ;
  embedding_backward(*pos_, fw.dist, ag.dK.rightCols(cfg_.position));
  Matrix dE = Matrix::Zero(T, e);
  Matrix dwin = linear_backward(*Wv_, *bv_, fw.window, tanh_backward(fw.Vals, ag.dV));
  dwin.middleCols(e, e) += ag.dK.leftCols(e);
  for (Eigen::Index t = 0; t < T; ++t)
    for (Eigen::Index k = 0; k < kWindow && k <= t; ++k)
      dE.row(t - k) += dwin.row(t).segment(k * e, e);
  embedding_backward(*emb_, ids, dE);
  return total * scale;
}

Matrix SentimentModel::input_gradient(const std::vector<int>& ids, int label) const {
  const Forward fw = forward(ids);
  Matrix dlogits;
  softmax_cross_entropy(fw.logits, {label}, -1.0, &dlogits);  // ∂(log p)/∂logits
  const Eigen::Index T = static_cast<Eigen::Index>(ids.size()), e = cfg_.embed;
  const Matrix dc = dlogits * Wo_->value;
  const Gradients g = attend_backward(fw.in, fw.res, dc);
  Matrix dwin = tanh_backward(fw.Vals, g.dV) * Wv_->value;
  dwin.middleCols(e, e) += g.dK.leftCols(e);
  Matrix dE = Matrix::Zero(T, e);
  for (Eigen::Index t = 0; t < T; ++t)
    for (Eigen::Index k = 0; k < kWindow && k <= t; ++k)
      dE.row(t - k) += dwin.row(t).segment(k * e, e);
  return dE;
}

double SentimentModel::p_positive_of(const Matrix& c) const {
  const Matrix logits = linear_forward(*Wo_, *bo_, c);
  return 1.0 / (1.0 + std::exp(logits(0, 0) - logits(0, 1)));
}

Matrix SentimentModel::logit_direction() const {
  return Wo_->value.row(1) - Wo_->value.row(0);
}

Matrix SentimentModel::embeddings(const std::vector<int>& ids) const {
  return embedding_forward(*emb_, ids);
}

SentimentReading SentimentModel::read(const std::vector<int>& ids) const {
  const Forward fw = forward(ids);
  SentimentReading r;
  for (int id : ids) r.words.push_back(sentiment::vocabulary()[static_cast<std::size_t>(id)].word);
  r.Q = fw.in.Q;
  r.K = fw.in.K;
  r.V = fw.in.V;
  r.weights = fw.res.heads[0].weights;
  r.p_positive = 1.0 / (1.0 + std::exp(fw.logits(0, 0) - fw.logits(0, 1)));
  r.label = r.p_positive > 0.5 ? 1 : 0;
  r.probability = r.label == 1 ? r.p_positive : 1.0 - r.p_positive;
  return r;
}

void SentimentModel::save(std::ostream& os) const {
  os << "attention-playground-model 1\ntask sentiment\n"
     << "scoring " << scoring_name(cfg_.scoring) << "\nembed " << cfg_.embed << "\nhidden "
     << cfg_.hidden << "\nposition " << cfg_.position << "\nadditive_hidden "
     << cfg_.additive_hidden << "\n";
  os << std::setprecision(17);
  for (const Param* p : ps_.all()) {
    os << "param " << p->name << ' ' << p->value.rows() << ' ' << p->value.cols() << '\n';
    for (Eigen::Index i = 0; i < p->value.size(); ++i)
      os << p->value.data()[i] << (i + 1 == p->value.size() ? '\n' : ' ');
  }
  os << "end\n";
}

std::string SentimentModel::load(std::istream& is) {
  std::string word, name;
  int version = 0;
  if (!(is >> word >> version) || word != "attention-playground-model" || version != 1)
    return "not an attention-playground model file";
  if (!(is >> word >> name) || word != "task" || name != "sentiment")
    return "the model file is not for the sentiment task";
  std::string scoring;
  if (!(is >> word >> scoring) || word != "scoring") return "the model file has no scoring kind";
  SentimentConfig cfg;
  if (!scoring_from_name(scoring, &cfg.scoring))
    return "unknown scoring kind \"" + scoring + "\" in the model file";
  int* fields[] = {&cfg.embed, &cfg.hidden, &cfg.position, &cfg.additive_hidden};
  const char* names[] = {"embed", "hidden", "position", "additive_hidden"};
  for (int i = 0; i < 4; ++i) {
    if (!(is >> word >> *fields[i]) || word != names[i] || *fields[i] < 1 || *fields[i] > 256)
      return std::string("the model file's \"") + names[i] + "\" is missing or out of range";
  }
  SentimentModel fresh(cfg, 0);
  for (Param* p : fresh.ps_.all()) {
    Eigen::Index r = 0, c = 0;
    if (!(is >> word >> name >> r >> c) || word != "param" || name != p->name ||
        r != p->value.rows() || c != p->value.cols())
      return "the model file's parameter \"" + p->name + "\" is missing or misshapen";
    for (Eigen::Index i = 0; i < p->value.size(); ++i) {
      double x = 0;
      if (!(is >> x) || !std::isfinite(x))
        return "the model file's parameter \"" + p->name + "\" has a bad number";
      p->value.data()[i] = x;
    }
  }
  if (!(is >> word) || word != "end") return "the model file does not end with \"end\"";
  // The parameters live behind unique_ptrs, so the pointers move with the ParamSet.
  *this = std::move(fresh);
  return "";
}

}  // namespace ap::models
