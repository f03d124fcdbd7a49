// The training view: train the translation model of src/models in the page and watch its
// attention become the English → Vashi alignment. Settings (scoring kind, seed, learning
// rate), Train / Pause / Step / Reset, live loss and held-out accuracy curves (drawn here
// with ImDrawList; finished runs keep theirs, labelled by kind and seed), steps per second,
// the parameter count, the alignment heatmap of a chosen held-out sentence, a text box to
// translate a typed sentence, and "Open in playground". The training itself runs in
// training_frame() (src/app/training.h), a bounded slice per frame.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/training.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/heatmap_widget.h"
#include "ui/palette.h"
#include "ui/panels.h"
#include "ui/plot.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

const ScoringKind kTrainKinds[] = {ScoringKind::Additive, ScoringKind::Dot, ScoringKind::ScaledDot,
                                   ScoringKind::General};

ImU32 run_color(int i) {
  return palette::series(i);
}

void settings(TrainingSession& t) {
  ImGui::TextUnformatted("Task: translation (English → Vashi)");
  ImGui::SameLine();
  help_marker(
      "Vashi puts the verb last and each noun before its adjectives, in reverse order: "
      "\"the big red dog chases a small cat\" → \"ta bofa rua oma na miro piti kurat\". "
      "The model is a GRU encoder–decoder; its decoder attends over the English words.");
  ImGui::SetNextItemWidth(12 * ImGui::GetFontSize());
  if (ImGui::BeginCombo("Scoring##train", scoring_name(t.scoring))) {
    for (ScoringKind k : kTrainKinds)
      if (ImGui::Selectable(scoring_name(k), k == t.scoring)) t.scoring = k;
    ImGui::EndCombo();
  }
  test_hook_rect("train.scoring");
  ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
  ImGui::InputInt("Seed##train", &t.seed);
  t.seed = std::clamp(t.seed, 0, 1000000);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
  ImGui::InputFloat("Learning rate", &t.learning_rate, 0, 0, "%.4f");
  t.learning_rate = std::clamp(t.learning_rate, 1e-5f, 0.1f);
  const bool differ =
      t.trainer && (t.trainer->config().seed != static_cast<std::uint64_t>(t.seed) ||
                    t.trainer->config().model.scoring != t.scoring ||
                    t.trainer->config().adam.lr != static_cast<double>(t.learning_rate));
  if (differ) ImGui::TextColored(color_muted(), "New settings apply at Reset.");
}

}  // namespace

