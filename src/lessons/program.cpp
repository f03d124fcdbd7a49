// The program's non-UI glue between App, lessons and host; see program.h.
#include "lessons/program.h"

#include "app/app_url.h"
#include "app/host.h"
#include "lessons/lesson_folder.h"
#include "lessons/lesson_lint.h"
#include "state/state.h"

namespace ap {

void program_start_lessons(Program& prog, const std::string& dir, const std::string& hash) {
  LessonSession& s = prog.lessons;
  s.set = lessons_load_dir(dir);
  lessons_keep_lint_errors(s.set);  // a lesson with problems is greyed, never opened
  if (auto saved = prog.host.storage_get(kProgressStorageKey))
    s.progress = progress_from_json(*saved);
  const SplitHash split = url_split(hash);
  // A valid state in the link wins over the step's start (app_init already applied it).
  session_open_link(s, prog.app, split.link, prog.app.started_from_link);
}

void program_follow_link(Program& prog, const std::string& hash) {
  App& app = prog.app;
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
    session_close(prog.lessons);
    if (!split.link.error.empty()) app.notice = split.link.error;
    return;
  }
  session_open_link(prog.lessons, app, split.link, state_used);
}

void program_lessons_frame(Program& prog) {
  LessonSession& s = prog.lessons;
  session_update(s, prog.app);
  if (s.progress_changed) {
    prog.host.storage_set(kProgressStorageKey, progress_to_json(s.progress));
    s.progress_changed = false;
  }
  const std::string status = session_status_text(s);
  if (status != s.announced) {
    s.announced = status;
    if (!status.empty()) prog.host.announce(status);
  }
}

bool program_panel_visible(const Program& prog, Panel panel) {
  return session_panel_visible(prog.lessons, panel_info(panel).id);
}

std::string program_page_hash(const Program& prog) {
  return url_merge(state_to_url(prog.app.state), session_link(prog.lessons));
}

}  // namespace ap
