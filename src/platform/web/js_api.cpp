// The C side of window.attention (web/attention_api.js): getState, setState, getResult,
// getLesson, openLesson, itemRect, limits and frameStats as exported C functions that speak JSON
// text. Each returns a pointer to the page's reply text (web_reply()), valid until the next call of
// any of them; the glue copies it at once. Strings from JS arrive in malloc'ed memory (never on the
// wasm stack), are checked against core/limits.h before anything else, and no C++ exception leaves
// these functions: each body runs inside guarded(). Natively (no Emscripten) the same file builds
// into the fuzz target tests/fuzz/fuzz_js_api.cpp.
#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#define EMSCRIPTEN_KEEPALIVE
#endif

#include <cstring>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>

#include "core/limits.h"
#include "platform/web/web_app.h"
#include "state/result_json.h"
#include "state/state.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace {

using nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string reply(bool ok, const std::string& error) {
  json j = {{"ok", ok}};
  if (!ok) j["error"] = ap::utf8_quote(error, 1024);
  return dump(j);
}

// Runs `body` (which fills `text`); an exception becomes {"ok":false,"error":…} instead of
// reaching JavaScript as a bare number. The web build compiles this file with -fexceptions.
template <class Body>
const char* guarded(std::string& text, Body body) {
  try {
    body();
  } catch (const std::exception& e) {
    text = reply(false, std::string("internal error: ") + e.what());
  } catch (...) {
    text = reply(false, "internal error");
  }
  return text.c_str();
}

// The length of a string from JS, reading at most limit + 1 bytes.
std::size_t bounded_length(const char* s, std::size_t limit) {
  return s ? strnlen(s, limit + 1) : 0;
}

}  // namespace

