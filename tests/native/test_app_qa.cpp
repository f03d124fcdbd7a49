// The question-answering session (src/app/qa_session.h): the page's story edits keep the
// story within the limits, the prediction follows every edit (a reordered story moves the
// supporting fact and the answer), errors name the sentence, and training in time slices
// reaches the run's step count with the story answered as the reference says.
#include <doctest/doctest.h>

#include "app/qa_session.h"
#include "core/limits.h"

using namespace ap;

TEST_CASE("qa session: edits keep the story within the limits and the prediction follows") {
  QaSession s;
  qa_ensure(s);
  REQUIRE(s.trainer);
  qa_refresh(s);
  REQUIRE(s.error.empty());
  CHECK(s.reference_answer == qa::place_index("garden"));
  CHECK(s.reference_support == 2);
  REQUIRE(s.prediction.weights.rows() == 2);
  REQUIRE(s.prediction.weights.cols() == 4);
  // Moving sentence 3 (Mary, garden) above sentence 1 (Mary, kitchen) makes the kitchen
  // the answer and sentence 1 the supporting fact.
  CHECK(qa_move_sentence(s, 2, -1));
  CHECK(qa_move_sentence(s, 1, -1));
  CHECK(s.story[0] == "Mary travelled to the garden");
  qa_refresh(s);
  CHECK(s.reference_answer == qa::place_index("kitchen"));
  CHECK(s.reference_support == 1);
  CHECK_FALSE(qa_move_sentence(s, 0, -1));
  CHECK_FALSE(qa_move_sentence(s, 3, 1));
  // Adding stops at the limit; removing keeps one sentence.
  while (qa_add_sentence(s, "Daniel went to the office")) {
  }
  CHECK(static_cast<int>(s.story.size()) == kMaxQaSentences);
  qa_refresh(s);
  CHECK(s.prediction.weights.cols() == kMaxQaSentences);
  while (qa_remove_sentence(s, 0)) {
  }
  CHECK(s.story.size() == 1);
  CHECK_FALSE(qa_remove_sentence(s, 0));
  // A bad sentence or question names the problem and there is no prediction.
  s.story = {"Mary went to the kitchen", "Bob went to the office"};
  qa_refresh(s);
  CHECK(s.error == "sentence 2: unknown name \"Bob\" (Mary, John, Sandra or Daniel)");
  CHECK(s.prediction.answer == -1);
  s.story[1] = "John went to the office";
  s.question = "where is Sandra";
  qa_refresh(s);
  CHECK(s.error == "the story says nothing about Sandra");
  s.question = "where is John";
  qa_refresh(s);
  CHECK(s.error.empty());
  CHECK(s.reference_answer == qa::place_index("office"));
  // New stories are generated ones: they parse and have a question about a name in them.
  for (int i = 0; i < 20; ++i) {
    qa_new_story(s);
    qa_refresh(s);
    CHECK(s.error.empty());
  }
}

TEST_CASE("qa session: training in slices reaches the step count and answers the story") {
  QaSession s;
  s.clock.min_seconds = s.clock.max_seconds = 0.0;  // one step per frame
  qa_ensure(s);
  qa_frame(s);
  CHECK(s.trainer->steps_done() == 0);  // not running
  s.running = true;
  int frames = 0;
  while (s.running && frames < 100000) {
    qa_frame(s);
    ++frames;
  }
  CHECK(s.trainer->done());
  CHECK(frames == s.trainer->config().steps);
  CHECK(qa_heldout(s) >= 0.97);
  CHECK(qa_attention(s) >= 0.95);
  // The default story: Mary's last sentence is the third; the last hop peaks there.
  REQUIRE(s.error.empty());
  CHECK(s.prediction.answer == s.reference_answer);
  Eigen::Index best = 0;
  s.prediction.weights.row(1).maxCoeff(&best);
  CHECK(best == s.reference_support);
  qa_reset(s);
  CHECK(s.trainer->steps_done() == 0);
  CHECK_FALSE(s.running);
}
