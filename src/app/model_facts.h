// Facts about the App's trained models, for lesson goals (`model NAME CMP X`, `model NAME =
// WORD`; lessons/README.md, "Checks"), and the few things a lesson's recipe does to a model
// (train it, press Train, type into its text box). Facts are numbers or words, read from
// what the model sessions (training.h, sentiment_session.h, qa_session.h, …) already keep;
// reading them computes nothing heavy and changes nothing. Two tables, one row each:
// kModels (model_facts.cpp) for a model, kFacts for a fact. No lesson code here (the
// lessons layer includes this, never the other way).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/app.h"

namespace ap {

enum class FactType { Number, Word };

// A fact's current value, or why there is none (not trained yet, no typed review, …).
struct FactValue {
  bool known = false;
  double number = 0;    // FactType::Number
  std::string word;     // FactType::Word
  std::string missing;  // when !known: one sentence for the learner; one that starts with
                        // "not " ("not measured yet") gets the fact's phrase in front
};

struct ModelFactInfo {
  const char* name;  // MODEL.FACT, e.g. "sentiment.accuracy"; MODEL is a kModels id
  FactType type;
  const char* what;  // the phrase of messages: "sentiment held-out accuracy is 0.62; …"
  // Reads the value; called only once the model has trained at least one step.
  FactValue (*read)(const App&);
};

struct ModelInfo {
  const char* id;                 // "sentiment": the prefix of its facts, the MODEL of recipes
  const char* view;               // where the learner trains it, for messages: "the sentiment view"
  int (*steps_done)(const App&);  // −1 when no run exists yet
  int (*max_steps)(const App&);   // where Train stops with the view's settings
  void (*train)(App&, int steps);          // trains the run (made from the settings) up to `steps`
                                           // at once, then refreshes what the facts read (tests)
  void (*start)(App&);                     // presses Train (a slice per frame from then on)
  void (*clear_inputs)(App&);              // typed text, story, … back to the view's defaults
  void (*type)(App&, const std::string&);  // fills its text box; null when it has none
  // Presses Train aiming at `steps`, for a view whose Train must know where to stop (the
  // scale lab measures up to n = steps); null: start.
  void (*start_at)(App&, int steps) = nullptr;
  // What a fact says before the first step, when "MODEL model is not trained yet: press
  // Train in VIEW" does not fit; null: that sentence.
  const char* untrained = nullptr;
};

const std::vector<ModelInfo>& model_list();
const std::vector<ModelFactInfo>& model_fact_list();
const ModelInfo* model_find(const std::string& id);             // null when unknown
const ModelFactInfo* model_fact_find(const std::string& name);  // null when unknown

// Every fact's value now, by name. A model that has not trained a step gives each of its
// facts `missing` = "the sentiment model is not trained yet: press Train in the sentiment
// view".
using ModelFacts = std::map<std::string, FactValue>;
ModelFacts model_facts_read(const App& app);

// Helpers for the rows (and for tests that build facts by hand).
FactValue fact_number(double x);
FactValue fact_word(const std::string& w);
FactValue fact_missing(const std::string& why);

}  // namespace ap
