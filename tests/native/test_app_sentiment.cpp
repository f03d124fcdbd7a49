// The sentiment view's session (src/app/sentiment_session.h): frames train in slices up to
// the step count, a typed review is read again when it or the model changes, unknown words
// get weight 0 and are named, and Reset starts the run over from the settings.
#include <doctest/doctest.h>

#include "app/sentiment_session.h"

using namespace ap;

TEST_CASE("the sentiment session trains in frame slices and reads the typed review") {
  SentimentSession s;
  s.steps = 30;
  s.typed = "The superb film was not good";
  sentiment_frame(s);  // makes the run, takes no step while paused
  REQUIRE(s.trainer);
  CHECK(s.trainer->steps_done() == 0);
  CHECK(s.typed_error.empty());
  REQUIRE(s.typed_words.size() == 6);
  CHECK(s.ignored == std::vector<std::string>{"superb"});
  CHECK_FALSE(s.typed_words[1].known);
  CHECK(s.typed_words[1].weight == 0);
  double sum = 0;
  for (const ReadWord& w : s.typed_words) sum += w.weight;
  CHECK(sum == doctest::Approx(1.0));
  const double before = s.reading.p_positive;

  s.running = true;
  int frames = 0;
  while (!s.trainer->done() && frames < 10000) {
    CHECK(sentiment_frame(s) >= 1);
    ++frames;
  }
  CHECK(s.trainer->steps_done() == 30);
  sentiment_frame(s);
  CHECK_FALSE(s.running);
  CHECK(s.typed_step == 30);
  CHECK(s.reading.p_positive != before);  // read again by the trained model
  CHECK(sentiment_heldout(s) >= 0);
  CHECK(sentiment_attention(s) >= 0);

  s.typed = "zebra gnu";
  sentiment_frame(s);
  CHECK(s.typed_error == "no word of the task's vocabulary");
  CHECK(s.ignored.size() == 2);
  s.typed = "   ";
  sentiment_frame(s);
  CHECK(s.typed_error == "type a review");

  s.seed = 4;
  sentiment_reset(s);
  CHECK(s.trainer->steps_done() == 0);
  CHECK(s.trainer->config().seed == 4);
  sentiment_step_once(s);
  CHECK(s.trainer->steps_done() == 1);
}

TEST_CASE(
    "the sentiment session explains the typed review, finds another explanation, takes hand "
    "weights") {
  SentimentSession s;
  s.steps = 40;
  s.typed = "the plot was not good";
  s.running = true;
  while (!s.trainer || !s.trainer->done()) sentiment_frame(s);
  sentiment_frame(s);
  REQUIRE(s.explanation.attention.size() == 5);
  CHECK(s.explanation.grad_x_input.size() == 5);
  CHECK(s.explanation.leave_one_out.size() == 5);
  sentiment_find_other(s);
  CHECK(s.has_other);
  CHECK(s.other.weights.size() == 5);
  sentiment_hand_start(s);
  REQUIRE(s.hand_mode);
  CHECK(s.hand_distance == doctest::Approx(0.0));
  CHECK(s.hand_probability == doctest::Approx(s.reading.probability));
  s.hand_weights = {1, 1, 1, 1, 0};
  sentiment_hand_update(s);
  CHECK(s.hand_weights[0] == doctest::Approx(0.25));
  CHECK(s.hand_distance > 0.3);
  s.typed = "the plot was good";  // a new review ends both
  sentiment_frame(s);
  CHECK_FALSE(s.has_other);
  CHECK_FALSE(s.hand_mode);
}
