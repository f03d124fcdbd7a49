// The sentiment view: train the sentiment model of src/models in the page and watch its
// attention pooling find the words that decide. Seed and learning rate, Train / Pause /
// Step / Reset, live loss and held-out curves (accuracy and attention accuracy), steps per
// second, the parameter count, and a text box: the learner types a review and sees the
// label, its probability and each word on a background that follows its pooling weight
// (words outside the vocabulary are ignored and named). The training itself runs in
// sentiment_frame() (src/app/sentiment_session.h), which app_models_frame calls each frame.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/sentiment_session.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/palette.h"
#include "ui/panels.h"
#include "ui/plot.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

const ImU32 kLossColor = palette::kOrange;
const ImU32 kAccuracyColor = palette::kSkyBlue;
const ImU32 kAttentionColor = palette::kGreen;

void settings(SentimentSession& s) {
  ImGui::TextUnformatted("Task: sentiment (the last clause decides)");
  ImGui::SameLine();
  help_marker(
      "Reviews such as \"honestly the plot was dull but the acting is truly brilliant\": "
      "one clause, two joined by \"and\" (same polarity) or by \"but\" (opposite). The "
      "label is the last clause's: its adjective, flipped by \"not\" or \"never\". The "
      "model reads each word with the two before it (its value), and one learned query "
      "attends over the words; the classifier sees only the weighted sum.");
  ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
  ImGui::InputInt("Seed##sentiment", &s.seed);
  s.seed = std::clamp(s.seed, 0, 1000000);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
  ImGui::InputFloat("Learning rate##sentiment", &s.learning_rate, 0, 0, "%.4f");
  s.learning_rate = std::clamp(s.learning_rate, 1e-5f, 0.1f);
  const bool differ =
      s.trainer && (s.trainer->config().seed != static_cast<std::uint64_t>(s.seed) ||
                    s.trainer->config().adam.lr != static_cast<double>(s.learning_rate));
  if (differ) ImGui::TextColored(color_muted(), "New settings apply at Reset.");
}

