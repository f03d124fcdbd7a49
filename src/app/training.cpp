// The training session of training.h.
#include "app/training.h"

namespace ap {
namespace {

std::string run_label(ScoringKind kind, std::uint64_t seed) {
  return std::string(scoring_name(kind)) + ", seed " + std::to_string(seed);
}

void refresh_views(TrainingSession& t) {
  models::Trainer& tr = *t.trainer;
  const int n = static_cast<int>(tr.heldout().size());
  if (t.sentence < 0) t.sentence = 0;
  if (t.sentence >= n) t.sentence = n - 1;
  if (t.shown_step != tr.steps_done()) {
    t.shown = tr.model().translate(tr.heldout()[static_cast<std::size_t>(t.sentence)].english);
    t.shown_step = tr.steps_done();
  }
  if (t.typed_step != tr.steps_done() || t.typed_seen != t.typed) {
    t.typed_seen = t.typed;
    t.typed_step = tr.steps_done();
    t.typed_error.clear();
    t.typed_result = {};
    const std::vector<std::string> words = translation::split_words(t.typed);
    std::vector<int> ids;
    if (words.size() > 32)
      t.typed_error = "at most 32 words";
    else if (models::source_ids(words, &ids, &t.typed_error))
      t.typed_result = tr.model().translate(words);
  }
}

}  // namespace

void training_ensure(TrainingSession& t) {
  if (t.trainer) return;
  models::TrainConfig cfg;
  cfg.seed = static_cast<std::uint64_t>(t.seed < 0 ? 0 : t.seed);
  cfg.model.scoring = t.scoring;
  cfg.adam.lr = t.learning_rate;
  cfg.steps = t.steps;
  cfg.eval_every = 10;
  t.trainer = std::make_unique<models::Trainer>(cfg);
  t.shown_step = t.typed_step = -1;
  t.first_train_seconds = -1;
  refresh_views(t);
}

void training_reset(TrainingSession& t) {
  if (t.trainer && t.trainer->steps_done() > 0) {
    FinishedRun run;
    run.scoring = t.trainer->config().model.scoring;
    run.seed = t.trainer->config().seed;
    run.label = run_label(run.scoring, run.seed);
    run.curve = t.trainer->curve();
    t.finished.push_back(std::move(run));
    if (t.finished.size() > 8) t.finished.erase(t.finished.begin());
  }
  t.trainer.reset();
  t.running = false;
  training_ensure(t);
}

void training_step_once(TrainingSession& t) {
  training_ensure(t);
  t.trainer->step();
  refresh_views(t);
}

int training_frame(TrainingSession& t) {
  training_ensure(t);
  const int n = slice_frame(t.clock, t.running && !t.trainer->done(),
                            [&](double budget) { return t.trainer->work(budget); });
  if (n > 0 && t.first_train_seconds < 0 && training_heldout(t) >= 0.9)
    t.first_train_seconds = t.trainer->train_seconds();
  if (t.trainer->done()) t.running = false;
  refresh_views(t);
  return n;
}

double training_heldout(const TrainingSession& t) {
  if (!t.trainer) return -1;
  for (auto it = t.trainer->curve().rbegin(); it != t.trainer->curve().rend(); ++it)
    if (it->heldout >= 0) return it->heldout;
  return -1;
}

double training_attention(const TrainingSession& t) {
  if (!t.trainer) return -1;
  for (auto it = t.trainer->curve().rbegin(); it != t.trainer->curve().rend(); ++it)
    if (it->attention >= 0) return it->attention;
  return -1;
}

Decoded<State> training_playground_state(const TrainingSession& t, bool typed) {
  Decoded<State> out;
  const models::SentenceAttention& sa = typed ? t.typed_result : t.shown;
  if (typed && !t.typed_error.empty()) {
    out.error = t.typed_error;
    return out;
  }
  if (!t.trainer || sa.Q.rows() == 0) {
    out.error = "the model emits no word for this sentence yet: train a little first";
    return out;
  }
  State s;
  s.query_tokens = sa.output;
  s.key_tokens = sa.source;
  s.input.Q = sa.Q;
  s.input.K = sa.K;
  s.input.V = sa.V;
  // The model's attention parameters, read through the same Attention the model uses.
  const AttentionInput in = t.trainer->model().attention_input(sa.Q, sa.K, sa.V);
  s.input.scoring = in.scoring;
  const std::string error = state_validate(s);
  if (!error.empty()) {
    out.error = error;
    return out;
  }
  out.value = std::move(s);
  return out;
}

}  // namespace ap
