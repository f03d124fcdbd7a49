// The sentiment view's model ("Train a sentiment reader"): settings, the run in progress,
// a typed review and how the model reads it (label, probability, one pooling weight per
// typed word, the words it ignores). The page calls sentiment_frame() once per frame; it
// trains for a bounded time slice so drawing and input stay smooth. No ImGui, no GL, no
// Emscripten: src/ui/panel_sentiment.cpp reads this and calls the functions below.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/slice_clock.h"
#include "models/sentiment_explain.h"
#include "models/sentiment_trainer.h"

namespace ap {

// One typed word as the model read it.
struct ReadWord {
  std::string word;
  bool known = false;  // in the task's vocabulary; unknown words are ignored (weight 0)
  double weight = 0;   // its pooling weight
};

struct SentimentSession {
  bool open = false;  // the sentiment view is shown
  // Settings for the next Reset (and the run made on first use).
  int seed = 1;
  float learning_rate = 0.01f;
  int steps = models::SentimentTrainConfig{}.steps;
  SliceClock clock;  // training time per frame, steps per second

  std::unique_ptr<models::SentimentTrainer> trainer;
  bool running = false;

  std::string typed = "honestly the plot was not very good but the acting is truly brilliant";
  std::vector<ReadWord> typed_words;  // every typed word, in order
  std::vector<std::string> ignored;   // the unknown ones, named
  models::SentimentReading reading;   // of the known words
  std::string typed_error;            // empty review, too many words, no known word
  models::Explanation explanation;    // of the known words: attention, gradient × input, …
  // "Find another explanation": weights far from the learned ones, same prediction (known
  // words only); has_other until the review or the model changes.
  bool has_other = false;
  models::OtherExplanation other;
  // Weights set by hand (known words only, summing to 1), and what they give.
  bool hand_mode = false;
  std::vector<double> hand_weights;
  double hand_probability = 0, hand_distance = 0;
  int typed_step = -1;
  std::string typed_seen;

  double first_target_seconds = -1;  // training seconds when both targets were first met
};

void sentiment_ensure(SentimentSession& s);  // a run exists (made from the settings)
void sentiment_reset(SentimentSession& s);   // a fresh run from the settings
void sentiment_step_once(SentimentSession& s);
// Trains for this frame's slice (s.clock) when running; keeps the typed review's reading up to
// date. Returns the steps taken.
int sentiment_frame(SentimentSession& s);

// Searches for another explanation of the typed review (sets has_other and other).
void sentiment_find_other(SentimentSession& s);
// Starts setting the weights by hand from the learned ones, or re-reads hand_weights
// (normalised to sum 1) after an edit: hand_probability and hand_distance follow.
void sentiment_hand_start(SentimentSession& s);
void sentiment_hand_update(SentimentSession& s);

// The last held-out accuracy and attention accuracy measured, or −1.
double sentiment_heldout(const SentimentSession& s);
double sentiment_attention(const SentimentSession& s);

}  // namespace ap