extern "C" {

// Every limit of core/limits.h the page checks before it copies a string into wasm memory.
EMSCRIPTEN_KEEPALIVE const char* ap_js_limits() {
  std::string& text = ap::web_reply();
  return guarded(text, [&text] {
    text = dump({{"maxJsonBytes", ap::kMaxJsonBytes},
                 {"maxUrlBytes", ap::kMaxUrlBytes},
                 {"maxNameBytes", ap::kMaxNameBytes},
                 {"maxWidth", ap::kMaxWidth},
                 {"maxTokens", ap::kMaxTokens},
                 {"maxStateCells", ap::kMaxStateCells},
                 {"maxScoreCells", ap::kMaxScoreCells},
                 {"maxUiCellsPerFrame", ap::kMaxUiCellsPerFrame},
                 {"maxTokenLabelBytes", ap::kMaxTokenLabel}});
  });
}

// What the last drawn frame did: {"uiCells": matrix cells the editors drew} (for the tests
// of the per-frame work bound, kMaxUiCellsPerFrame), "uiMs": CPU ms in ui_draw (training
// slices included), "renderMs": CPU ms submitting the GL calls (the benchmark of the frame).
EMSCRIPTEN_KEEPALIVE const char* ap_js_frame_stats() {
  std::string& text = ap::web_reply();
  return guarded(text, [&text] {
    text = dump({{"uiCells", ap::ui_cells_drawn_last_frame(ap::web_app())},
                 {"uiMs", ap::web_ui_ms()},
                 {"renderMs", ap::web_render_ms()}});
  });
}

// The current State as JSON text (the schema of state_to_json).
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_state() {
  std::string& text = ap::web_reply();
  return guarded(text, [&text] { text = ap::state_to_json(ap::web_app().state); });
}

// Replaces the state with the State JSON text `json` when it is valid and returns
// {"ok":true}; otherwise keeps the state and returns {"ok":false,"error":"<sentence>"}.
EMSCRIPTEN_KEEPALIVE const char* ap_js_set_state(const char* json_text) {
  std::string& text = ap::web_reply();
  return guarded(text, [&text, json_text] {
    const std::size_t n = bounded_length(json_text, ap::kMaxJsonBytes);
    if (n > ap::kMaxJsonBytes) {
      text = reply(false, "the state is longer than " + std::to_string(ap::kMaxJsonBytes) +
                              " bytes (8 MiB), the limit for a State JSON");
      return;
    }
    ap::Decoded<ap::State> decoded =
        ap::state_from_json(std::string(json_text ? json_text : "", n));
    if (!decoded.ok())
      text = reply(false, decoded.error);
    else if (!ap::app_apply(ap::web_app(), *decoded.value))
      text = reply(false, ap::web_app().notice);
    else
      text = reply(true, "");
  });
}

// The Result of the current state as JSON text (the schema of result_to_json).
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_result() {
  std::string& text = ap::web_reply();
  return guarded(text, [&text] { text = ap::result_to_json(ap::web_app().result); });
}

// The notice line's text ("" when none): what the learner was told about bad input.
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_notice() {
  std::string& text = ap::web_reply();
  return guarded(text, [&text] { text = ap::utf8_quote(ap::web_app().notice, 4096); });
}

// Test hook: lets browser tests find widgets. The rectangle the widget `name` had in the
// latest frame as {"x0","y0","x1","y1"} in device pixels of the canvas, or "null".
EMSCRIPTEN_KEEPALIVE const char* ap_js_item_rect(const char* name) {
  std::string& text = ap::web_reply();
  return guarded(text, [&text, name] {
    const std::size_t n = bounded_length(name, ap::kMaxNameBytes);
    const ap::TestHookRect* r =
        n > ap::kMaxNameBytes ? nullptr : ap::test_hook_find(std::string(name ? name : "", n));
    text = r ? dump({{"x0", r->x0}, {"y0", r->y0}, {"x1", r->x1}, {"y1", r->y1}}) : "null";
  });
}

// The open lesson as {"lesson","title","step","steps","goals":[{"text","met"}],"a11y"}
// (step 1-based; "lesson" is null when none is open). "a11y" is the text last announced.
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_lesson() {
  std::string& text = ap::web_reply();
  return guarded(text, [&text] {
    ap::LessonSession& s = ap::web_program().lessons;
    ap::session_update(s, ap::web_app());
    const ap::Lesson* lesson = ap::session_lesson(s);
    json j = {{"lesson", nullptr}, {"a11y", s.announced}};
    if (lesson) {
      const ap::Step& step = lesson->steps[s.step];
      json goals = json::array();
      for (std::size_t i = 0; i < step.goals.size(); ++i)
        goals.push_back(
            {{"text", step.goals[i].text}, {"met", i < s.goals_met.size() && s.goals_met[i]}});
      j.update({{"lesson", lesson->id},
                {"title", lesson->title},
                {"step", s.step + 1},
                {"steps", lesson->steps.size()},
                {"goals", goals}});
    }
    text = dump(j);
  });
}

// Every lesson that loaded as [{"id","title","steps"}], in teaching order.
EMSCRIPTEN_KEEPALIVE const char* ap_js_list_lessons() {
  std::string& text = ap::web_reply();
  nlohmann::json list = nlohmann::json::array();
  for (const ap::Lesson& l : ap::web_program().lessons.set.lessons)
    if (l.errors.empty())
      list.push_back({{"id", l.id}, {"title", l.title}, {"steps", l.steps.size()}});
  text = list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.c_str();
}

// Opens step `step` (1-based) of lesson `id` at its starting state; {"ok":true} or
// {"ok":false,"error":"<sentence>"}. An out-of-range step opens step 1 with an error.
EMSCRIPTEN_KEEPALIVE const char* ap_js_open_lesson(const char* id, int step) {
  std::string& text = ap::web_reply();
  return guarded(text, [&text, id, step] {
    const std::size_t n = bounded_length(id, ap::kMaxNameBytes);
    if (n > ap::kMaxNameBytes) {
      text = reply(false, "a lesson id is at most " + std::to_string(ap::kMaxNameBytes) +
                              " bytes; no lesson has this one");
      return;
    }
    std::string error;
    const bool ok = ap::session_open(ap::web_program().lessons, ap::web_app(),
                                     std::string(id ? id : "", n), step - 1, true, &error);
    text = reply(ok && error.empty(), error);
  });
}

// The question-answering view as {"open","running","step","steps","seed","parameters",
// "loss","heldout","attention","story","question","error","answer","expected","support",
// "weights"}: the last held-out accuracy and attention accuracy (−1 before the first
// evaluation), the edited story and the model's answer with every hop's weights over it.
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_qa() {
  std::string& text = ap::web_reply();
  const ap::QaSession& s = ap::web_app().qa;
  nlohmann::json j = {{"open", s.open},
                      {"running", s.running},
                      {"story", s.story},
                      {"question", s.question},
                      {"error", s.error}};
  if (s.trainer) {
    const ap::models::QaTrainer& tr = *s.trainer;
    nlohmann::json weights = nlohmann::json::array();
    for (Eigen::Index r = 0; r < s.prediction.weights.rows(); ++r) {
      nlohmann::json row = nlohmann::json::array();
      for (Eigen::Index c = 0; c < s.prediction.weights.cols(); ++c)
        row.push_back(s.prediction.weights(r, c));
      weights.push_back(row);
    }
    auto place = [](int i) {
      return i < 0 ? std::string() : ap::qa::places()[static_cast<std::size_t>(i)];
    };
    j.update({{"step", tr.steps_done()},
              {"steps", tr.config().steps},
              {"seed", tr.config().seed},
              {"parameters", tr.model().parameter_count()},
              {"loss", tr.curve().empty() ? -1.0 : tr.curve().back().loss},
              {"heldout", ap::qa_heldout(s)},
              {"attention", ap::qa_attention(s)},
              {"answer", place(s.prediction.answer)},
              {"expected", place(s.reference_answer)},
              {"support", s.reference_support},
              {"weights", weights}});
  }
  text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.c_str();
}

// The captioning view as {"open","running","step","steps","scoring","seed","parameters",
// "loss","heldout","attention","objects","noise_seed","caption","expected","right","word",
// "attention_rows","train_seconds"}: the last held-out exact-caption and attention accuracy
// (−1 before the first evaluation), the edited scene, the model's caption and each word's
// attention over the 16 patches.
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_captioning() {
  std::string& text = ap::web_reply();
  const ap::CaptioningSession& s = ap::web_app().captioning;
  nlohmann::json objects = nlohmann::json::array();
  for (const ap::captioning::Object& o : s.objects)
    objects.push_back({{"shape", ap::captioning::shapes()[static_cast<std::size_t>(o.shape)]},
                       {"color", ap::captioning::colors()[static_cast<std::size_t>(o.color)]},
                       {"row", o.row},
                       {"col", o.col}});
  nlohmann::json j = {{"open", s.open},
                      {"running", s.running},
                      {"objects", objects},
                      {"noise_seed", s.noise_seed},
                      {"word", s.word}};
  if (s.trainer) {
    const ap::models::CaptioningTrainer& tr = *s.trainer;
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index r = 0; r < s.result.weights.rows(); ++r) {
      nlohmann::json row = nlohmann::json::array();
      for (Eigen::Index c = 0; c < s.result.weights.cols(); ++c)
        row.push_back(s.result.weights(r, c));
      rows.push_back(row);
    }
    std::string caption;
    for (const std::string& w : s.result.words) caption += (caption.empty() ? "" : " ") + w;
    j.update({{"step", tr.steps_done()},
              {"steps", tr.config().steps},
              {"scoring", ap::scoring_name(tr.config().model.scoring)},
              {"seed", tr.config().seed},
              {"parameters", tr.model().parameter_count()},
              {"loss", tr.curve().empty() ? -1.0 : tr.curve().back().loss},
              {"heldout", ap::captioning_heldout(s)},
              {"attention", ap::captioning_attention(s)},
              {"train_seconds", tr.train_seconds()},
              {"steps_per_second", s.clock.steps_per_second},
              {"running_seconds", s.clock.running_seconds},
              {"seconds_to_target", s.seconds_to_target},
              {"slice_ms", 1000 * s.clock.last_slice},
              {"caption", caption},
              {"expected", s.expected},
              {"right", ap::captioning_right(s)},
              {"attention_rows", rows}});
  }
  text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.c_str();
}

