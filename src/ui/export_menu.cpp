// The Export menu; see export_menu.h.
#include "ui/export_menu.h"

#include <string>

#include "app/export_code.h"
#include "app/export_data.h"
#include "app/host.h"
#include "app/png_encode.h"
#include "gfx/colormap.h"
#include "imgui.h"
#include "ui/test_hooks.h"

namespace ap {
namespace {

void offer(App& app, Host& host, const std::string& name, const char* mime,
           const std::string& bytes) {
  if (host.download(name, mime, bytes))
    app.notice = "Saved " + name + ".";
  else
    app.notice = "Could not save " + name + ".";
}

void export_weights_png(App& app, Host& host) {
  const HeadResult& h = app.result.heads[0];
  const int cell = 48;
  const std::vector<std::uint8_t> rgba =
      heatmap_rgba(h.weights, &h.allowed, Colormap::Sequential, 0.0, 1.0, cell);
  const int width = static_cast<int>(h.weights.cols()) * cell;
  const int height = static_cast<int>(h.weights.rows()) * cell;
  offer(app, host, "attention-weights.png", "image/png", png_encode_rgba(width, height, rgba));
}

}  // namespace

void menu_export(App& app, Host& host) {
  const bool open = ImGui::BeginMenu("Export");
  test_hook_rect("menu:export");
  if (!open) return;
  const State& s = app.state;
  if (ImGui::MenuItem("Weights heatmap (PNG)")) export_weights_png(app, host);
  if (ImGui::BeginMenu("Matrix (CSV)")) {
    const HeadResult& h = app.result.heads[0];
    if (ImGui::MenuItem("Raw scores"))
      offer(app, host, "scores.csv", "text/csv",
            export_csv(h.scores, s.query_tokens, s.key_tokens));
    if (ImGui::MenuItem("Weights"))
      offer(app, host, "weights.csv", "text/csv",
            export_csv(h.weights, s.query_tokens, s.key_tokens));
    std::vector<std::string> out_cols;
    for (Eigen::Index c = 0; c < app.result.output.cols(); ++c)
      out_cols.push_back("o" + std::to_string(c + 1));
    if (ImGui::MenuItem("Output"))
      offer(app, host, "output.csv", "text/csv",
            export_csv(app.result.output, s.query_tokens, out_cols));
    ImGui::EndMenu();
  }
  const bool json = ImGui::MenuItem("State and result (JSON)");
  test_hook_rect("menu:export:json");
  if (json) offer(app, host, "attention.json", "application/json", export_json(s, app.result));
  ImGui::Separator();
  if (ImGui::MenuItem("NumPy code (.py)"))
    offer(app, host, "attention_numpy.py", "text/x-python", export_numpy(s));
  if (ImGui::MenuItem("PyTorch code (.py)"))
    offer(app, host, "attention_pytorch.py", "text/x-python", export_pytorch(s));
  ImGui::EndMenu();
}

}  // namespace ap
