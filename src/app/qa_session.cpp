// The question-answering session of qa_session.h.
#include "app/qa_session.h"

#include "core/limits.h"

namespace ap {

void qa_ensure(QaSession& s) {
  if (s.trainer) return;
  models::QaTrainConfig cfg;
  cfg.seed = static_cast<std::uint64_t>(s.seed < 0 ? 0 : s.seed);
  cfg.eval_every = 10;
  s.trainer = std::make_unique<models::QaTrainer>(cfg);
  s.computed_step = -1;
  qa_refresh(s);
}

void qa_reset(QaSession& s) {
  s.trainer.reset();
  s.running = false;
  qa_ensure(s);
}

int qa_frame(QaSession& s) {
  qa_ensure(s);
  const int n = slice_frame(s.clock, s.running && !s.trainer->done(),
                            [&](double budget) { return s.trainer->work(budget); });
  if (s.trainer->done()) s.running = false;
  qa_refresh(s);
  return n;
}

void qa_refresh(QaSession& s) {
  qa_ensure(s);
  if (s.computed_step == s.trainer->steps_done() && s.computed_story == s.story &&
      s.computed_question == s.question)
    return;
  s.computed_step = s.trainer->steps_done();
  s.computed_story = s.story;
  s.computed_question = s.question;
  s.error.clear();
  s.prediction = {};
  s.reference_answer = s.reference_support = -1;
  std::vector<qa::Sentence> sentences;
  int name = 0;
  if (!models::qa_parse(s.story, s.question, &sentences, &name, &s.error)) return;
  qa::answer(sentences, name, &s.reference_answer, &s.reference_support);
  s.prediction = s.trainer->model().predict(models::qa_input(sentences, name));
}

bool qa_add_sentence(QaSession& s, const std::string& text) {
  if (static_cast<int>(s.story.size()) >= kMaxQaSentences) return false;
  s.story.push_back(text.substr(0, kMaxQaTextBytes));
  return true;
}

bool qa_remove_sentence(QaSession& s, int index) {
  if (s.story.size() <= 1 || index < 0 || index >= static_cast<int>(s.story.size())) return false;
  s.story.erase(s.story.begin() + index);
  return true;
}

bool qa_move_sentence(QaSession& s, int index, int delta) {
  const int to = index + delta;
  const int n = static_cast<int>(s.story.size());
  if (index < 0 || index >= n || to < 0 || to >= n) return false;
  std::swap(s.story[static_cast<std::size_t>(index)], s.story[static_cast<std::size_t>(to)]);
  return true;
}

void qa_new_story(QaSession& s) {
  Rng rng(s.story_rng);
  const qa::Story st = qa::generate(rng);
  s.story_rng = rng.next_u64();
  s.story.clear();
  for (const qa::Sentence& t : st.sentences) s.story.push_back(qa::sentence_text(t));
  s.question = qa::question_text(st.question);
}

double qa_heldout(const QaSession& s) {
  if (!s.trainer) return -1;
  for (auto it = s.trainer->curve().rbegin(); it != s.trainer->curve().rend(); ++it)
    if (it->heldout >= 0) return it->heldout;
  return -1;
}

double qa_attention(const QaSession& s) {
  if (!s.trainer) return -1;
  for (auto it = s.trainer->curve().rbegin(); it != s.trainer->curve().rend(); ++it)
    if (it->attention >= 0) return it->attention;
  return -1;
}

}  // namespace ap