// The training view as {"open","running","step","steps","scoring","seed","parameters",
// "loss","heldout","attention","steps_per_second","seconds_to_90","train_seconds",
// "source","output","weights"}: the last training loss, the last held-out exact match and
// attention accuracy (−1 before the first evaluation), and the shown held-out sentence's
// greedy translation with its attention rows.
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_training() {
  std::string& text = ap::web_reply();
  const ap::TrainingSession& t = ap::web_app().training;
  nlohmann::json j = {{"open", t.open}, {"running", t.running}};
  if (t.trainer) {
    const ap::models::Trainer& tr = *t.trainer;
    nlohmann::json weights = nlohmann::json::array();
    for (Eigen::Index r = 0; r < t.shown.weights.rows(); ++r) {
      nlohmann::json row = nlohmann::json::array();
      for (Eigen::Index c = 0; c < t.shown.weights.cols(); ++c)
        row.push_back(t.shown.weights(r, c));
      weights.push_back(row);
    }
    j.update({{"step", tr.steps_done()},
              {"steps", tr.config().steps},
              {"scoring", ap::scoring_name(tr.config().model.scoring)},
              {"seed", tr.config().seed},
              {"parameters", t.trainer->model().parameter_count()},
              {"loss", tr.curve().empty() ? -1.0 : tr.curve().back().loss},
              {"heldout", ap::training_heldout(t)},
              {"attention", ap::training_attention(t)},
              {"steps_per_second", t.clock.steps_per_second},
              {"seconds_to_90", t.first_train_seconds},
              {"train_seconds", tr.train_seconds()},
              {"finished_runs", t.finished.size()},
              {"source", t.shown.source},
              {"output", t.shown.output},
              {"weights", weights}});
  }
  text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.c_str();
}

