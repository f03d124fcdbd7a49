// The states a lesson step works with: where a step starts (the default state with the
// presets of steps 1..N merged in order), where a goal's solution leads, and which panels a
// step shows. A partial State JSON replaces whole top-level keys of the full State JSON;
// the merged object is decoded (and so validated) by state_from_json like any link or file.
#pragma once

#include <string>

#include "lessons/lesson.h"
#include "state/state.h"

namespace ap {

// Replaces the top-level keys of state_to_json(base) with those of `partial_json` (a JSON
// object; empty text means no change) and decodes the result. Token labels are one thing
// spelled two ways: "tokens" replaces both sides, "query_tokens"/"key_tokens" one side.
// A null value removes an optional key ("sparsity": null, "Wo": null).
Decoded<State> merge_partial(const State& base, const std::string& partial_json);

// The state step `step` (0-based) starts from: state_default() with the presets of steps
// 0..step merged in order. The error names the file and line of the preset that fails.
Decoded<State> lesson_step_start(const Lesson& lesson, int step);

// The step's starting state with goal `goal`'s solution merged in.
Decoded<State> goal_solution_state(const Lesson& lesson, int step, int goal);

// The query the step is about: the first query its goals' checks name (weight, argmax,
// entropy, max_weight, output, allowed, fully_masked), as a 0-based row of `state`; -1 when
// none names one that exists. The inspector selects it when the step opens.
int step_focus_query(const Step& step, const State& state);

// Whether the step shows `panel` (one of lesson_panel_names()): its ```panels block first,
// then the default (everything but "scaling").
bool step_panel_visible(const Step& step, const std::string& panel);

}  // namespace ap
