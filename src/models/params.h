// Trainable parameters, Adam and gradient clipping for src/models. A Param is a matrix
// with its gradient and Adam moments; a ParamSet lists a model's parameters by name in a
// fixed order (the order of initialisation, of Adam's updates and of the model file).
// Doubles throughout, like the core, so the attention a model computes is the exact
// attention the playground shows for the same Q, K, V.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/matrix.h"
#include "core/rng.h"

namespace ap::models {

struct Param {
  std::string name;
  Matrix value;  // (rows × cols); biases are (1 × n)
  Matrix grad;   // same shape, ∂loss/∂value accumulated by backward passes
  Matrix m, v;   // Adam's first and second moments
  // This parameter's learning rate is AdamConfig::lr × lr_scale (1: the plain Adam step,
  // bit for bit; the induction trainer raises it for layer 1's queries and keys).
  double lr_scale = 1;
};

class ParamSet {
 public:
  // Adds a parameter initialised uniform in [−scale, scale] from `rng` (0 → zeros).
  Param* add(const std::string& name, int rows, int cols, double scale, Rng& rng);
  void zero_grad();
  long long count() const;
  std::vector<Param*>& all() { return params_; }
  const std::vector<Param*>& all() const { return params_; }
  Param* find(const std::string& name);

 private:
  std::vector<std::unique_ptr<Param>> owned_;
  std::vector<Param*> params_;  // views of owned_, stable across moves
};

struct AdamConfig {
  double lr = 0.01;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double clip_norm = 5.0;  // global gradient norm is scaled down to this; ≤ 0: no clipping
};

// Global L2 norm of every gradient.
double grad_norm(const ParamSet& ps);

// Scales every gradient so that the global norm is at most max_norm; returns the norm
// before scaling.
double clip_gradients(ParamSet& ps, double max_norm);

// One Adam update (bias-corrected) with step number t ≥ 1, after clipping, at learning
// rate cfg.lr × each parameter's lr_scale.
void adam_step(ParamSet& ps, const AdamConfig& cfg, long long t);

}  // namespace ap::models
