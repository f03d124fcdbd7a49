// The induction session of induction_session.h.
#include "app/induction_session.h"

#include <algorithm>
#include <chrono>

namespace ap {
namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void refresh(InductionSession& s) {
  models::InductionTrainer& tr = *s.trainer;
  const int n = static_cast<int>(tr.heldout().size());
  s.sequence = std::clamp(s.sequence, 0, n - 1);
  if (s.shown_step != tr.steps_done() || s.shown_dirty) {
    const induction::Sequence& seq = tr.heldout()[static_cast<std::size_t>(s.sequence)];
    s.shown = tr.model().forward(seq.tokens);
    s.labels.clear();
    for (int t : seq.tokens) s.labels.push_back(induction::token_name(t));
    s.shown_step = tr.steps_done();
  }
  if (induction_any_ablated(s) && (s.ablated_step != tr.steps_done() || s.shown_dirty)) {
    s.ablated_accuracy = tr.evaluate_heldout(tr.config().eval_sequences).accuracy;
    s.ablated_step = tr.steps_done();
  }
  s.shown_dirty = false;
}

}  // namespace

void induction_ensure(InductionSession& s) {
  if (s.trainer) return;
  models::InductionConfig cfg;
  cfg.seed = static_cast<std::uint64_t>(s.seed < 0 ? 0 : s.seed);
  cfg.model.scoring = s.scoring;
  cfg.model.layers = std::clamp(s.layers, 1, 4);
  cfg.steps = s.steps;
  cfg.eval_every = 10;
  s.trainer = std::make_unique<models::InductionTrainer>(cfg);
  s.shown_step = -1;
  s.ablated_accuracy = -1;
  s.ablated_step = -1;
  s.shown_dirty = true;
  refresh(s);
}

void induction_reset(InductionSession& s) {
  s.trainer.reset();
  s.running = false;
  induction_ensure(s);
}

int induction_frame(InductionSession& s) {
  induction_ensure(s);
  int n = 0;
  if (s.running && !s.trainer->done()) {
    const double t0 = now_seconds();
    n = s.trainer->work(s.slice_seconds);
    s.frame_seconds_accum += now_seconds() - t0;
    s.frame_steps_accum += n;
    if (s.frame_seconds_accum > 0.25) {
      s.steps_per_second = s.frame_steps_accum / s.frame_seconds_accum;
      s.frame_seconds_accum = 0;
      s.frame_steps_accum = 0;
    }
  }
  if (s.trainer->done()) s.running = false;
  refresh(s);
  return n;
}

void induction_set_ablated(InductionSession& s, int layer, int head, bool ablated) {
  induction_ensure(s);
  if (s.trainer->model().ablated(layer, head) == ablated) return;
  s.trainer->model().set_ablated(layer, head, ablated);
  s.shown_dirty = true;
  if (!induction_any_ablated(s)) s.ablated_accuracy = -1;
  refresh(s);
}

bool induction_any_ablated(const InductionSession& s) {
  if (!s.trainer) return false;
  const models::TransformerConfig& mc = s.trainer->model().config();
  for (int l = 0; l < mc.layers; ++l)
    for (int h = 0; h < mc.heads; ++h)
      if (s.trainer->model().ablated(l, h)) return true;
  return false;
}

const models::InductionEval* induction_last_eval(const InductionSession& s) {
  if (!s.trainer) return nullptr;
  const auto& c = s.trainer->curve();
  for (auto it = c.rbegin(); it != c.rend(); ++it)
    if (it->evaluated) return &it->eval;
  return nullptr;
}

}  // namespace ap
