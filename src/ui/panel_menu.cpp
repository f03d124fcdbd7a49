// The menu bar (Edit, Examples, Lessons, Share, Export, Help; on a phone all inside one menu) and
// the notice line under it. Exports build their bytes with src/app/export_*.h and hand them to the
// platform's download.
#include <cmath>

#include "app/edits.h"
#include "app/host.h"
#include "app/presets.h"
#include "imgui.h"
#include "ui/export_menu.h"
#include "ui/panels.h"
#include "ui/test_hooks.h"
#include "ui/widgets.h"

namespace ap {
namespace {

void menu_edit(App& app) {
  if (!ImGui::BeginMenu("Edit")) return;
  if (ImGui::MenuItem("Undo", "Ctrl+Z", false, !app.undo_stack.empty())) app_undo(app);
  if (ImGui::MenuItem("Redo", "Ctrl+Y", false, !app.redo_stack.empty())) app_redo(app);
  ImGui::Separator();
  if (ImGui::MenuItem("Reset to the first example")) app_apply(app, state_default());
  ImGui::EndMenu();
}

void menu_examples(App& app) {
  if (!ImGui::BeginMenu("Examples")) return;
  for (std::size_t i = 0; i < presets().size(); ++i) {
    if (ImGui::MenuItem(presets()[i].name)) app_apply(app, preset_state(i));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", presets()[i].description);
  }
  ImGui::EndMenu();
}

void menu_share(Program& prog) {
  App& app = prog.app;
  const bool open = ImGui::BeginMenu("Share");
  test_hook_rect("menu:share");
  if (!open) return;
  const bool copy = ImGui::MenuItem("Copy link to this example");
  test_hook_rect("menu:share:link");
  if (copy) {
    prog.host.set_hash(program_page_hash(prog));
    prog.host.copy_text(prog.host.page_url());
    app.notice = "Link copied: opening it restores exactly this example.";
  }
  ImGui::EndMenu();
}

void menu_models(App& app) {
  const bool open = ImGui::BeginMenu("Models");
  test_hook_rect("menu:models");
  if (!open) return;
  if (ImGui::MenuItem("Train a translator (English → Vashi)", nullptr, app.training.open))
    app.training.open = !app.training.open;
  test_hook_rect("menu:models:translation");
  if (ImGui::MenuItem("Answer questions about a story (memory network)", nullptr, app.qa.open))
    app.qa.open = !app.qa.open;
  test_hook_rect("menu:models:qa");
  if (ImGui::MenuItem("Caption an image (attention over patches)", nullptr, app.captioning.open))
    app.captioning.open = !app.captioning.open;
  test_hook_rect("menu:models:captioning");
  if (ImGui::MenuItem("Train a transformer (induction heads)", nullptr, app.induction.open))
    app.induction.open = !app.induction.open;
  test_hook_rect("menu:models:induction");
  if (ImGui::MenuItem("Train a sentiment reader", nullptr, app.sentiment.open))
    app.sentiment.open = !app.sentiment.open;
  test_hook_rect("menu:models:sentiment");
  if (ImGui::MenuItem("The cost of attention (scale lab)", nullptr, app.scale.open))
    app.scale.open = !app.scale.open;
  test_hook_rect("menu:models:scale");
  ImGui::EndMenu();
}

void menu_help() {
  if (!ImGui::BeginMenu("Help")) return;
  ImGui::TextUnformatted("Drag a matrix cell sideways to change it; double-click to type.");
  ImGui::TextUnformatted("Hover any heatmap cell to see its arithmetic.");
  ImGui::TextUnformatted("Click a row label in the pipeline to inspect that query.");
  ImGui::TextUnformatted("Ctrl+Z undo · Ctrl+Y redo · Tab / arrows move between controls.");
  ImGui::TextUnformatted("The whole example lives in the page address: share it.");
  ImGui::EndMenu();
}

}  // namespace

void panel_menu_bar(Program& prog) {
  App& app = prog.app;
  if (!ImGui::BeginMenuBar()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, color_accent());
  ImGui::TextUnformatted("Attention Playground");
  ImGui::PopStyleColor();
  ImGui::Spacing();
  // A phone has no room for six menus in a row: one menu holds them.
  const bool compact = ui_compact();
  const bool open = !compact || ImGui::BeginMenu("≡ Menu");
  test_hook_rect("menu:compact");  // test hook
  if (open) {
    menu_edit(app);
    menu_examples(app);
    panel_lesson_menu(prog);
    menu_models(app);
    menu_share(prog);
    menu_export(app, prog.host);
    menu_help();
    if (compact) ImGui::EndMenu();
  }
  ImGui::EndMenuBar();
}

void panel_notice(App& app) {
  if (app.notice.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, color_warning());
  ImGui::TextWrapped("%s", app.notice.c_str());
  ImGui::PopStyleColor();
  ImGui::SameLine();
  if (ImGui::SmallButton("Dismiss")) app.notice.clear();
}

}  // namespace ap
