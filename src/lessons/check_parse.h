// Parsing one `check:` line of a lesson into a Check (lesson.h). Grammar: lessons/README.md
// ("Checks"). Evaluating a parsed check is goal.h's job.
#pragma once

#include <string>

#include "app/model_facts.h"
#include "lessons/lesson.h"
#include "state/state.h"

namespace ap {

// Parses one check, e.g. `head 2: weight "the cat" -> #3 >= 0.5`; never throws. The error
// is one sentence without a location (the lesson parser adds FILE:LINE).
Decoded<Check> check_parse(const std::string& text);

}  // namespace ap
