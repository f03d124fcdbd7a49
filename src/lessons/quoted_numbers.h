// Numbers a lesson quotes, checked against what the page computes. In a step's prose (or a
// goal's text or hint) a number may carry a mark right after it, `0.674{= weight the -> cat}`,
// naming the quantity it quotes in the goal-check grammar (lessons/README.md, "Checks"):
//   NUMBER{= QUANTITY}          the quantity at the step's start
//   NUMBER{=goal N: QUANTITY}   the quantity once goal N's solution is applied
//   [a, b]{= output QUERY}      an output row (the vector form of `output … near`)
// The mark is never shown (markdown_parse drops it); the lint checks that the quantity,
// rounded to the digits quoted, is the number. No UI here.
#pragma once

#include <string>
#include <vector>

#include "lessons/lesson.h"

namespace ap {

struct QuotedNumber {
  std::string quoted;    // as written: "0.674", "−0.66", "[1.67, 0]"
  std::string quantity;  // "weight the -> cat", "output mid"
  int goal = 0;          // 0: the step's start; N: goal N's solution state
};

// The marks in `text`, in order; a mark that cannot be read gives an error sentence instead.
std::vector<QuotedNumber> quoted_numbers(const std::string& text, std::vector<std::string>* errors);

// `text` without its marks ("0.674{= weight the -> cat}" → "0.674").
std::string strip_number_marks(const std::string& text);

// Every quoted number of the lesson's steps that the page does not compute, as
// "FILE:LINE: reason" (LINE: the step's heading).
std::vector<std::string> lint_quoted_numbers(const Lesson& lesson);

}  // namespace ap
