// The question-answering view: train the memory network of src/models/qa_model.h in the
// page and watch its question find the supporting fact. Seed, Train / Pause / Reset, live
// loss, held-out accuracy and attention accuracy curves, then the story drawn as
// sentences, each with one bar per hop showing that hop's attention weight on it; the
// learner edits the sentences (type, add, remove, move up and down) and the question, and
// the answer and the bars follow. The training itself runs in qa_frame()
// (src/app/qa_session.h), a bounded slice per frame.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/qa_session.h"
#include "core/limits.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/palette.h"
#include "ui/panels.h"
#include "ui/plot.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

// Hop 1 sky blue, hop 2 orange (hop 2's colour also draws the attention accuracy, hop 3's the
// held-out accuracy).
ImU32 hop_color(int k) {
  constexpr ImU32 colors[] = {palette::kSkyBlue, palette::kOrange, palette::kGreen, palette::kPink};
  return colors[static_cast<std::size_t>(k) % (sizeof colors / sizeof colors[0])];
}

void controls(QaSession& s) {
  ImGui::SetNextItemWidth(6 * ImGui::GetFontSize());
  ImGui::InputInt("Seed##qa", &s.seed);
  s.seed = std::clamp(s.seed, 0, 1000000);
  ImGui::SameLine();
  if (s.running) {
    if (ImGui::Button("Pause##qa")) s.running = false;
    test_hook_rect("qa.pause");
  } else {
    ImGui::BeginDisabled(s.trainer->done());
    if (ImGui::Button("Train##qa")) s.running = true;
    test_hook_rect("qa.train");
    ImGui::EndDisabled();
  }
  ImGui::SameLine();
  if (ImGui::Button("Reset##qa")) qa_reset(s);
  test_hook_rect("qa.reset");
  const models::QaTrainer& tr = *s.trainer;
  ImGui::Text("step %d / %d · %lld parameters · %d hops", tr.steps_done(), tr.config().steps,
              tr.model().parameter_count(), tr.config().model.hops);
  const double held = qa_heldout(s), att = qa_attention(s);
  const char* reserve = "held-out accuracy 100\u00a0% · attention accuracy 100\u00a0%";
  if (held >= 0)
    status_line(reserve, false, "held-out accuracy %.0f\u00a0%% · attention accuracy %.0f\u00a0%%",
                100 * held, 100 * att);
  else
    status_line(reserve, true, "held-out accuracy: measured every 10 steps");
}

void curves(QaSession& s) {
  const float w = ImGui::GetContentRegionAvail().x, h = 5 * ImGui::GetFontSize();
  const auto& c = s.trainer->curve();
  const int max_step = s.trainer->config().steps;
  const ImU32 loss_color = palette::kGrey, held_color = hop_color(2), att_color = hop_color(1);
  const PlotBox box = plot_box(w, h);
  const float thick = 2.0f * ui_scale();
  plot_curve(
      box, c, max_step, [](const models::QaCurvePoint& p) { return plot_log_loss(p.loss); },
      loss_color, thick);
  plot_curve(
      box, c, max_step, [](const models::QaCurvePoint& p) { return p.heldout; }, held_color, thick);
  plot_curve(
      box, c, max_step, [](const models::QaCurvePoint& p) { return p.attention; }, att_color,
      thick);
  test_hook_rect("qa.curves");
  plot_legend(loss_color, "training loss (log scale, 0.001 … 10)");
  plot_legend(held_color, "held-out accuracy (0 … 100 %)");
  plot_legend_after(att_color, "attention accuracy");
}

// A bar of `width` filled to `weight`, with the weight written after it.
void weight_bar(float weight, ImU32 color, float width) {
  const float font = ImGui::GetFontSize();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 a(p.x, p.y + font * 0.2f), b(p.x + width, p.y + font * 0.9f);
  dl->AddRectFilled(a, b, IM_COL32(40, 43, 50, 255));
  dl->AddRectFilled(a, ImVec2(a.x + width * std::clamp(weight, 0.0f, 1.0f), b.y), color);
  ImGui::Dummy(ImVec2(width, font));
  ImGui::SameLine();
  ImGui::Text("%.2f", static_cast<double>(weight));
}

