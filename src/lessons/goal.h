// Goal checks: evaluating parsed checks (check_parse.h) and goals against a State and its
// Result (the Result must be attend(state.input)) and, for `model` checks, the facts of the
// trained models (app/model_facts.h; without them a model check does not hold). Token
// labels are looked up at evaluation time, since the learner may rename or add tokens. No
// UI here; the views show the outcomes.
#pragma once

#include <string>

#include "core/attention.h"
// Callers that evaluate checks usually parse them too.
#include "lessons/check_parse.h"
#include "lessons/lesson.h"
#include "state/state.h"

namespace ap {

// Whether a check holds, and a short sentence with the current value and what the check
// needs (e.g. `weight b → a is 0.42; needs > 0.6`), for the "why not yet" hint.
struct CheckOutcome {
  bool holds = false;
  std::string detail;
};
CheckOutcome check_evaluate(const Check& check, const State& state, const Result& result,
                            const ModelFacts* facts = nullptr);

bool check_holds(const Check& check, const State& state, const Result& result,
                 const ModelFacts* facts = nullptr);

// Whether the check (or any check of the goal) reads a trained model's facts.
bool check_reads_models(const Check& check);
bool goal_reads_models(const Goal& goal);

// Empty when every token the check names exists once in `state`; otherwise the reason,
// e.g. `unknown token "dog" (the tokens are the, cat, sat, down)`.
std::string check_token_error(const Check& check, const State& state);

// All checks hold (a goal without checks is never met).
bool goal_met(const Goal& goal, const State& state, const Result& result,
              const ModelFacts* facts = nullptr);

// The detail of the first check that does not hold; empty when the goal is met.
std::string goal_why_not(const Goal& goal, const State& state, const Result& result,
                         const ModelFacts* facts = nullptr);

}  // namespace ap