void buttons(SentimentSession& s) {
  if (s.running) {
    if (ImGui::Button("Pause##sentiment")) s.running = false;
    test_hook_rect("sentiment.pause");
  } else {
    ImGui::BeginDisabled(s.trainer->done());
    if (ImGui::Button("Train##sentiment")) s.running = true;
    test_hook_rect("sentiment.train");
    ImGui::EndDisabled();
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(s.running || s.trainer->done());
  if (ImGui::Button("Step##sentiment")) sentiment_step_once(s);
  test_hook_rect("sentiment.step");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Reset##sentiment")) sentiment_reset(s);
  test_hook_rect("sentiment.reset");
  const models::SentimentTrainer& tr = *s.trainer;
  ImGui::Text("step %d / %d · %.0f steps/s · %lld parameters", tr.steps_done(), tr.config().steps,
              s.running ? s.clock.steps_per_second : 0.0, tr.model().parameter_count());
  const double held = sentiment_heldout(s), att = sentiment_attention(s);
  const char* reserve = "held-out accuracy 100\u00a0% · attention accuracy 100\u00a0%";
  if (held >= 0)
    status_line(reserve, false, "held-out accuracy %.0f\u00a0%% · attention accuracy %.0f\u00a0%%",
                100 * held, 100 * att);
  else
    status_line(reserve, true, "held-out accuracy: measured every 10 steps");
  // The target line is there from the start, so meeting it does not move the rows below.
  const char* target_reserve = "targets (97\u00a0%, 90\u00a0%) met after 1000.0 s of training";
  if (s.first_target_seconds >= 0)
    status_line(target_reserve, false,
                "targets (97\u00a0%%, 90\u00a0%%) met after %.1f s of training",
                s.first_target_seconds);
  else
    status_line(target_reserve, true,
                "targets: 97\u00a0%% held-out, 90\u00a0%% attention accuracy");
}

// Training loss (log scale, 0.001 … 10) and the held-out accuracies (0 … 1) in one box.
void curves(const SentimentSession& s) {
  const float w = ImGui::GetContentRegionAvail().x, font = ImGui::GetFontSize();
  const int max_step = s.trainer->config().steps;
  const auto& c = s.trainer->curve();
  const PlotBox box = plot_box(w, 7 * font);
  const float thick = 2.0f * ui_scale();
  plot_curve(
      box, c, max_step, [](const models::CurvePoint& p) { return plot_log_loss(p.loss); },
      kLossColor, thick);
  plot_curve(
      box, c, max_step, [](const models::CurvePoint& p) { return p.heldout; }, kAccuracyColor,
      thick);
  plot_curve(
      box, c, max_step, [](const models::CurvePoint& p) { return p.attention; }, kAttentionColor,
      thick);
  test_hook_rect("sentiment.curves");
  plot_legend(kLossColor, "training loss (log scale, 0.001 … 10)");
  plot_legend(kAccuracyColor, "held-out accuracy (0 … 100 %)");
  plot_legend_after(kAttentionColor, "attention accuracy");
}

// Words, each on a background whose strength is its weight; ignored words drawn muted in
// a frame. Wraps at the panel's width. `weights` (known words only) replaces the pooling
// weights when given. Returns the hovered word or −1.
int weighted_words(const SentimentSession& s, const char* id,
                   const std::vector<double>* weights = nullptr) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize(), pad = 0.3f * font, gap = 0.35f * font;
  const float left = ImGui::GetCursorScreenPos().x;
  const float right = left + ImGui::GetContentRegionAvail().x;
  ImVec2 pos = ImGui::GetCursorScreenPos();
  const float line_h = font + 2 * pad + gap;
  int hovered = -1;
  std::size_t known = 0;
  for (std::size_t i = 0; i < s.typed_words.size(); ++i) {
    const ReadWord& rw = s.typed_words[i];
    double weight = rw.weight;
    if (rw.known && weights && known < weights->size()) weight = (*weights)[known];
    known += rw.known ? 1 : 0;
    const ImVec2 size = ImGui::CalcTextSize(rw.word.c_str());
    const float wd = size.x + 2 * pad;
    if (pos.x + wd > right && pos.x > left) pos = ImVec2(left, pos.y + line_h);
    const ImVec2 a = pos, b(pos.x + wd, pos.y + font + 2 * pad);
    if (rw.known) {
      const float t = static_cast<float>(std::clamp(weight, 0.0, 1.0));
      const ImVec4 c(0.12f + 0.88f * t, 0.13f + 0.52f * t, 0.16f - 0.1f * t, 1.0f);
      dl->AddRectFilled(a, b, ImGui::ColorConvertFloat4ToU32(c), 0.25f * font);
      dl->AddText(ImVec2(a.x + pad, a.y + pad),
                  t > 0.55f ? IM_COL32(15, 15, 15, 255) : IM_COL32(235, 235, 235, 255),
                  rw.word.c_str());
    } else {
      dl->AddRect(a, b, IM_COL32(110, 110, 120, 255), 0.25f * font);
      dl->AddText(ImVec2(a.x + pad, a.y + pad), IM_COL32(130, 130, 140, 255), rw.word.c_str());
    }
    if (ImGui::IsMouseHoveringRect(a, b)) hovered = static_cast<int>(i);
    pos.x += wd + gap;
  }
  const float height = s.typed_words.empty() ? 0 : pos.y + line_h - ImGui::GetCursorScreenPos().y;
  ImGui::Dummy(ImVec2(right - left, height));
  test_hook_rect(id);
  if (hovered >= 0 && !weights) {
    const ReadWord& rw = s.typed_words[static_cast<std::size_t>(hovered)];
    ImGui::BeginTooltip();
    if (rw.known)
      ImGui::Text(
          "\"%s\": pooling weight %.3f\n(softmax over the %d known words of the query's "
          "scores; the weights sum to 1)",
          rw.word.c_str(), rw.weight, static_cast<int>(s.reading.words.size()));
    else
      ImGui::Text("\"%s\" is not in the task's vocabulary: ignored (weight 0)", rw.word.c_str());
    ImGui::EndTooltip();
  }
  return hovered;
}

void typed_view(SentimentSession& s) {
  section_title("Type a review",
                "Words outside the task's vocabulary are ignored and named. Each word's "
                "background follows its pooling weight: the share of the weighted sum the "
                "classifier sees that comes from that word.");
  char buf[1024];
  const std::size_t len = std::min(s.typed.size(), sizeof buf - 1);
  s.typed.copy(buf, len);
  buf[len] = '\0';
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
  if (ImGui::InputText("##sentiment_typed", buf, sizeof buf)) s.typed = buf;
  test_hook_rect("sentiment.typed");
  if (ImGui::Button("A held-out review")) {
    const auto& held = s.trainer->heldout();
    if (!held.empty()) {
      const std::size_t i =
          static_cast<std::size_t>(ImGui::GetFrameCount()) % std::min<std::size_t>(held.size(), 50);
      std::string text;
      for (const std::string& w : held[i].words) text += (text.empty() ? "" : " ") + w;
      s.typed = text;
    }
  }
  test_hook_rect("sentiment.example");
  if (!s.typed_error.empty()) {
    ImGui::TextColored(color_warning(), "%s", s.typed_error.c_str());
  } else {
    const models::SentimentReading& r = s.reading;
    ImGui::PushFont(font_mono());
    ImGui::TextColored(r.label == 1 ? ImVec4(0.4f, 0.85f, 0.5f, 1) : ImVec4(0.95f, 0.45f, 0.4f, 1),
                       "%s  (probability %.3f)", sentiment::label_name(r.label), r.probability);
    ImGui::PopFont();
    test_hook_rect("sentiment.label");
  }
  weighted_words(s, "sentiment.words");
  if (!s.ignored.empty()) {
    std::string names;
    for (const std::string& w : s.ignored) names += (names.empty() ? "\"" : ", \"") + w + "\"";
    ImGui::TextColored(color_muted(), "ignored (not in the vocabulary): %s", names.c_str());
  }
}

