// The plain-loop reference of attend(): the same maths written as llm.c-style loops with no
// Eigen expressions, kept simple so it can be read against the lesson text. The Eigen path
// (attention.cpp) and later SIMD fast paths are tested against it. Not optimised, on purpose.
#pragma once

#include "core/attention.h"

namespace ap {

// Precondition: validate(in) is empty. Fills every field of Result.
Result reference_attend(const AttentionInput& in);

}  // namespace ap
