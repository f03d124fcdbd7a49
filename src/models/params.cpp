// Parameters, Adam and gradient clipping (params.h).
#include "models/params.h"

#include <cmath>

namespace ap::models {

Param* ParamSet::add(const std::string& name, int rows, int cols, double scale, Rng& rng) {
  owned_.push_back(std::make_unique<Param>());
  Param* p = owned_.back().get();
  p->name = name;
  p->value.resize(rows, cols);
  for (Eigen::Index i = 0; i < p->value.size(); ++i)
    p->value.data()[i] = scale == 0 ? 0.0 : scale * (2.0 * rng.uniform() - 1.0);
  p->grad = Matrix::Zero(rows, cols);
  p->m = Matrix::Zero(rows, cols);
  p->v = Matrix::Zero(rows, cols);
  params_.push_back(p);
  return p;
}

void ParamSet::zero_grad() {
  for (Param* p : params_) p->grad.setZero();
}

long long ParamSet::count() const {
  long long n = 0;
  for (const Param* p : params_) n += p->value.size();
  return n;
}

Param* ParamSet::find(const std::string& name) {
  for (Param* p : params_)
    if (p->name == name) return p;
  return nullptr;
}

double grad_norm(const ParamSet& ps) {
  double sq = 0;
  for (const Param* p : ps.all()) sq += p->grad.squaredNorm();
  return std::sqrt(sq);
}

double clip_gradients(ParamSet& ps, double max_norm) {
  const double norm = grad_norm(ps);
  if (max_norm > 0 && norm > max_norm) {
    const double s = max_norm / norm;
    for (Param* p : ps.all()) p->grad *= s;
  }
  return norm;
}

void adam_step(ParamSet& ps, const AdamConfig& cfg, long long t) {
  const double c1 = 1.0 - std::pow(cfg.beta1, static_cast<double>(t));
  const double c2 = 1.0 - std::pow(cfg.beta2, static_cast<double>(t));
  for (Param* p : ps.all()) {
    p->m = cfg.beta1 * p->m + (1.0 - cfg.beta1) * p->grad;
    p->v = cfg.beta2 * p->v + (1.0 - cfg.beta2) * p->grad.cwiseProduct(p->grad);
    const double lr = cfg.lr * p->lr_scale;  // exactly cfg.lr when lr_scale is 1
    p->value.array() -= lr * (p->m.array() / c1) / ((p->v.array() / c2).sqrt() + cfg.eps);
  }
}

}  // namespace ap::models
