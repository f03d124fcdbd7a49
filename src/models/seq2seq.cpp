// The translation model of seq2seq.h: forward, backward, greedy decoding, model file.
//
// [SECTION] Set-up
// [SECTION] Encoder
// [SECTION] Loss and backward
// [SECTION] Decoding
// [SECTION] Model file
#include "models/seq2seq.h"

#include <cmath>
#include <iomanip>
#include <istream>
#include <ostream>
#include <sstream>

namespace ap::models {

// ---------------------------------------------------------------------------------------
// [SECTION] Set-up
// ---------------------------------------------------------------------------------------

int target_vocab_size() {
  return 1 + static_cast<int>(translation::lexicon().size());
}

std::string target_word(int id) {
  return id == 0 ? "</s>" : translation::lexicon()[static_cast<std::size_t>(id - 1)].vashi;
}

bool source_ids(const std::vector<std::string>& english, std::vector<int>* ids,
                std::string* error) {
  ids->clear();
  std::string unknown;
  int n_unknown = 0;
  for (const std::string& w : english) {
    const int id = translation::english_index(w);
    if (id < 0) {
      unknown += (n_unknown++ ? ", \"" : "\"") + w + "\"";
    }
    ids->push_back(id);
  }
  if (n_unknown) {
    *error = (n_unknown > 1 ? "unknown words: " : "unknown word: ") + unknown;
    return false;
  }
  if (english.empty()) {
    *error = "empty sentence";
    return false;
  }
  return true;
}

namespace {
Gru make_gru(ParamSet& ps, const std::string& name, int in, int h, Rng& rng) {
  const double s = 1.0 / std::sqrt(static_cast<double>(h));
  Gru g;
  g.Wx = ps.add(name + ".Wx", 3 * h, in, s, rng);
  g.Wh = ps.add(name + ".Wh", 3 * h, h, s, rng);
  g.bx = ps.add(name + ".bx", 1, 3 * h, 0, rng);
  g.bh = ps.add(name + ".bh", 1, 3 * h, 0, rng);
  return g;
}

double fan_in(int n) {
  return 1.0 / std::sqrt(static_cast<double>(n));
}

std::vector<int> target_ids(const std::vector<std::string>& vashi) {
  std::vector<int> ids;
  for (const std::string& w : vashi) ids.push_back(1 + translation::vashi_index(w));
  return ids;
}
}  // namespace

Seq2Seq::Seq2Seq(const Seq2SeqConfig& cfg, std::uint64_t seed) : cfg_(cfg) {
  Rng rng(seed);
  const int e = cfg.embed, h = cfg.hidden, q = 2 * h,
            V_src = static_cast<int>(translation::lexicon().size());
  src_emb_ = ps_.add("src_emb", V_src, e, 1.0, rng);
  enc_f_ = make_gru(ps_, "enc_f", e, h, rng);
  enc_b_ = make_gru(ps_, "enc_b", e, h, rng);
  init_W_ = ps_.add("init.W", q, q, fan_in(q), rng);
  init_b_ = ps_.add("init.b", 1, q, 0, rng);
  tgt_emb_ = ps_.add("tgt_emb", target_vocab_size(), e, 1.0, rng);
  dec_ = make_gru(ps_, "dec", e, q, rng);
  att_.kind = cfg.scoring;
  if (scoring_has_bilinear(cfg.scoring)) att_.W = ps_.add("att.W", q, q, fan_in(q), rng);
  if (scoring_has_additive(cfg.scoring)) {
    const int a = cfg.additive_hidden;
    att_.Wq = ps_.add("att.Wq", a, q, fan_in(q), rng);
    att_.Wk = ps_.add("att.Wk", a, q, fan_in(q), rng);
    att_.v = ps_.add("att.v", a, 1, fan_in(a), rng);
  }
  Wc_ = ps_.add("out.Wc", cfg.out_hidden, q + e, fan_in(q + e), rng);
  bc_ = ps_.add("out.bc", 1, cfg.out_hidden, 0, rng);
  Wo_ = ps_.add("out.Wo", target_vocab_size(), cfg.out_hidden, fan_in(cfg.out_hidden), rng);
  bo_ = ps_.add("out.bo", 1, target_vocab_size(), 0, rng);
}

// ---------------------------------------------------------------------------------------
// [SECTION] Encoder
// ---------------------------------------------------------------------------------------

struct Seq2Seq::Encoded {
  std::vector<int> src;
  Matrix E;            // (S × e) embeddings = values
  GruCache f, b;       // b runs over the reversed sentence
  Matrix K;            // (S × 2h)
  Matrix init_in, s0;  // (1 × 2h) [→h_S, ←h_1] and tanh(W_s · + b)
};

Seq2Seq::Encoded Seq2Seq::encode(const std::vector<int>& src) const {
  Encoded en;
  const Eigen::Index S = static_cast<Eigen::Index>(src.size()), h = cfg_.hidden;
  en.src = src;
  en.E = embedding_forward(*src_emb_, src);
  const Vector zero = Vector::Zero(h);
  en.f = gru_forward(enc_f_, en.E, zero);
  en.b = gru_forward(enc_b_, en.E.colwise().reverse(), zero);
  en.K.resize(S, 2 * h);
  for (Eigen::Index j = 0; j < S; ++j) {
    en.K.row(j).head(h) = en.f.H.row(j + 1);
    en.K.row(j).tail(h) = en.b.H.row(S - j);  // the backward state at j has read j … S−1
  }
  en.init_in.resize(1, 2 * h);
  en.init_in.row(0).head(h) = en.f.H.row(S);
  en.init_in.row(0).tail(h) = en.b.H.row(S);
  en.s0 = tanh_forward(linear_forward(*init_W_, *init_b_, en.init_in));
  return en;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Loss and backward
// ---------------------------------------------------------------------------------------

double Seq2Seq::loss(const translation::Pair& p, double scale, bool backward) {
  std::vector<int> src;
  std::string err;
  source_ids(p.english, &src, &err);
  const Encoded en = encode(src);
  const Eigen::Index S = static_cast<Eigen::Index>(src.size()), h = cfg_.hidden, q = 2 * h,
                     e = cfg_.embed;
  // Decoder inputs </s> y₁ … y_T, targets y₁ … y_T </s>.
  const std::vector<int> y = target_ids(p.vashi);
  std::vector<int> dec_in{0}, targets;
  dec_in.insert(dec_in.end(), y.begin(), y.end());
  targets = y;
  targets.push_back(0);
  const Matrix Yin = embedding_forward(*tgt_emb_, dec_in);
  const GruCache dc = gru_forward(dec_, Yin, en.s0.row(0).transpose());
  const Matrix Q = dc.H.bottomRows(dc.H.rows() - 1);
  const AttentionInput in = att_.input(Q, en.K, en.E);
  const Result res = attend(in);
  const Eigen::Index T1 = Q.rows();
  Matrix Hcat(T1, q + e);
  Hcat << Q, res.output;
  const Matrix O = tanh_forward(linear_forward(*Wc_, *bc_, Hcat));
  const Matrix logits = linear_forward(*Wo_, *bo_, O);
  Matrix dlogits;
  const double total = softmax_cross_entropy(logits, targets, scale, &dlogits);
  if (!backward) return total * scale;

  const Matrix dO = linear_backward(*Wo_, *bo_, O, dlogits);
  const Matrix dHcat = linear_backward(*Wc_, *bc_, Hcat, tanh_backward(O, dO));
  Matrix dQ = dHcat.leftCols(q);
  const AttentionGrads ag = attention_backward(att_, in, res, dHcat.rightCols(e));
  dQ += ag.dQ;
  Vector ds0;
  const Matrix dYin = gru_backward(dec_, dc, dQ, &ds0);
  embedding_backward(*tgt_emb_, dec_in, dYin);
  const Matrix dinit =
      linear_backward(*init_W_, *init_b_, en.init_in, tanh_backward(en.s0, ds0.transpose()));
  Matrix dHf = Matrix::Zero(S, h), dHb = Matrix::Zero(S, h);
  for (Eigen::Index j = 0; j < S; ++j) {
    dHf.row(j) = ag.dK.row(j).head(h);
    dHb.row(S - 1 - j) = ag.dK.row(j).tail(h);
  }
  dHf.row(S - 1) += dinit.row(0).head(h);
  dHb.row(S - 1) += dinit.row(0).tail(h);
  Vector unused;
  Matrix dE = ag.dV;
  dE += gru_backward(enc_f_, en.f, dHf, &unused);
  dE += gru_backward(enc_b_, en.b, dHb, &unused).colwise().reverse();
  embedding_backward(*src_emb_, src, dE);
  return total * scale;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Decoding
// ---------------------------------------------------------------------------------------

SentenceAttention Seq2Seq::teacher_forced(const translation::Pair& p) {
  std::vector<int> src;
  std::string err;
  source_ids(p.english, &src, &err);
  const Encoded en = encode(src);
  std::vector<int> dec_in{0};
  const std::vector<int> y = target_ids(p.vashi);
  dec_in.insert(dec_in.end(), y.begin(), y.end() - 1);
  const GruCache dc =
      gru_forward(dec_, embedding_forward(*tgt_emb_, dec_in), en.s0.row(0).transpose());
  SentenceAttention sa;
  sa.source = p.english;
  sa.output = p.vashi;
  sa.Q = dc.H.bottomRows(dc.H.rows() - 1);
  sa.K = en.K;
  sa.V = en.E;
  sa.weights = attend(att_.input(sa.Q, sa.K, sa.V)).heads[0].weights;
  return sa;
}

SentenceAttention Seq2Seq::translate(const std::vector<std::string>& english) {
  std::vector<int> src;
  std::string err;
  SentenceAttention sa;
  sa.source = english;
  if (!source_ids(english, &src, &err)) return sa;
  const Encoded en = encode(src);
  const Eigen::Index q = 2 * cfg_.hidden, e = cfg_.embed;
  Vector s = en.s0.row(0).transpose();
  int prev = 0;
  std::vector<Eigen::RowVectorXd> qs, ws;
  const std::size_t max_len = english.size() + 4;
  while (sa.output.size() < max_len) {
    const GruCache dc = gru_forward(dec_, embedding_forward(*tgt_emb_, {prev}), s);
    s = dc.H.row(1).transpose();
    const Result res = attend(att_.input(dc.H.bottomRows(1), en.K, en.E));
    Matrix Hcat(1, q + e);
    Hcat << dc.H.bottomRows(1), res.output;
    const Matrix logits =
        linear_forward(*Wo_, *bo_, tanh_forward(linear_forward(*Wc_, *bc_, Hcat)));
    Eigen::Index best = 0;
    logits.row(0).maxCoeff(&best);
    if (best == 0) break;
    prev = static_cast<int>(best);
    sa.output.push_back(target_word(prev));
    qs.push_back(dc.H.row(1));
    ws.push_back(res.heads[0].weights.row(0));
  }
  sa.K = en.K;
  sa.V = en.E;
  sa.Q.resize(static_cast<Eigen::Index>(qs.size()), q);
  sa.weights.resize(static_cast<Eigen::Index>(ws.size()), static_cast<Eigen::Index>(src.size()));
  for (std::size_t t = 0; t < qs.size(); ++t) {
    sa.Q.row(static_cast<Eigen::Index>(t)) = qs[t];
    sa.weights.row(static_cast<Eigen::Index>(t)) = ws[t];
  }
  return sa;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Model file
// ---------------------------------------------------------------------------------------

void Seq2Seq::save(std::ostream& os) const {
  os << "attention-playground-model 1\ntask translation\n"
     << "scoring " << scoring_name(cfg_.scoring) << "\nembed " << cfg_.embed << "\nhidden "
     << cfg_.hidden << "\nout_hidden " << cfg_.out_hidden << "\nadditive_hidden "
     << cfg_.additive_hidden << "\n";
  os << std::setprecision(17);
  for (const Param* p : ps_.all()) {
    os << "param " << p->name << ' ' << p->value.rows() << ' ' << p->value.cols() << '\n';
    for (Eigen::Index i = 0; i < p->value.size(); ++i)
      os << p->value.data()[i] << (i + 1 == p->value.size() ? '\n' : ' ');
  }
  os << "end\n";
}

std::string Seq2Seq::load(std::istream& is) {
  std::string word, name;
  int version = 0;
  if (!(is >> word >> version) || word != "attention-playground-model" || version != 1)
    return "not an attention-playground model file";
  if (!(is >> word >> name) || word != "task" || name != "translation")
    return "the model file is not for the translation task";
  std::string scoring;
  if (!(is >> word >> scoring) || word != "scoring") return "the model file has no scoring kind";
  Seq2SeqConfig cfg;
  if (!scoring_from_name(scoring, &cfg.scoring))
    return "unknown scoring kind \"" + scoring + "\" in the model file";
  int* fields[] = {&cfg.embed, &cfg.hidden, &cfg.out_hidden, &cfg.additive_hidden};
  const char* names[] = {"embed", "hidden", "out_hidden", "additive_hidden"};
  for (int i = 0; i < 4; ++i) {
    if (!(is >> word >> *fields[i]) || word != names[i] || *fields[i] < 1 || *fields[i] > 1024)
      return std::string("the model file's \"") + names[i] + "\" is missing or out of range";
  }
  Seq2Seq fresh(cfg, 0);
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
  cfg_ = cfg;
  // Take the loaded parameters over; the pointers into the ParamSet move with it.
  std::swap(ps_, fresh.ps_);
  std::swap(src_emb_, fresh.src_emb_);
  std::swap(tgt_emb_, fresh.tgt_emb_);
  std::swap(init_W_, fresh.init_W_);
  std::swap(init_b_, fresh.init_b_);
  std::swap(Wc_, fresh.Wc_);
  std::swap(bc_, fresh.bc_);
  std::swap(Wo_, fresh.Wo_);
  std::swap(bo_, fresh.bo_);
  std::swap(enc_f_, fresh.enc_f_);
  std::swap(enc_b_, fresh.enc_b_);
  std::swap(dec_, fresh.dec_);
  std::swap(att_, fresh.att_);
  return "";
}

}  // namespace ap::models