// The sentiment view as {"open","running","step","steps","seed","parameters","loss",
// "heldout","attention","steps_per_second","seconds_to_target","train_seconds","typed",
// "words","weights","known","ignored","label","probability","error"}: the typed review's
// words with one pooling weight each (0 for an ignored word).
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_sentiment() {
  std::string& text = ap::web_reply();
  const ap::SentimentSession& s = ap::web_app().sentiment;
  nlohmann::json j = {{"open", s.open}, {"running", s.running}};
  if (s.trainer) {
    const ap::models::SentimentTrainer& tr = *s.trainer;
    nlohmann::json words = nlohmann::json::array(), weights = nlohmann::json::array(),
                   known = nlohmann::json::array();
    for (const ap::ReadWord& w : s.typed_words) {
      words.push_back(w.word);
      weights.push_back(w.weight);
      known.push_back(w.known);
    }
    j.update({{"step", tr.steps_done()},
              {"steps", tr.config().steps},
              {"seed", tr.config().seed},
              {"parameters", tr.model().parameter_count()},
              {"loss", tr.curve().empty() ? -1.0 : tr.curve().back().loss},
              {"heldout", ap::sentiment_heldout(s)},
              {"attention", ap::sentiment_attention(s)},
              {"steps_per_second", s.clock.steps_per_second},
              {"seconds_to_target", s.first_target_seconds},
              {"train_seconds", tr.train_seconds()},
              {"typed", s.typed},
              {"words", words},
              {"weights", weights},
              {"known", known},
              {"ignored", s.ignored},
              {"label", ap::sentiment::label_name(s.reading.label)},
              {"probability", s.reading.probability},
              {"error", s.typed_error}});
  }
  text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.c_str();
}

// The induction view as {"open","running","step","steps","scoring","seed","layers",
// "parameters","loss","accuracy","heads","ablated_accuracy","steps_per_second",
// "running_seconds","seconds_to_95","train_seconds","tokens","predicted"}: the last quick
// evaluation's accuracy (−1 before the first), each head {"layer","head","previous_token",
// "induction","ablated"} (layer and head 1-based), and the shown held-out sequence with the
// model's greedy prediction at each position (−1: a tie).
EMSCRIPTEN_KEEPALIVE const char* ap_js_get_induction() {
  std::string& text = ap::web_reply();
  ap::InductionSession& s = ap::web_app().induction;
  nlohmann::json j = {{"open", s.open}, {"running", s.running}};
  if (s.trainer) {
    const ap::models::InductionTrainer& tr = *s.trainer;
    const ap::models::TransformerConfig& mc = tr.model().config();
    const ap::models::InductionEval* ev = ap::induction_last_eval(s);
    nlohmann::json heads = nlohmann::json::array();
    for (int l = 0; l < mc.layers; ++l)
      for (int h = 0; h < mc.heads; ++h) {
        const std::size_t k = static_cast<std::size_t>(l) * static_cast<std::size_t>(mc.heads) +
                              static_cast<std::size_t>(h);
        heads.push_back({{"layer", l + 1},
                         {"head", h + 1},
                         {"previous_token", ev ? ev->previous_token[k] : -1.0},
                         {"induction", ev ? ev->induction[k] : -1.0},
                         {"ablated", tr.model().ablated(l, h)}});
      }
    j.update({{"step", tr.steps_done()},
              {"steps", tr.config().steps},
              {"scoring", ap::scoring_name(mc.scoring)},
              {"seed", tr.config().seed},
              {"layers", mc.layers},
              {"parameters", tr.model().parameter_count()},
              {"loss", tr.curve().empty() ? -1.0 : tr.curve().back().loss},
              {"accuracy", ev ? ev->accuracy : -1.0},
              {"heads", heads},
              {"ablated_accuracy", s.ablated_accuracy},
              {"steps_per_second", s.clock.steps_per_second},
              {"running_seconds", s.clock.running_seconds},
              {"seconds_to_95", s.seconds_to_95},
              {"train_seconds", tr.train_seconds()},
              {"tokens", s.shown.tokens},
              {"predicted", ap::models::greedy_predictions(s.shown)}});
  }
  text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.c_str();
}

}  // extern "C"
