// Quoted numbers in lesson prose and their check against the pipeline; see quoted_numbers.h.
#include "lessons/quoted_numbers.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "lessons/check_parse.h"
#include "lessons/goal.h"
#include "lessons/step_state.h"

namespace ap {
namespace {

const std::string kMinus = "\xE2\x88\x92";  // U+2212, the minus sign lessons print

bool digit(char c) {
  return c >= '0' && c <= '9';
}

std::string trim(const std::string& s) {
  const std::size_t a = s.find_first_not_of(" \t\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\n") - a + 1);
}

// Where the quoted number before a mark at `mark` starts: a vector "[…]" or a decimal with
// an optional sign ("-" or "−"); npos when there is none.
std::size_t quoted_start(const std::string& t, std::size_t mark) {
  if (mark == 0) return std::string::npos;
  if (t[mark - 1] == ']') {
    const std::size_t open = t.rfind('[', mark - 1);
    return open;
  }
  std::size_t i = mark;
  while (i > 0 && (digit(t[i - 1]) || t[i - 1] == '.')) --i;
  if (i == mark) return std::string::npos;
  if (i > 0 && t[i - 1] == '-') return i - 1;
  if (i >= kMinus.size() && t.compare(i - kMinus.size(), kMinus.size(), kMinus) == 0)
    return i - kMinus.size();
  return i;
}

// The numbers of "0.674", "−0.66" or "[1.67, 0]" with half a unit of the last quoted digit
// of each as its rounding tolerance; false when it does not read as numbers.
bool read_numbers(std::string q, std::vector<double>* values, std::vector<double>* halfs) {
  std::string ascii;  // the minus sign U+2212 as '-'
  for (std::size_t i = 0; i < q.size(); ++i) {
    const bool minus = q.compare(i, kMinus.size(), kMinus) == 0;
    ascii += minus ? '-' : q[i];
    if (minus) i += kMinus.size() - 1;
  }
  q = ascii;
  if (!q.empty() && q.front() == '[') q = q.substr(1, q.size() - 2);
  std::size_t from = 0;
  while (from <= q.size()) {
    std::size_t to = q.find(',', from);
    if (to == std::string::npos) to = q.size();
    const std::string part = trim(q.substr(from, to - from));
    char* end = nullptr;
    const double v = std::strtod(part.c_str(), &end);
    if (part.empty() || *end != '\0') return false;
    const std::size_t dot = part.find('.');
    const int decimals = dot == std::string::npos ? 0 : static_cast<int>(part.size() - dot - 1);
    values->push_back(v);
    halfs->push_back(0.5 * std::pow(10.0, -decimals));
    from = to + 1;
  }
  return !values->empty();
}

std::string num(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.12g", x);
  return buf;
}

// Empty when the quantity, at `state`, rounds to the quoted number; else the reason.
std::string check_quote(const QuotedNumber& q, const State& state, const Result& result) {
  std::vector<double> values, halfs;
  if (!read_numbers(q.quoted, &values, &halfs))
    return std::string("the quoted \"") + q.quoted + "\" is not a number or a [vector]";
  std::vector<std::string> checks;
  if (q.quantity.rfind("output ", 0) == 0 || q.quantity.find(": output ") != std::string::npos) {
    std::string vec = "[";
    double tol2 = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) vec += ", ";
      vec += num(values[i]);
      tol2 += halfs[i] * halfs[i];
    }
    checks.push_back(q.quantity + " near " + vec + "] within " + num(std::sqrt(tol2) + 1e-9));
  } else {
    if (values.size() != 1)
      return std::string("a vector is quoted for \"") + q.quantity + "\", a number";
    checks.push_back(q.quantity + " >= " + num(values[0] - halfs[0] - 1e-9));
    checks.push_back(q.quantity + " <= " + num(values[0] + halfs[0] + 1e-9));
  }
  for (const std::string& text : checks) {
    const Decoded<Check> check = check_parse(text);
    if (!check.ok())
      return std::string("the mark {= ") + q.quantity + "} is not a quantity: " + check.error;
    if (std::string e = check_token_error(*check.value, state); !e.empty()) return e;
    const CheckOutcome outcome = check_evaluate(*check.value, state, result);
    if (!outcome.holds)
      return std::string("quotes ") + q.quoted + " but " + outcome.detail +
             (q.goal ? std::string(" (after goal ") + std::to_string(q.goal) + "'s solution)"
                     : " (at the step's start)");
  }
  return "";
}

}  // namespace

std::vector<QuotedNumber> quoted_numbers(const std::string& text,
                                         std::vector<std::string>* errors) {
  std::vector<QuotedNumber> out;
  for (std::size_t mark = text.find("{="); mark != std::string::npos;
       mark = text.find("{=", mark + 2)) {
    const std::size_t close = text.find('}', mark);
    const std::size_t start = quoted_start(text, mark);
    if (close == std::string::npos || start == std::string::npos) {
      if (errors) errors->push_back("a {= …} mark must follow a number and end with }");
      continue;
    }
    QuotedNumber q;
    q.quoted = text.substr(start, mark - start);
    std::string body = trim(text.substr(mark + 2, close - mark - 2));
    if (body.rfind("goal", 0) == 0) {
      const std::size_t colon = body.find(':');
      q.goal = std::atoi(body.c_str() + 4);
      if (colon == std::string::npos || q.goal < 1) {
        if (errors) errors->push_back("write a goal's quantity as {=goal N: quantity}");
        continue;
      }
      body = trim(body.substr(colon + 1));
    }
    q.quantity = body;
    out.push_back(std::move(q));
  }
  return out;
}

std::string strip_number_marks(const std::string& text) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t mark = text.find("{="); mark != std::string::npos;
       mark = text.find("{=", mark + 2)) {
    const std::size_t close = text.find('}', mark);
    if (close == std::string::npos || quoted_start(text, mark) == std::string::npos) continue;
    out += text.substr(from, mark - from);
    from = close + 1;
  }
  return out + text.substr(from);
}

std::vector<std::string> lint_quoted_numbers(const Lesson& lesson) {
  std::vector<std::string> out;
  for (int si = 0; si < static_cast<int>(lesson.steps.size()); ++si) {
    const Step& step = lesson.steps[si];
    const std::string at = lesson.file + ":" + std::to_string(step.line) + ": ";
    std::vector<std::string> texts = {step.markdown};
    for (const Goal& g : step.goals) {
      texts.push_back(g.text);
      texts.push_back(g.hint);
    }
    for (const std::string& text : texts) {
      std::vector<std::string> errors;
      for (const QuotedNumber& q : quoted_numbers(text, &errors)) {
        if (q.goal > static_cast<int>(step.goals.size())) {
          out.push_back(at + "{=goal " + std::to_string(q.goal) + ": …}: the step has " +
                        std::to_string(step.goals.size()) + " goal(s)");
          continue;
        }
        const Decoded<State> state =
            q.goal ? goal_solution_state(lesson, si, q.goal - 1) : lesson_step_start(lesson, si);
        if (!state.ok()) continue;  // the lint reports broken presets and solutions
        const Result result = attend(state.value->input);
        if (const std::string e = check_quote(q, *state.value, result); !e.empty()) {
          std::string message = at;
          message += "quoted number: ";
          message += e;
          out.push_back(std::move(message));
        }
      }
      for (const std::string& e : errors) out.push_back(at + e);
    }
  }
  return out;
}

}  // namespace ap
