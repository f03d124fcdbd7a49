// The memory network of qa_model.h: forward, backward, prediction, model file.
//
// [SECTION] Inputs
// [SECTION] Set-up
// [SECTION] Forward and backward
// [SECTION] Model file
#include "models/qa_model.h"

#include <cmath>
#include <iomanip>
#include <istream>
#include <ostream>

#include "core/limits.h"

namespace ap::models {

static_assert(kMaxQaSentences >= qa::kMaxStorySentences,
              "the temporal embedding needs a row for every sentence the generator makes");

// ---------------------------------------------------------------------------------------
// [SECTION] Inputs
// ---------------------------------------------------------------------------------------

namespace {
std::vector<int> ids_of(const std::vector<std::string>& words) {
  std::vector<int> ids;
  for (const std::string& w : words) ids.push_back(qa::word_index(w));
  return ids;
}
}  // namespace

QaInput qa_input(const std::vector<qa::Sentence>& sentences, int question) {
  QaInput in;
  for (const qa::Sentence& s : sentences) in.sentences.push_back(ids_of(qa::sentence_words(s)));
  in.question = ids_of(qa::question_words(question));
  return in;
}

bool qa_parse(const std::vector<std::string>& story, const std::string& question,
              std::vector<qa::Sentence>* sentences, int* name, std::string* error) {
  if (story.empty()) return *error = "the story has no sentences", false;
  if (story.size() > static_cast<std::size_t>(kMaxQaSentences))
    return *error = "the story has " + std::to_string(story.size()) + " sentences; at most " +
                    std::to_string(kMaxQaSentences),
           false;
  sentences->clear();
  for (std::size_t i = 0; i < story.size(); ++i) {
    const std::string where = "sentence " + std::to_string(i + 1) + ": ";
    if (story[i].size() > kMaxQaTextBytes)
      return *error = where + "longer than " + std::to_string(kMaxQaTextBytes) + " bytes", false;
    qa::Sentence s;
    std::string why;
    if (!qa::parse_sentence(story[i], &s, &why)) return *error = where + why, false;
    sentences->push_back(s);
  }
  if (question.size() > kMaxQaTextBytes)
    return *error = "the question is longer than " + std::to_string(kMaxQaTextBytes) + " bytes",
           false;
  std::string why;
  if (!qa::parse_question(question, name, &why)) return *error = "question: " + why, false;
  bool present = false;
  for (const qa::Sentence& s : *sentences) present = present || s.name == *name;
  if (!present)
    return *error = "the story says nothing about " + qa::names()[static_cast<std::size_t>(*name)],
           false;
  return true;
}

Matrix qa_position_encoding(int words, int dim) {
  Matrix L(words, dim);
  const double J = words, d = dim;
  for (int j = 1; j <= words; ++j)
    for (int k = 1; k <= dim; ++k) L(j - 1, k - 1) = (1.0 - j / J) - (k / d) * (1.0 - 2.0 * j / J);
  return L;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Set-up
// ---------------------------------------------------------------------------------------

QaModel::QaModel(const QaModelConfig& cfg, std::uint64_t seed) : cfg_(cfg) {
  build(seed);
}

void QaModel::build(std::uint64_t seed) {
  Rng rng(seed);
  const int V = static_cast<int>(qa::vocabulary().size()), d = cfg_.dim,
            P = static_cast<int>(qa::places().size());
  const double s = 0.1;
  B_ = ps_.add("B", V, d, s, rng);
  hops_.clear();
  for (int k = 0; k < cfg_.hops; ++k) {
    const std::string h = "hop" + std::to_string(k + 1) + ".";
    Hop hop;
    hop.A = ps_.add(h + "A", V, d, s, rng);
    hop.TA = ps_.add(h + "TA", kMaxQaSentences, d, s, rng);
    hop.C = ps_.add(h + "C", V, d, s, rng);
    hop.TC = ps_.add(h + "TC", kMaxQaSentences, d, s, rng);
    hops_.push_back(hop);
  }
  W_ = ps_.add("W", P, d, 1.0 / std::sqrt(static_cast<double>(d)), rng);
  b_ = ps_.add("b", 1, P, 0, rng);
  att_.kind = ScoringKind::Dot;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Forward and backward
// ---------------------------------------------------------------------------------------

namespace {

// Row r: Σ_j l_j ⊙ table[ids[r][j]], plus T[n − 1 − r] when T is given.
Matrix encode(const Param& table, const Param* T, const std::vector<std::vector<int>>& ids,
              int dim) {
  const Eigen::Index n = static_cast<Eigen::Index>(ids.size());
  Matrix M = Matrix::Zero(n, dim);
  for (Eigen::Index r = 0; r < n; ++r) {
    const std::vector<int>& w = ids[static_cast<std::size_t>(r)];
    const Matrix L = qa_position_encoding(static_cast<int>(w.size()), dim);
    for (std::size_t j = 0; j < w.size(); ++j)
      M.row(r) += L.row(static_cast<Eigen::Index>(j)).cwiseProduct(table.value.row(w[j]));
    if (T) M.row(r) += T->value.row(n - 1 - r);
  }
  return M;
}

void encode_backward(Param& table, Param* T, const std::vector<std::vector<int>>& ids, int dim,
                     const Matrix& dM) {
  const Eigen::Index n = static_cast<Eigen::Index>(ids.size());
  for (Eigen::Index r = 0; r < n; ++r) {
    const std::vector<int>& w = ids[static_cast<std::size_t>(r)];
    const Matrix L = qa_position_encoding(static_cast<int>(w.size()), dim);
    for (std::size_t j = 0; j < w.size(); ++j)
      table.grad.row(w[j]) += L.row(static_cast<Eigen::Index>(j)).cwiseProduct(dM.row(r));
    if (T) T->grad.row(n - 1 - r) += dM.row(r);
  }
}

}  // namespace

double QaModel::loss(const QaInput& in, int answer, double scale, bool backward) {
  const int d = cfg_.dim;
  const std::vector<std::vector<int>> question{in.question};
  std::vector<Matrix> U{encode(*B_, nullptr, question, d)};  // u¹ … u^{K+1}, (1 × d) each
  std::vector<AttentionInput> ins;
  std::vector<Result> res;
  for (const Hop& h : hops_) {
    ins.push_back(att_.input(U.back(), encode(*h.A, h.TA, in.sentences, d),
                             encode(*h.C, h.TC, in.sentences, d)));
    res.push_back(attend(ins.back()));
    U.push_back(U.back() + res.back().output);
  }
  const Matrix logits = linear_forward(*W_, *b_, U.back());
  Matrix dlogits;
  const double total = softmax_cross_entropy(logits, {answer}, scale, &dlogits);
  if (!backward) return total * scale;

  Matrix du = linear_backward(*W_, *b_, U.back(), dlogits);
  for (int k = cfg_.hops - 1; k >= 0; --k) {
    Hop& h = hops_[static_cast<std::size_t>(k)];
    const AttentionGrads g = attention_backward(att_, ins[static_cast<std::size_t>(k)],
                                                res[static_cast<std::size_t>(k)], du);
    encode_backward(*h.A, h.TA, in.sentences, d, g.dK);
    encode_backward(*h.C, h.TC, in.sentences, d, g.dV);
    du += g.dQ;  // u^{k+1} = u^k + o^k
  }
  encode_backward(*B_, nullptr, question, d, du);
  return total * scale;
}

QaPrediction QaModel::predict(const QaInput& in) const {
  const int d = cfg_.dim;
  const Eigen::Index n = static_cast<Eigen::Index>(in.sentences.size());
  QaPrediction p;
  p.weights.resize(cfg_.hops, n);
  Matrix u = encode(*B_, nullptr, {in.question}, d);
  for (int k = 0; k < cfg_.hops; ++k) {
    const Hop& h = hops_[static_cast<std::size_t>(k)];
    const AttentionInput ai =
        att_.input(u, encode(*h.A, h.TA, in.sentences, d), encode(*h.C, h.TC, in.sentences, d));
    const Result r = attend(ai);
    p.weights.row(k) = r.heads[0].weights.row(0);
    if (k + 1 == cfg_.hops) {
      p.Q = ai.Q;
      p.K = ai.K;
      p.V = ai.V;
    }
    u += r.output;
  }
  const Matrix logits = linear_forward(*W_, *b_, u);
  const double mx = logits.row(0).maxCoeff();
  p.probabilities = (logits.row(0).array() - mx).exp().matrix().transpose();
  p.probabilities /= p.probabilities.sum();
  Eigen::Index best = 0;
  logits.row(0).maxCoeff(&best);
  p.answer = static_cast<int>(best);
  return p;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Model file
// ---------------------------------------------------------------------------------------

void QaModel::save(std::ostream& os) const {
  os << "attention-playground-model 1\ntask qa\ndim " << cfg_.dim << "\nhops " << cfg_.hops << "\n";
  os << std::setprecision(17);
  for (const Param* p : ps_.all()) {
    os << "param " << p->name << ' ' << p->value.rows() << ' ' << p->value.cols() << '\n';
    for (Eigen::Index i = 0; i < p->value.size(); ++i)
      os << p->value.data()[i] << (i + 1 == p->value.size() ? '\n' : ' ');
  }
  os << "end\n";
}

std::string QaModel::load(std::istream& is) {
  std::string word, name;
  int version = 0;
  if (!(is >> word >> version) || word != "attention-playground-model" || version != 1)
    return "not an attention-playground model file";
  if (!(is >> word >> name) || word != "task" || name != "qa")
    return "the model file is not for the qa task";
  QaModelConfig cfg;
  if (!(is >> word >> cfg.dim) || word != "dim" || cfg.dim < 1 || cfg.dim > kMaxWidth)
    return "the model file's \"dim\" is missing or out of range";
  if (!(is >> word >> cfg.hops) || word != "hops" || cfg.hops < 1 || cfg.hops > kMaxQaHops)
    return "the model file's \"hops\" is missing or out of range";
  QaModel fresh(cfg, 0);
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
  cfg_ = cfg;
  std::swap(ps_, fresh.ps_);
  std::swap(B_, fresh.B_);
  std::swap(W_, fresh.W_);
  std::swap(b_, fresh.b_);
  std::swap(hops_, fresh.hops_);
  std::swap(att_, fresh.att_);
  return "";
}

}  // namespace ap::models
