// The page's lesson session and its glue to the platform: loading lessons and progress,
// following lesson links, saving progress and announcing step and goal changes to screen
// readers; see lesson_ui.h. Drawing lives in panel_lesson.cpp.
#include "ui/lesson_ui.h"

#include "app/app_url.h"
#include "app/host_services.h"
#include "lessons/lesson_folder.h"
#include "lessons/lesson_lint.h"
#include "state/state.h"

namespace ap {
namespace {

LessonSession g_session;

}  // namespace

LessonSession& lesson_session() {
  return g_session;
}

void lessons_start(App& app, const std::string& dir, const std::string& hash) {
  g_session.set = lessons_load_dir(dir);
  lessons_keep_lint_errors(g_session.set);  // a lesson with problems is greyed, never opened
  if (auto saved = platform_storage_get(kProgressStorageKey))
    g_session.progress = progress_from_json(*saved);
  const SplitHash split = url_split(hash);
  // A valid state in the link wins over the step's start (app_init already applied it).
  session_open_link(g_session, app, split.link, app.started_from_link);
}

void lessons_follow_link(App& app, const std::string& hash) {
  const SplitHash split = url_split(hash);
  bool state_used = false;
  if (!split.state.empty()) {
    Decoded<State> decoded = state_from_url(split.state);
    if (decoded.ok()) {
      state_used = app_apply(app, *decoded.value);
    } else {
      app.notice = "The link could not be read: " + decoded.error;
    }
  }
  if (split.link.lesson.empty()) {
    session_close(g_session);
    if (!split.link.error.empty()) app.notice = split.link.error;
    return;
  }
  session_open_link(g_session, app, split.link, state_used);
}

void lessons_frame(App& app) {
  session_update(g_session, app);
  if (g_session.progress_changed) {
    platform_storage_set(kProgressStorageKey, progress_to_json(g_session.progress));
    g_session.progress_changed = false;
  }
  const std::string status = session_status_text(g_session);
  if (status != g_session.announced) {
    g_session.announced = status;
    if (!status.empty()) platform_announce(status);
  }
}

bool ui_panel_visible(Panel panel) {
  return session_panel_visible(g_session, panel_info(panel).id);
}

std::string lessons_page_hash(const App& app) {
  return url_merge(state_to_url(app.state), session_link(g_session));
}

}  // namespace ap
