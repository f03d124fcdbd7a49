// The shortest round-trip decimal text of a double (see number_text.h). snprintf rather
// than std::to_chars: Emscripten 3.1.6's libc++ lacks to_chars for double.
#include "state/number_text.h"

#include <cstdio>
#include <cstdlib>

namespace ap {

std::string number_text(double x, NumberStyle style) {
  char buf[40];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  std::string s = buf;
  switch (style) {
    case NumberStyle::Compact:
      if (const auto plus = s.find("e+"); plus != std::string::npos) s.erase(plus + 1, 1);
      break;
    case NumberStyle::PythonFloat:
      if (s.find_first_of(".en") == std::string::npos) s += ".0";
      break;
  }
  return s;
}

}  // namespace ap
