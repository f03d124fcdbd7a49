// Numbers as the shortest decimal text that reads back to the same double: one formatter
// for the URL form, the CSV/JSON exports and the exported Python code.
#pragma once

#include <string>

namespace ap {

enum class NumberStyle {
  Compact,      // "1", "0.5", "1e20": the URL form, where every byte counts
  PythonFloat,  // "1.0", "0.5", "1e+20": always a "." or an exponent, so Python reads a float
};

// Shortest "%.Ng" (N = 6 … 17) that round-trips x exactly. Non-finite x gives "nan"/"inf"
// text; callers that must never print those check std::isfinite first.
std::string number_text(double x, NumberStyle style = NumberStyle::Compact);

}  // namespace ap
