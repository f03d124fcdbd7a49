// CSV and JSON exports; see export_data.h.
#include "app/export_data.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

#include "state/number_text.h"
#include "state/result_json.h"

namespace ap {

using nlohmann::json;

std::string format_number(double x) {
  if (!std::isfinite(x)) return "";
  return number_text(x, NumberStyle::PythonFloat);
}

namespace {

// A label a spreadsheet would run as a formula: one starting with =, +, -, @, tab or CR
// (a shared link can plant such labels). A plain number such as "-1" or "+2.5" stays as it
// is: spreadsheets read it as that number, never as a formula, and the sign is its meaning.
bool csv_formula_like(const std::string& text) {
  if (text.empty() || std::string_view("=+-@\t\r").find(text[0]) == std::string_view::npos)
    return false;
  double x = 0;
  return !parse_decimal(text, &x);
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A
// formula-like label gets a leading ' (OWASP's advice: spreadsheets show it as text).
std::string csv_field(const std::string& label) {
  const std::string text = csv_formula_like(label) ? "'" + label : label;
  if (text.find_first_of(",\"\r\n") == std::string::npos && text == label) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string label_at(const std::vector<std::string>& labels, Eigen::Index i) {
  return i < static_cast<Eigen::Index>(labels.size()) ? labels[i] : std::string();
}

}  // namespace

std::string export_csv(const Matrix& m, const std::vector<std::string>& row_labels,
                       const std::vector<std::string>& col_labels) {
  std::string out;
  for (Eigen::Index j = 0; j < m.cols(); ++j) out += ',' + csv_field(label_at(col_labels, j));
  out += "\r\n";
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    out += csv_field(label_at(row_labels, i));
    for (Eigen::Index j = 0; j < m.cols(); ++j) out += ',' + format_number(m(i, j));
    out += "\r\n";
  }
  return out;
}

std::string export_json(const State& s, const Result& r) {
  json doc = json::object();
  // state_to_json always writes valid JSON; a discarded parse would still not throw.
  json state = json::parse(state_to_json(s), nullptr, false);
  doc["state"] = state.is_discarded() ? json(nullptr) : std::move(state);
  doc["result"] = result_to_json_value(r);
  return doc.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace ap
