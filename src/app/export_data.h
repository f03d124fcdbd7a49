// "Take it away" data exports: one matrix as CSV, the whole state and result as one JSON
// document, and the shortest round-trip spelling of a double that every export shares.
// Pure text builders: no UI, no files, no clipboard; callers decide where the text goes.
#pragma once

#include <string>
#include <vector>

#include "core/attention.h"
#include "state/state.h"

namespace ap {

// The shortest text that reads back as exactly x, always with a '.' or an exponent so that
// Python reads a float ("0.1", "1.0", "-0.0", "1e-07"); "" when x is not finite.
std::string format_number(double x);

// m (rows × cols) as RFC 4180 CSV with CRLF line ends: a header row (empty corner cell, then
// col_labels), then one row per matrix row led by its label. Labels holding a comma, quote,
// CR or LF are quoted; a label a spreadsheet would take for a formula (=, +, -, @, tab, CR
// first, and not a plain number) is written as text: quoted, led by '. Non-finite cells
// (masked −∞) are left empty; missing labels are empty.
std::string export_csv(const Matrix& m, const std::vector<std::string>& row_labels,
                       const std::vector<std::string>& col_labels);

// {"result": <Result JSON>, "state": <State JSON>} indented by two spaces (keys sorted, as
// nlohmann orders them); the schemas are those of state_to_json and result_to_json.
std::string export_json(const State& s, const Result& r);

}  // namespace ap