void panel_training_controls(App& app) {
  TrainingSession& t = app.training;
  training_ensure(t);
  ImGui::PushID("training");
  if (t.running) {
    if (ImGui::Button("Pause")) t.running = false;
    test_hook_rect("train.pause");
  } else {
    ImGui::BeginDisabled(t.trainer->done());
    if (ImGui::Button("Train")) t.running = true;
    test_hook_rect("train.train");
    ImGui::EndDisabled();
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(t.running || t.trainer->done());
  if (ImGui::Button("Step")) training_step_once(t);
  test_hook_rect("train.step");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Reset")) training_reset(t);
  test_hook_rect("train.reset");
  const models::Trainer& tr = *t.trainer;
  ImGui::Text("step %d / %d · %.0f steps/s · %lld parameters", tr.steps_done(), tr.config().steps,
              t.running ? t.clock.steps_per_second : 0.0, t.trainer->model().parameter_count());
  const double held = training_heldout(t), att = training_attention(t);
  const char* reserve = "held-out exact match 100\u00a0% · attention accuracy 100\u00a0%";
  if (held >= 0)
    status_line(reserve, false,
                "held-out exact match %.0f\u00a0%% · attention accuracy %.0f\u00a0%%", 100 * held,
                100 * att);
  else
    status_line(reserve, true, "held-out accuracy: measured every 10 steps");
  // The target line is there from the start, so meeting it does not move the rows below.
  const char* target_reserve = "90\u00a0% held-out exact match after 1000.0 s of training";
  if (t.first_train_seconds >= 0)
    status_line(target_reserve, false, "90\u00a0%% held-out exact match after %.1f s of training",
                t.first_train_seconds);
  else
    status_line(target_reserve, true, "target: 90\u00a0%% held-out exact match");
  ImGui::PopID();
}

namespace {

void curves(TrainingSession& t) {
  const float w = ImGui::GetContentRegionAvail().x, font = ImGui::GetFontSize();
  const float h = 7 * font;
  int max_step = t.trainer->config().steps;
  for (const FinishedRun& r : t.finished)
    if (!r.curve.empty()) max_step = std::max(max_step, r.curve.back().step);
  const char* titles[] = {"Training loss (log scale, 0.001 … 10)",
                          "Held-out exact match (0 … 100 %)"};
  for (int k = 0; k < 2; ++k) {
    ImGui::TextColored(color_accent(), "%s", titles[k]);
    const PlotBox box = plot_box(w, h);
    auto value = [k](const models::CurvePoint& p) {
      return k == 0 ? plot_log_loss(p.loss) : p.heldout;
    };
    for (std::size_t i = 0; i < t.finished.size(); ++i)
      plot_curve(box, t.finished[i].curve, max_step, value, run_color(static_cast<int>(i) + 1),
                 1.0f * ui_scale());
    plot_curve(box, t.trainer->curve(), max_step, value, run_color(0), 2.0f * ui_scale());
    test_hook_rect(k == 0 ? "train.loss_plot" : "train.accuracy_plot");
  }
  // Legend: the current run, then finished runs with their final held-out accuracy.
  auto legend = [](int i, const std::string& label) { plot_legend(run_color(i), label.c_str()); };
  const auto& cfg = t.trainer->config();
  legend(0, join({"this run: ", scoring_name(cfg.model.scoring), ", seed ",
                  std::to_string(cfg.seed)}));
  for (std::size_t i = 0; i < t.finished.size(); ++i) {
    const FinishedRun& r = t.finished[i];
    double held = -1;
    for (const auto& p : r.curve)
      if (p.heldout >= 0) held = p.heldout;
    std::string label =
        r.label + " (" + std::to_string(r.curve.empty() ? 0 : r.curve.back().step) + " steps";
    if (held >= 0) label += ", " + std::to_string(static_cast<int>(std::lround(100 * held))) + " %";
    legend(static_cast<int>(i) + 1, label + ")");
  }
}

void alignment_heatmap(const char* id, const models::SentenceAttention& sa) {
  if (sa.weights.rows() == 0) {
    ImGui::TextColored(color_muted(), "The model emits no word yet (it stops at once).");
    return;
  }
  HeatmapSpec spec;
  spec.values = &sa.weights;
  spec.row_labels = &sa.output;
  spec.col_labels = &sa.source;
  spec.fixed_range = true;
  spec.lo = 0;
  spec.hi = 1;
  spec.cell_size =
      std::min(2.6f * ImGui::GetFontSize(),
               ImGui::GetContentRegionAvail().x / static_cast<float>(sa.weights.cols() + 3));
  const HeatmapEvent ev = heatmap_widget(id, spec);
  test_hook_rect(std::string(id));
  if (ev.hovered_row >= 0 && ev.hovered_col >= 0) {
    ImGui::BeginTooltip();
    ImGui::PushFont(font_mono());
    ImGui::Text(
        "emitting \"%s\", the decoder puts weight %.3f on \"%s\"\n(softmax of its scores "
        "over the %d English words; the row sums to 1)",
        sa.output[static_cast<std::size_t>(ev.hovered_row)].c_str(),
        sa.weights(ev.hovered_row, ev.hovered_col),
        sa.source[static_cast<std::size_t>(ev.hovered_col)].c_str(),
        static_cast<int>(sa.weights.cols()));
    ImGui::PopFont();
    ImGui::EndTooltip();
  }
}

void open_button(App& app, TrainingSession& t, bool typed) {
  if (ImGui::Button(typed ? "Open in playground##typed" : "Open in playground")) {
    const Decoded<State> s = training_playground_state(t, typed);
    if (s.ok()) {
      app_apply(app, *s.value);
      t.running = false;
    } else {
      app.notice = s.error;
    }
  }
  test_hook_rect(typed ? "train.open_typed" : "train.open_playground");
}

void sentence_view(App& app, TrainingSession& t) {
  const models::Trainer& tr = *t.trainer;
  const int n = static_cast<int>(tr.heldout().size());
  section_title("Alignment of a held-out sentence",
                "Rows: the Vashi words the model emits; columns: the English words. Each row is "
                "the decoder's attention while it emits that word. Trained well, each row "
                "peaks at the English word it translates: not the diagonal.");
  ImGui::SetNextItemWidth(10 * ImGui::GetFontSize());
  if (ImGui::SliderInt("sentence##train", &t.sentence, 0, n - 1)) t.shown_step = -1;
  test_hook_rect("train.sentence");
  const translation::Pair& p = tr.heldout()[static_cast<std::size_t>(t.sentence)];
  mono_text("English:   " + translation::join_words(p.english));
  mono_text("reference: " + translation::join_words(p.vashi));
  const bool right = t.shown.output == p.vashi;
  ImGui::PushFont(font_mono());
  ImGui::TextColored(right ? ImVec4(0.4f, 0.85f, 0.5f, 1) : color_warning(), "model:     %s %s",
                     translation::join_words(t.shown.output).c_str(), right ? "✓" : "✗");
  ImGui::PopFont();
  alignment_heatmap("train.alignment", t.shown);
  open_button(app, t, false);
  ImGui::SameLine();
  help_marker(
      "Loads this sentence's queries (decoder states), keys (encoder states), values "
      "(word embeddings) and the trained scoring parameters at this step into the "
      "playground, where every number can be taken apart. Pauses training.");
}

void typed_view(App& app, TrainingSession& t) {
  section_title("Translate your own sentence",
                "Any sentence DET [ADJ] [ADJ] NOUN VERB DET [ADJ] [ADJ] NOUN in the lexicon. "
                "A word order the model never saw shows its alignment going wrong.");
  char buf[256];
  const std::size_t len = std::min(t.typed.size(), sizeof buf - 1);
  t.typed.copy(buf, len);
  buf[len] = '\0';
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
  if (ImGui::InputText("##typed", buf, sizeof buf)) t.typed = buf;
  test_hook_rect("train.typed");
  if (!t.typed_error.empty()) {
    ImGui::TextColored(color_warning(), "%s", t.typed_error.c_str());
    return;
  }
  mono_text("model: " + translation::join_words(t.typed_result.output));
  alignment_heatmap("train.typed_alignment", t.typed_result);
  open_button(app, t, true);
}

}  // namespace

void panel_training(App& app, bool controls) {
  TrainingSession& t = app.training;
  training_ensure(t);
  section_title("Train a translator",
                "A small encoder–decoder learns English → Vashi from random weights, here in "
                "the page. Its attention becomes the alignment between the two word orders.");
  ImGui::PushID("training");
  settings(t);
  ImGui::PopID();
  if (controls) panel_training_controls(app);
  ImGui::PushID("training");
  curves(t);
  ImGui::Separator();
  sentence_view(app, t);
  ImGui::Separator();
  typed_view(app, t);
  if (app.training.open && ImGui::Button("Close the training view")) app.training.open = false;
  ImGui::Separator();
  ImGui::PopID();
}

}  // namespace ap
