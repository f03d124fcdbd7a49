// The one number formatter (state/number_text.h): shortest text, exact round trip, and the
// two styles' spelling rules.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>

#include "state/number_text.h"

TEST_CASE("number text reads back to the same double in both styles") {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> exponent(-300, 300);
  std::normal_distribution<double> mantissa(0.0, 1.0);
  for (int i = 0; i < 20000; ++i) {
    const double x = mantissa(rng) * std::pow(10.0, exponent(rng) / 10);
    for (auto style : {ap::NumberStyle::Compact, ap::NumberStyle::PythonFloat}) {
      const std::string text = ap::number_text(x, style);
      INFO("x = ", x, ", text = ", text);
      REQUIRE(std::strtod(text.c_str(), nullptr) == x);
    }
  }
}

TEST_CASE("number text is the shortest form, spelled for its use") {
  using ap::NumberStyle;
  CHECK(ap::number_text(1.0) == "1");
  CHECK(ap::number_text(1.0, NumberStyle::PythonFloat) == "1.0");
  CHECK(ap::number_text(-0.0, NumberStyle::PythonFloat) == "-0.0");
  CHECK(ap::number_text(0.1 + 0.2) == "0.30000000000000004");
  CHECK(ap::number_text(1e20) == "1e20");
  CHECK(ap::number_text(1e20, NumberStyle::PythonFloat) == "1e+20");
  CHECK(ap::number_text(2.5e-7, NumberStyle::PythonFloat) == "2.5e-07");
  CHECK(ap::number_text(123456789.0, NumberStyle::PythonFloat) == "123456789.0");
}
