// Tests of the learner's lesson session: splitting the page hash into state and lesson keys
// and joining it back, the progress JSON (garbage never crashes), goal ticks after a
// solution, step navigation with undo, and the panels a step and a teacher's link hide.
#include <doctest/doctest.h>

#include <string>

#include "app/app_url.h"
#include "lessons/lesson_folder.h"
#include "lessons/lesson_session.h"

namespace {

ap::LessonSession real_lessons() {
  ap::LessonSession s;
  s.set = ap::lessons_load_dir(AP_SOURCE_DIR "/lessons");
  REQUIRE(ap::session_find(s, "masks") >= 0);
  return s;
}

}  // namespace

TEST_CASE("lesson keys are split off the state part of the hash and merged back") {
  ap::App app;
  ap::app_init(app, "");
  const std::string state = ap::state_to_url(app.state);
  const ap::SplitHash split = ap::url_split("lesson=masks&step=2&hide=mask,heads&" + state);
  CHECK(split.state == state);
  CHECK(split.link.lesson == "masks");
  CHECK(split.link.step == 2);
  CHECK(split.link.hide == std::vector<std::string>{"mask", "heads"});
  CHECK(split.link.error.empty());
  CHECK(ap::url_split(ap::url_merge(split.state, split.link)).state == state);
  CHECK(ap::url_merge(split.state, split.link) == "lesson=masks&step=2&hide=mask,heads&" + state);
  CHECK(ap::url_merge(state, ap::LessonLink{}) == state);

  SUBCASE("a hash with only lesson keys leaves no state") {
    const ap::SplitHash only = ap::url_split("lesson=masks&step=1");
    CHECK(only.state.empty());
    CHECK(only.link.step == 1);
  }
  SUBCASE("malformed ids and steps are reported, not kept") {
    for (const char* bad : {"lesson=Masks&step=1", "lesson=a%20b", "lesson=&step=1"}) {
      const ap::SplitHash s = ap::url_split(bad);
      CHECK(s.link.lesson.empty());
      CHECK_FALSE(s.link.error.empty());
    }
    for (const char* bad : {"lesson=masks&step=0", "lesson=masks&step=x", "lesson=masks&step=-1",
                            "lesson=masks&step=99999999999999999999"}) {
      const ap::SplitHash s = ap::url_split(bad);
      CHECK(s.link.step == 0);
      CHECK_FALSE(s.link.error.empty());
    }
  }
}

TEST_CASE("app_init reads the state of a hash that also names a lesson") {
  ap::App app;
  ap::app_init(app, "lesson=masks&step=1&tokens=a,b&Q=1,0;0,1&K=1,0;0,1&V=1,0;0,1");
  CHECK(app.notice.empty());
  CHECK(app.state.query_tokens == std::vector<std::string>{"a", "b"});
}

TEST_CASE("progress survives a JSON round trip and garbage gives empty progress") {
  ap::LessonProgress p;
  p["masks"] = {0, 2};
  p["softmax-temperature"] = {1};
  CHECK(ap::progress_from_json(ap::progress_to_json(p)) == p);
  CHECK(ap::progress_to_json(p).find("\"masks\":[1,3]") != std::string::npos);
  for (const char* junk :
       {"", "null", "[1,2]", "{\"masks\": 3}", "{\"masks\": [\"a\", -1, 1e300, 0]}", "{not json",
        "\xff\xfe", "{\"masks\": [1, 2.5, 1000, 2]}"}) {
    const ap::LessonProgress got = ap::progress_from_json(junk);
    for (const auto& [id, steps] : got)
      for (int step : steps) CHECK((step >= 0 && step < 99));
  }
  CHECK(ap::progress_from_json("{\"masks\": [1, 2.5, 1000, 2]}")["masks"] == std::set<int>{0, 1});
}

TEST_CASE("opening a step applies its start, the solution ticks its goal and completes it") {
  ap::LessonSession s = real_lessons();
  ap::App app;
  ap::app_init(app, "");
  std::string error;
  REQUIRE(ap::session_open(s, app, "masks", 0, true, &error));
  CHECK(error.empty());
  ap::session_update(s, app);
  REQUIRE(s.goals_met.size() == 1);
  CHECK_FALSE(s.goals_met[0]);
  CHECK_FALSE(ap::session_all_met(s));
  CHECK(ap::session_status_text(s).find("Goal 1 of 1 not yet done") != std::string::npos);

  REQUIRE(ap::session_show_me(s, app, 0));
  CHECK(ap::session_update(s, app));
  CHECK(s.goals_met[0]);
  CHECK(s.progress_changed);
  CHECK(s.progress["masks"].count(0) == 1);
  CHECK(ap::session_status_text(s).find("Goal 1 of 1 done") != std::string::npos);
  CHECK_FALSE(ap::session_update(s, app));  // nothing changed: nothing re-evaluated

  SUBCASE("next and previous move between steps, and undo returns the edited state") {
    const ap::State solved = app.state;
    REQUIRE(ap::session_next(s, app));
    CHECK(s.step == 1);
    CHECK(ap::session_link(s).step == 2);
    REQUIRE(ap::session_previous(s, app));
    CHECK(s.step == 0);
    REQUIRE(ap::app_undo(app));
    REQUIRE(ap::app_undo(app));
    CHECK(ap::state_to_url(app.state) == ap::state_to_url(solved));
  }
  SUBCASE("reset returns to the step's start") {
    REQUIRE(ap::session_reset_step(s, app));
    ap::session_update(s, app);
    CHECK_FALSE(s.goals_met[0]);
  }
}

TEST_CASE("a link to an unknown lesson or step gives a notice, never a broken session") {
  ap::LessonSession s = real_lessons();
  ap::App app;
  ap::app_init(app, "");
  ap::LessonLink link;
  link.lesson = "no-such-lesson";
  link.step = 1;
  ap::session_open_link(s, app, link, false);
  CHECK(s.lesson == -1);
  CHECK_FALSE(app.notice.empty());

  app.notice.clear();
  link.lesson = "masks";
  link.step = 42;
  ap::session_open_link(s, app, link, false);
  CHECK(s.step == 0);
  CHECK(ap::session_lesson(s) != nullptr);
  CHECK_FALSE(app.notice.empty());
}

TEST_CASE("panels follow the step's panels block and the link's hide list") {
  ap::LessonSession s = real_lessons();
  CHECK(ap::session_panel_visible(s, "mask"));
  CHECK_FALSE(ap::session_panel_visible(s, "scaling"));
  ap::App app;
  ap::app_init(app, "");
  ap::LessonLink link;
  link.lesson = "masks";
  link.step = 1;
  link.hide = {"inspector"};
  ap::session_open_link(s, app, link, false);
  CHECK(ap::session_panel_visible(s, "mask"));
  CHECK_FALSE(ap::session_panel_visible(s, "tokens"));     // hidden by the step
  CHECK_FALSE(ap::session_panel_visible(s, "inspector"));  // hidden by the link
  CHECK(ap::session_panel_visible(s, "pipeline"));
  CHECK(ap::url_lesson_part(ap::session_link(s)) == "lesson=masks&step=1&hide=inspector");
  ap::session_close(s);
  CHECK(ap::session_panel_visible(s, "inspector"));
  CHECK(ap::url_lesson_part(ap::session_link(s)).empty());
}