// Attention against two other measures of importance for the typed review, another set of
// weights that predicts the same, and weights set by hand (issue 11's interpretability).
void explain_view(SentimentSession& s) {
  const models::Explanation& ex = s.explanation;
  if (ex.attention.empty()) return;
  section_title("What do the weights explain?",
                "Attention weights are one answer to \"which words mattered\". Gradient × "
                "input (|∂ log p/∂e · e| of each word's embedding) and leave-one-word-out (how "
                "much the label's probability drops when the word is removed) are two others. "
                "When they rank the words differently, or when very different weights give "
                "the same prediction, the weights alone do not explain the decision. The "
                "published debate: Jain & Wallace (2019), \"Attention is not Explanation\"; "
                "Wiegreffe & Pinter (2019), \"Attention is not not Explanation\"; Serrano & "
                "Smith (2019), \"Is Attention Interpretable?\".");
  std::vector<const ReadWord*> known;
  for (const ReadWord& w : s.typed_words)
    if (w.known) known.push_back(&w);
  // The tools first, so that they stay on the first screen when the review is long.
  // Wrapped: at 1280 px the line is wider than the model column.
  ImGui::TextWrapped(
      "rank correlation (Spearman): attention–gradient %.2f · attention–leave-one-out "
      "%.2f · gradient–leave-one-out %.2f",
      ex.rank_attention_gradient, ex.rank_attention_leave_one_out, ex.rank_gradient_leave_one_out);
  if (ImGui::Button("Find another explanation")) sentiment_find_other(s);
  test_hook_rect("sentiment.find_other");
  const char* hand = s.hand_mode ? "Reset hand weights" : "Set the weights by hand";
  same_line_if_fits(button_width(hand));
  if (ImGui::Button(hand)) sentiment_hand_start(s);
  test_hook_rect("sentiment.hand");
  if (ImGui::BeginTable("##explain", 4,
                        ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("word");
    ImGui::TableSetupColumn("attention");
    ImGui::TableSetupColumn("gradient × input");
    ImGui::TableSetupColumn("leave one out");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < known.size() && i < ex.attention.size(); ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(known[i]->word.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", ex.attention[i]);
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", ex.grad_x_input[i]);
      ImGui::TableNextColumn();
      // A change that rounds to zero reads "+0.000", never "-0.000".
      const double change = ex.leave_one_out[i];
      ImGui::Text("%+.3f", std::abs(change) < 0.0005 ? 0.0 : change);
    }
    ImGui::EndTable();
  }
  test_hook_rect("sentiment.explain");
  if (s.has_other) {
    ImGui::Text(
        "Other weights: Jensen–Shannon distance %.2f from the learned ones, %s with "
        "probability %.3f (learned: %.3f)",
        s.other.distance, sentiment::label_name(ex.label), s.other.probability, ex.probability);
    weighted_words(s, "sentiment.other_words", &s.other.weights);
  }
  if (s.hand_mode) {
    bool changed = false;
    for (std::size_t i = 0; i < known.size() && i < s.hand_weights.size(); ++i) {
      float w = static_cast<float>(s.hand_weights[i]);
      ImGui::SetNextItemWidth(10 * ImGui::GetFontSize());
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::SliderFloat(known[i]->word.c_str(), &w, 0.0f, 1.0f, "%.3f")) {
        s.hand_weights[i] = w;
        changed = true;
      }
      ImGui::PopID();
    }
    if (changed) sentiment_hand_update(s);
    ImGui::Text("By hand (normalised to sum 1): distance %.2f, %s with probability %.3f",
                s.hand_distance, sentiment::label_name(ex.label), s.hand_probability);
    weighted_words(s, "sentiment.hand_words", &s.hand_weights);
  }
}

}  // namespace

void panel_sentiment_controls(App& app) {
  SentimentSession& s = app.sentiment;
  sentiment_ensure(s);
  ImGui::PushID("sentiment");
  buttons(s);
  ImGui::PopID();
}

void panel_sentiment(App& app, bool controls) {
  SentimentSession& s = app.sentiment;
  sentiment_ensure(s);
  ImGui::PushID("sentiment");
  section_title("Train a sentiment reader",
                "A small model learns, from random weights and here in the page, to label "
                "short reviews. Its attention pooling learns which words decide.");
  settings(s);
  if (controls) buttons(s);
  curves(s);
  ImGui::Separator();
  typed_view(s);
  ImGui::Separator();
  explain_view(s);
  if (s.open && ImGui::Button("Close the sentiment view")) s.open = false;
  ImGui::Separator();
  ImGui::PopID();
}

}  // namespace ap
