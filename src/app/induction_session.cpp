// The induction session of induction_session.h.
#include "app/induction_session.h"

#include <algorithm>

namespace ap {
namespace {

int last_eval_step(const models::InductionTrainer& tr) {
  const auto& c = tr.curve();
  for (auto it = c.rbegin(); it != c.rend(); ++it)
    if (it->evaluated) return it->step;
  return -1;
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
  if (induction_any_ablated(s)) {
    // A whole evaluation only when the ablation changes; later the run's own evaluations.
    const models::InductionEval* ev = induction_last_eval(s);
    const int ev_step = ev ? last_eval_step(tr) : -1;
    if (s.shown_dirty || s.ablated_step < 0) {
      s.ablated_accuracy = tr.evaluate_heldout(tr.config().eval_sequences).accuracy;
      s.ablated_step = tr.steps_done();
    } else if (ev && ev_step > s.ablated_step) {
      s.ablated_accuracy = ev->accuracy;
      s.ablated_step = ev_step;
    }
  }
  const bool stale = s.circuit.step != tr.steps_done() || s.shown_dirty;
  if (!s.running && tr.model().config().layers >= 2 && stale) induction_measure_circuit(s);
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
  // Every 20 steps on 100 held-out sequences: about a twentieth of the training work.
  cfg.eval_every = 20;
  s.trainer = std::make_unique<models::InductionTrainer>(cfg);
  s.shown_step = -1;
  s.ablated_accuracy = -1;
  s.ablated_step = -1;
  s.shown_dirty = true;
  slice_clock_restart(s.clock);
  s.seconds_to_95 = -1;
  refresh(s);
}

void induction_reset(InductionSession& s) {
  s.trainer.reset();
  s.running = false;
  induction_ensure(s);
}

void induction_set_layers(InductionSession& s, int layers) {
  s.layers = std::clamp(layers, 1, 2);
  if (!s.trainer || s.trainer->model().config().layers != s.layers) induction_reset(s);
}

int induction_frame(InductionSession& s) {
  induction_ensure(s);
  const int n = slice_frame(s.clock, s.running && !s.trainer->done(),
                            [&](double budget) { return s.trainer->work(budget); });
  if (s.trainer->done()) s.running = false;
  if (const models::InductionEval* ev = induction_last_eval(s);
      ev && s.seconds_to_95 < 0 && ev->accuracy >= 0.95 && !induction_any_ablated(s))
    s.seconds_to_95 = s.clock.running_seconds;
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

namespace ap {

void induction_measure_circuit(InductionSession& s) {
  if (!s.trainer || s.trainer->model().config().layers < 2) return;
  const models::InductionTrainer& tr = *s.trainer;
  const int heads = tr.model().config().heads, n = tr.config().eval_sequences;
  InductionCircuit& c = s.circuit;
  c.whole = tr.evaluate_heldout(n);
  c.prev_head = 0;
  c.ind_head = 0;
  for (int h = 1; h < heads; ++h) {
    const std::size_t k = static_cast<std::size_t>(h);
    if (c.whole.previous_token[k] > c.whole.previous_token[static_cast<std::size_t>(c.prev_head)])
      c.prev_head = h;
    const std::size_t k2 = static_cast<std::size_t>(heads) + k;
    if (c.whole.induction[k2] >
        c.whole.induction[static_cast<std::size_t>(heads) + static_cast<std::size_t>(c.ind_head)])
      c.ind_head = h;
  }
  models::PathCut cut;
  cut.from_layer = 0;
  cut.from_head = c.prev_head;
  cut.into_layer = 1;
  cut.keys = true;
  c.keys = tr.evaluate_heldout(n, &cut);
  cut.keys = false;
  cut.queries = true;
  c.queries = tr.evaluate_heldout(n, &cut);
  cut.queries = false;
  cut.values = true;
  c.values = tr.evaluate_heldout(n, &cut);
  cut.values = false;
  cut.keys = true;
  cut.from_head = -1;
  c.layer_keys = tr.evaluate_heldout(n, &cut);
  c.step = tr.steps_done();
  c.ablation = induction_any_ablated(s);
}

Decoded<State> induction_playground_state(const InductionSession& s, int layer, int head) {
  Decoded<State> out;
  if (!s.trainer || layer < 0 || layer >= static_cast<int>(s.shown.layers.size()) || head < 0 ||
      head >= s.trainer->model().config().heads) {
    out.error = "no such head in the model";
    return out;
  }
  const models::TransformerLayerCache& c = s.shown.layers[static_cast<std::size_t>(layer)];
  State st;
  st.query_tokens = s.labels;
  st.key_tokens = s.labels;
  st.input = c.heads[static_cast<std::size_t>(head)].input;
  const std::string error = state_validate(st);
  if (!error.empty()) {
    out.error = error;
    return out;
  }
  out.value = std::move(st);
  return out;
}

}  // namespace ap
