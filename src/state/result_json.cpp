// Result → JSON for attention-cli and window.attention.getResult(); see result_json.h.
#include "state/result_json.h"

#include <cmath>

namespace ap {

using nlohmann::json;

namespace {

// −∞ (a masked cell) has no JSON spelling; it is written as null.
json matrix_json(const Matrix& m) {
  json rows = json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    json row = json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      row.push_back(std::isfinite(m(i, j)) ? json(m(i, j)) : json(nullptr));
    rows.push_back(std::move(row));
  }
  return rows;
}

// One head: a matrix; several: one matrix per head.
template <class Get>
json per_head(const Result& r, Get get) {
  if (r.heads.size() == 1) return matrix_json(get(r.heads[0]));
  json all = json::array();
  for (const HeadResult& h : r.heads) all.push_back(matrix_json(get(h)));
  return all;
}

}  // namespace

json result_to_json_value(const Result& r) {
  json j = json::object();
  j["scores"] = per_head(r, [](const HeadResult& h) -> const Matrix& { return h.scores; });
  j["scaled"] = per_head(r, [](const HeadResult& h) -> const Matrix& { return h.scaled; });
  j["masked"] = per_head(r, [](const HeadResult& h) -> const Matrix& { return h.masked; });
  j["weights"] = per_head(r, [](const HeadResult& h) -> const Matrix& { return h.weights; });
  j["entropy"] = per_head(r, [](const HeadResult& h) { return Matrix(h.entropy.transpose()); });
  if (r.heads.size() == 1) j["entropy"] = j["entropy"][0];
  j["output"] = matrix_json(r.output);
  j["fully_masked_rows"] = r.fully_masked_rows;
  j["heads"] = r.heads.size();
  return j;
}

std::string result_to_json(const Result& r, int indent) {
  return result_to_json_value(r).dump(indent, ' ', false, json::error_handler_t::replace);
}

std::optional<std::string> eval_state_json(const std::string& state_json, std::string* error,
                                           int indent) {
  const Decoded<State> s = state_from_json(state_json);
  if (!s.ok()) {
    *error = s.error;
    return std::nullopt;
  }
  return result_to_json(attend(s.value->input), indent);
}

}  // namespace ap