void story_view(QaSession& s) {
  section_title("The story",
                "Each sentence is a memory. The question's embedding scores every sentence "
                "(a dot product, softmax over the sentences: the playground's attention) and "
                "reads a weighted sum of them; a second hop asks again with what the first "
                "read. The bars are each hop's weights. Edit, add, remove or move sentences: "
                "the answer and the bars follow.");
  const int n = static_cast<int>(s.story.size());
  const int hops = static_cast<int>(s.prediction.weights.rows());
  const bool have = s.error.empty() && s.prediction.weights.cols() == n;
  const float font = ImGui::GetFontSize();
  const float bar_w = 2.5f * font;
  const float bars_w = static_cast<float>(std::max(hops, 1)) * (bar_w + 2.8f * font);
  int remove = -1, move_from = -1, move_delta = 0;
  for (int i = 0; i < n; ++i) {
    ImGui::PushID(i);
    ImGui::BeginDisabled(i == 0);
    if (ImGui::SmallButton("↑")) move_from = i, move_delta = -1;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(i + 1 == n);
    if (ImGui::SmallButton("↓")) move_from = i, move_delta = 1;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(n <= 1);
    if (ImGui::SmallButton("×")) remove = i;
    ImGui::EndDisabled();
    ImGui::SameLine();
    char buf[kMaxQaTextBytes + 1];
    std::string& text = s.story[static_cast<std::size_t>(i)];
    const std::size_t len = std::min(text.size(), sizeof buf - 1);
    text.copy(buf, len);
    buf[len] = '\0';
    // In a narrow column (a phone) the hops' bars go under the sentence instead of off the
    // right edge: every hop's weight stays readable.
    const float rest = ImGui::GetContentRegionAvail().x;
    const bool bars_below = have && rest - bars_w - 1.5f * font < 11 * font;
    const float sentence_x = ImGui::GetCursorPosX();
    ImGui::SetNextItemWidth(bars_below ? rest : std::max(11 * font, rest - bars_w - 1.5f * font));
    if (ImGui::InputText("##sentence", buf, sizeof buf)) text = buf;
    test_hook_rect("qa.sentence." + std::to_string(i));
    if (bars_below)
      ImGui::SetCursorPosX(sentence_x);
    else
      ImGui::SameLine();
    const bool fact = have && i == s.reference_support;
    // An invisible tick on the other rows keeps every row's bars in one column.
    ImGui::TextColored(fact ? ImVec4(0.4f, 0.85f, 0.5f, 1) : ImVec4(0, 0, 0, 0), "✓");
    if (fact && ImGui::IsItemHovered())
      ImGui::SetTooltip("the supporting fact: the last sentence about the asked name");
    if (have) {
      for (int k = 0; k < hops; ++k) {
        ImGui::SameLine();
        weight_bar(static_cast<float>(s.prediction.weights(k, i)), hop_color(k), bar_w);
      }
      test_hook_rect("qa.bars." + std::to_string(i));  // the last hop's figure
    }
    ImGui::PopID();
  }
  if (remove >= 0) qa_remove_sentence(s, remove);
  if (move_from >= 0) qa_move_sentence(s, move_from, move_delta);
  ImGui::BeginDisabled(n >= kMaxQaSentences);
  if (ImGui::Button("Add a sentence")) qa_add_sentence(s, "Sandra went to the bedroom");
  test_hook_rect("qa.add");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("New story")) qa_new_story(s);
  test_hook_rect("qa.new_story");
  if (hops > 0) {
    ImGui::SameLine();
    for (int k = 0; k < hops; ++k) {
      ImGui::SameLine();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(hop_color(k)), "■ hop %d", k + 1);
    }
  }
  char q[kMaxQaTextBytes + 1];
  const std::size_t qlen = std::min(s.question.size(), sizeof q - 1);
  s.question.copy(q, qlen);
  q[qlen] = '\0';
  ImGui::SetNextItemWidth(16 * font);
  if (ImGui::InputText("Question##qa", q, sizeof q)) s.question = q;
  test_hook_rect("qa.question");
}

void answer_view(const QaSession& s) {
  if (!s.error.empty()) {
    ImGui::TextColored(color_warning(), "%s", s.error.c_str());
    return;
  }
  const models::QaPrediction& p = s.prediction;
  const bool right = p.answer == s.reference_answer;
  ImGui::PushFont(font_mono());
  ImGui::TextColored(right ? ImVec4(0.4f, 0.85f, 0.5f, 1) : color_warning(),
                     "answer: %s (%.0f %%) %s",
                     qa::places()[static_cast<std::size_t>(p.answer)].c_str(),
                     100 * p.probabilities(p.answer), right ? "✓" : "✗");
  ImGui::PopFont();
  test_hook_rect("qa.answer");
  ImGui::TextColored(color_muted(), "the story says: %s (sentence %d)",
                     qa::places()[static_cast<std::size_t>(s.reference_answer)].c_str(),
                     s.reference_support + 1);
}

}  // namespace

void panel_qa_controls(App& app) {
  QaSession& s = app.qa;
  qa_ensure(s);
  ImGui::PushID("qa");
  controls(s);
  ImGui::PopID();
}

void panel_qa(App& app, bool with_controls) {
  QaSession& s = app.qa;
  qa_ensure(s);
  ImGui::PushID("qa");
  section_title("Answer questions about a story",
                "A memory network (task qa): \"where is Mary?\" is answered by attending over "
                "the story's sentences. Each sentence is a bag of word embeddings plus a "
                "learned embedding of how far from the end it is, so the model can prefer the "
                "last sentence about Mary. Trained here, from random weights.");
  if (with_controls) controls(s);
  curves(s);
  ImGui::Separator();
  story_view(s);
  qa_refresh(s);
  answer_view(s);
  if (app.qa.open && ImGui::Button("Close the question-answering view")) app.qa.open = false;
  ImGui::Separator();
  ImGui::PopID();
}

}  // namespace ap
