// The sentiment session of sentiment_session.h.
#include "app/sentiment_session.h"

#include <algorithm>

#include "core/limits.h"
#include "models/translation.h"  // split_words

namespace ap {
namespace {

void refresh_typed(SentimentSession& s) {
  const models::SentimentTrainer& tr = *s.trainer;
  if (s.typed_step == tr.steps_done() && s.typed_seen == s.typed) return;
  s.typed_seen = s.typed;
  s.typed_step = tr.steps_done();
  s.typed_error.clear();
  s.typed_words.clear();
  s.reading = {};
  s.explanation = {};
  s.has_other = false;
  s.hand_mode = false;
  const std::vector<std::string> words = translation::split_words(s.typed);
  if (words.size() > static_cast<std::size_t>(kMaxReviewWords)) {
    s.typed_error = "a review has at most " + std::to_string(kMaxReviewWords) + " words";
    return;
  }
  const std::vector<int> ids = models::review_ids(words, &s.ignored);
  if (words.empty()) s.typed_error = "type a review";
  if (!words.empty() && ids.empty()) s.typed_error = "no word of the task's vocabulary";
  if (!ids.empty()) {
    s.reading = tr.model().read(ids);
    s.explanation = models::explain(tr.model(), ids);
  }
  Eigen::Index k = 0;
  for (const std::string& w : words) {
    ReadWord rw;
    rw.word = w;
    rw.known = sentiment::word_index(w) >= 0;
    if (rw.known && !ids.empty()) rw.weight = s.reading.weights(0, k++);
    s.typed_words.push_back(rw);
  }
}

}  // namespace

void sentiment_ensure(SentimentSession& s) {
  if (s.trainer) return;
  models::SentimentTrainConfig cfg;
  cfg.seed = static_cast<std::uint64_t>(s.seed < 0 ? 0 : s.seed);
  cfg.adam.lr = s.learning_rate;
  cfg.steps = s.steps;
  cfg.eval_every = 10;
  s.trainer = std::make_unique<models::SentimentTrainer>(cfg);
  s.typed_step = -1;
  s.first_target_seconds = -1;
  refresh_typed(s);
}

void sentiment_reset(SentimentSession& s) {
  s.trainer.reset();
  s.running = false;
  sentiment_ensure(s);
}

void sentiment_step_once(SentimentSession& s) {
  sentiment_ensure(s);
  s.trainer->step();
  refresh_typed(s);
}

int sentiment_frame(SentimentSession& s) {
  sentiment_ensure(s);
  const int n = slice_frame(s.clock, s.running && !s.trainer->done(),
                            [&](double budget) { return s.trainer->work(budget); });
  if (n > 0 && s.first_target_seconds < 0 && sentiment_heldout(s) >= 0.97 &&
      sentiment_attention(s) >= 0.9)
    s.first_target_seconds = s.trainer->train_seconds();
  if (s.trainer->done()) s.running = false;
  refresh_typed(s);
  return n;
}

namespace {
std::vector<int> typed_ids(const SentimentSession& s) {
  std::vector<std::string> unknown;
  return models::review_ids(translation::split_words(s.typed_seen), &unknown);
}
}  // namespace

void sentiment_find_other(SentimentSession& s) {
  sentiment_ensure(s);
  const std::vector<int> ids = typed_ids(s);
  if (ids.empty() || !s.typed_error.empty()) return;
  s.other = models::find_other_explanation(s.trainer->model(), ids);
  s.has_other = true;
}

void sentiment_hand_start(SentimentSession& s) {
  sentiment_ensure(s);
  s.hand_weights = s.explanation.attention;
  s.hand_mode = !s.hand_weights.empty();
  sentiment_hand_update(s);
}

void sentiment_hand_update(SentimentSession& s) {
  const std::vector<int> ids = typed_ids(s);
  if (!s.hand_mode || ids.size() != s.hand_weights.size()) {
    s.hand_mode = false;
    return;
  }
  double sum = 0;
  for (double& w : s.hand_weights) sum += (w = std::max(0.0, w));
  for (double& w : s.hand_weights) w = sum > 0 ? w / sum : 1.0 / static_cast<double>(ids.size());
  s.hand_probability = models::probability_with_weights(s.trainer->model(), ids,
                                                        s.explanation.label, s.hand_weights);
  s.hand_distance = models::js_distance(s.hand_weights, s.explanation.attention);
}

double sentiment_heldout(const SentimentSession& s) {
  if (!s.trainer) return -1;
  for (auto it = s.trainer->curve().rbegin(); it != s.trainer->curve().rend(); ++it)
    if (it->heldout >= 0) return it->heldout;
  return -1;
}

double sentiment_attention(const SentimentSession& s) {
  if (!s.trainer) return -1;
  for (auto it = s.trainer->curve().rbegin(); it != s.trainer->curve().rend(); ++it)
    if (it->attention >= 0) return it->attention;
  return -1;
}

}  // namespace ap
