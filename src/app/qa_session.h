// The question-answering view's model (the page's "Answer questions about a story"): the
// run in progress (seed, Train/Pause/Reset), and a story the learner edits sentence by
// sentence with a question; the model's answer and every hop's attention over the
// sentences follow each edit and each training step. The page calls qa_frame() once per
// frame; it trains for a bounded time slice so drawing and input stay smooth. No ImGui,
// no GL, no Emscripten: src/ui/panel_qa.cpp reads this and calls the functions below.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/slice_clock.h"
#include "models/qa_trainer.h"

namespace ap {

struct QaSession {
  bool open = false;  // the view is shown
  int seed = 1;       // for the next Reset (and the run made on first use)
  SliceClock clock;   // training time per frame
  std::unique_ptr<models::QaTrainer> trainer;
  bool running = false;

  // The story being edited: sentence texts and the question, as typed.
  std::vector<std::string> story = {"Mary went to the kitchen", "John moved to the office",
                                    "Mary travelled to the garden",
                                    "John went back to the hallway"};
  std::string question = "where is Mary";

  // Derived from the story and the model (qa_refresh): the error that stops an answer
  // (naming the sentence), the reference answer and supporting fact, the prediction.
  std::string error;
  int reference_answer = -1, reference_support = -1;
  models::QaPrediction prediction;  // answer −1 when there is an error
  int computed_step = -1;
  std::vector<std::string> computed_story;
  std::string computed_question;
  std::uint64_t story_rng = 12345;  // "New story" draws from this stream
};

void qa_ensure(QaSession& s);  // a run exists (made from the settings)
void qa_reset(QaSession& s);   // a fresh run from the settings
// Trains for this frame's slice (s.clock) when running; keeps the prediction up to date.
// Returns the steps taken.
int qa_frame(QaSession& s);
// Recomputes the prediction when the story, the question or the step changed.
void qa_refresh(QaSession& s);

// Story edits (each keeps the story within kMaxQaSentences sentences, at least one).
bool qa_add_sentence(QaSession& s, const std::string& text);
bool qa_remove_sentence(QaSession& s, int index);
bool qa_move_sentence(QaSession& s, int index, int delta);  // −1 up, +1 down
void qa_new_story(QaSession& s);  // a generated story and question from story_rng

// The last held-out accuracy and attention accuracy measured, or −1.
double qa_heldout(const QaSession& s);
double qa_attention(const QaSession& s);

}  // namespace ap
