// The model and fact tables of model_facts.h. To add a fact: one row in kFacts (name,
// type, the phrase messages use, a reader); lessons/README.md lists them for teachers.
// [SECTION] helpers · per-model readers · kModels · kFacts · lookups
#include "app/model_facts.h"

#include <algorithm>
#include <cmath>

#include "core/limits.h"
#include "models/captioning_data.h"
#include "models/qa_data.h"
#include "models/sentiment_data.h"
#include "models/translation.h"

namespace ap {

// ---------------------------------------------------------------------------------------
// [SECTION] helpers
// ---------------------------------------------------------------------------------------

FactValue fact_number(double x) {
  FactValue v;
  v.known = std::isfinite(x);
  v.number = x;
  if (!v.known) v.missing = "the value is not a finite number";
  return v;
}

FactValue fact_word(const std::string& w) {
  FactValue v;
  v.known = true;
  v.word = w;
  return v;
}

FactValue fact_missing(const std::string& why) {
  FactValue v;
  v.missing = why;
  return v;
}

namespace {

FactValue yes_no(bool b) {
  return fact_word(b ? "yes" : "no");
}

// A held-out figure the trainer measures every few steps (−1 until the first).
FactValue measured(double x) {
  return x >= 0 ? fact_number(x) : fact_missing("not measured yet: train a few more steps");
}

// The best score of a head in `layer` (−1: the last layer) at the last quick evaluation:
// previous-token when `previous`, else induction.
FactValue induction_best_score(const InductionSession& s, int layer, bool previous) {
  const models::InductionEval* e = induction_last_eval(s);
  if (!e) return measured(-1);
  const models::TransformerConfig& mc = s.trainer->model().config();
  const int l = layer < 0 ? mc.layers - 1 : layer;
  const std::vector<double>& v = previous ? e->previous_token : e->induction;
  double best = 0;
  for (int h = 0; h < mc.heads; ++h)
    best = std::max(best, v[static_cast<std::size_t>(l) * static_cast<std::size_t>(mc.heads) +
                            static_cast<std::size_t>(h)]);
  return fact_number(best);
}

// The index of the largest entry (the first of equal ones), or −1 when empty.
int argmax(const std::vector<double>& v) {
  if (v.empty()) return -1;
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

// ---------------------------------------------------------------------------------------
// [SECTION] translation (training.h)
// ---------------------------------------------------------------------------------------

void translation_refresh(App& a) {
  TrainingSession& t = a.training;
  const bool running = t.running;
  t.running = false;  // a frame that refreshes the views without training
  training_frame(t);
  t.running = running;
}

FactValue translation_typed_reference(const TrainingSession& t, translation::Pair* ref) {
  if (!t.typed_error.empty()) return fact_missing("the typed sentence: " + t.typed_error);
  std::string error;
  if (!translation::translate(translation::split_words(t.typed_seen), ref, &error))
    return fact_missing("the typed sentence has no reference translation (" + error + ")");
  return fact_word("");
}

// How well the typed sentence's words are aligned, for any word order: each noun,
// adjective and verb that occurs once in the sentence is credited when exactly one emitted
// word translates it and that word's attention peaks (uniquely) at it. Words emitted for no
// English word of the sentence, or emitted twice, count against it: the share is the
// credited words over the larger of the sentence's and the translation's content words.
FactValue translation_typed_alignment(const App& a) {
  const TrainingSession& t = a.training;
  if (!t.typed_error.empty()) return fact_missing("the typed sentence: " + t.typed_error);
  const models::SentenceAttention& r = t.typed_result;
  const auto& lex = translation::lexicon();
  auto content = [&](int row) {
    return row >= 0 && lex[static_cast<std::size_t>(row)].cls != translation::WordClass::Determiner;
  };
  int source_words = 0;
  for (const std::string& w : r.source)
    if (content(translation::english_index(w)) &&
        std::count(r.source.begin(), r.source.end(), w) == 1)
      ++source_words;
  int emitted = 0, right = 0;
  std::vector<bool> credited(r.source.size(), false);
  for (std::size_t i = 0; i < r.output.size(); ++i) {
    const int v = translation::vashi_index(r.output[i]);
    if (!content(v)) continue;
    const std::string english = lex[static_cast<std::size_t>(v)].english;
    const auto count = std::count(r.source.begin(), r.source.end(), english);
    if (count > 1) continue;  // a word that occurs twice has no one place to attend to
    ++emitted;
    const auto at = std::find(r.source.begin(), r.source.end(), english) - r.source.begin();
    const auto row = static_cast<Eigen::Index>(i);
    if (count == 1 && !credited[static_cast<std::size_t>(at)] && row < r.weights.rows() &&
        at < r.weights.cols() && models::unique_argmax(r.weights, row) == at) {
      credited[static_cast<std::size_t>(at)] = true;
      ++right;
    }
  }
  const int scored = std::max(source_words, emitted);
  if (scored == 0) return fact_missing("the sentence has no noun, adjective or verb to score");
  return fact_number(static_cast<double>(right) / scored);
}

// ---------------------------------------------------------------------------------------
// [SECTION] sentiment (sentiment_session.h)
// ---------------------------------------------------------------------------------------

void sentiment_refresh(App& a) {
  SentimentSession& s = a.sentiment;
  const bool running = s.running;
  s.running = false;
  sentiment_frame(s);
  s.running = running;
}

// The typed review's reading, or why there is none.
FactValue review_missing(const SentimentSession& s) {
  if (!s.typed_error.empty()) return fact_missing("the typed review: " + s.typed_error);
  if (s.reading.words.empty()) return fact_missing("the typed review has not been read yet");
  return fact_word("");
}

template <typename F>
FactValue with_review(const App& a, F f) {
  const FactValue missing = review_missing(a.sentiment);
  return missing.known ? f(a.sentiment) : missing;
}

// The known word with the largest entry of `values` (one per known word).
FactValue top_known_word(const SentimentSession& s, const std::vector<double>& values) {
  const int i = argmax(values);
  if (i < 0 || i >= static_cast<int>(s.reading.words.size()))
    return fact_missing("the typed review has no known word");
  return fact_word(s.reading.words[static_cast<std::size_t>(i)]);
}

FactValue review_expected(const SentimentSession& s) {
  sentiment::Review review;
  std::string error;
  if (!sentiment::parse(translation::split_words(s.typed_seen), &review, &error))
    return fact_missing("the typed review does not follow the task's grammar (" + error + ")");
  return fact_word(sentiment::label_name(review.label));
}

// The vocabulary class of a word as a fact: positive_adjective, negator, …
const char* class_name(sentiment::WordClass c) {
  switch (c) {
    case sentiment::WordClass::PositiveAdjective:
      return "positive_adjective";
    case sentiment::WordClass::NegativeAdjective:
      return "negative_adjective";
    case sentiment::WordClass::Negator:
      return "negator";
    case sentiment::WordClass::Intensifier:
      return "intensifier";
    case sentiment::WordClass::Subject:
      return "subject";
    case sentiment::WordClass::Determiner:
      return "determiner";
    case sentiment::WordClass::Verb:
      return "verb";
    case sentiment::WordClass::Opener:
      return "opener";
    case sentiment::WordClass::Conjunction:
      return "conjunction";
  }
  return "unknown";
}

sentiment::WordClass word_class(const std::string& word) {
  const int i = sentiment::word_index(word);
  return i < 0 ? sentiment::WordClass::Conjunction
               : sentiment::vocabulary()[static_cast<std::size_t>(i)].cls;
}

// Whether a negator comes before the most-attended word in its clause (since the last
// "and" or "but"), whatever the model makes of it.
FactValue top_word_negated(const SentimentSession& s) {
  const int top = argmax(s.explanation.attention);
  if (top < 0 || top >= static_cast<int>(s.reading.words.size()))
    return fact_missing("the typed review has no known word");
  for (int i = top - 1; i >= 0; --i) {
    const sentiment::WordClass c = word_class(s.reading.words[static_cast<std::size_t>(i)]);
    if (c == sentiment::WordClass::Conjunction) break;
    if (c == sentiment::WordClass::Negator) return yes_no(true);
  }
  return yes_no(false);
}

FactValue other_missing() {
  return fact_missing("press Find another explanation first");
}
FactValue hand_missing() {
  return fact_missing("press Set the weights by hand first");
}

// ---------------------------------------------------------------------------------------
// [SECTION] question answering (qa_session.h)
// ---------------------------------------------------------------------------------------

template <typename F>
FactValue with_answer(const App& a, F f) {
  const QaSession& s = a.qa;
  if (!s.error.empty()) return fact_missing("the story: " + s.error);
  if (s.prediction.answer < 0 || s.prediction.weights.rows() == 0)
    return fact_missing("the story has not been read yet");
  return f(s);
}

// The 1-based sentence hop `hop` (−1: the last) attends to most.
FactValue hop_top(const QaSession& s, int hop) {
  const Eigen::Index k = hop < 0 ? s.prediction.weights.rows() - 1 : hop;
  if (k >= s.prediction.weights.rows()) return fact_missing("the model has no such hop");
  Eigen::Index best = 0;
  s.prediction.weights.row(k).maxCoeff(&best);
  return fact_number(static_cast<double>(best + 1));
}

// ---------------------------------------------------------------------------------------
// [SECTION] scale lab (scale_lab.h)
// ---------------------------------------------------------------------------------------

constexpr double kFrameSeconds = 1.0 / 60;

// The largest n whose dense measurement finished, or why there is none.
int scale_dense_done_n(const ScaleLab& lab) {
  int best = -1;
  for (int n : scale_lab_sizes())
    if (const ScaleRow* r = scale_lab_row(lab, n, ScalePath::Dense);
        r && r->status == ScaleRow::Status::Done)
      best = n;
  return best;
}
FactValue scale_largest_dense(const ScaleLab& lab) {
  const int n = scale_dense_done_n(lab);
  return n > 0 ? fact_number(n) : fact_missing("not measured yet: dense has not finished an n");
}
FactValue scale_dense_ms(const ScaleLab& lab) {
  const int n = scale_dense_done_n(lab);
  if (n <= 0) return fact_missing("not measured yet: dense has not finished an n");
  return fact_number(1000 * scale_lab_row(lab, n, ScalePath::Dense)->seconds);
}

// ---------------------------------------------------------------------------------------
// [SECTION] captioning (captioning_session.h)
// ---------------------------------------------------------------------------------------

void captioning_refresh_now(App& a) {
  const bool running = a.captioning.running;
  a.captioning.running = false;
  captioning_frame(a.captioning);
  a.captioning.running = running;
}

captioning::Scene shown_scene(const CaptioningSession& s) {
  return captioning::make_scene(s.objects[0], s.objects[1]);
}

// Whether the attention of the model's word t peaks (uniquely) at the patch of the object
// the reference caption's word t describes; −1 when that word names no object (a, above, …)
// or t is past the caption.
int word_on_object(const CaptioningSession& s, std::size_t t) {
  const std::vector<int> targets = captioning::caption_targets(shown_scene(s));
  if (t >= targets.size() || targets[t] < 0) return -1;
  if (t >= s.result.words.size()) return 0;
  return models::unique_argmax(s.result.weights, static_cast<Eigen::Index>(t)) == targets[t] ? 1
                                                                                             : 0;
}

// The shown (hovered) word's position, or a missing value.
FactValue shown_word_missing(const CaptioningSession& s) {
  if (s.result.words.empty()) return fact_missing("the model's caption is empty");
  return fact_word("");
}

// ---------------------------------------------------------------------------------------
// [SECTION] kModels: one row per model a lesson can train
// ---------------------------------------------------------------------------------------

template <typename Session>
int run_steps(const Session& s) {
  return s.trainer ? s.trainer->steps_done() : -1;
}

const std::vector<ModelInfo> kModels = {
    {"translation", "the training view (Train a translator)",
     [](const App& a) { return run_steps(a.training); },
     [](const App& a) { return a.training.steps; },
     [](App& a, int steps) {
       training_ensure(a.training);
       while (a.training.trainer->steps_done() < steps && !a.training.trainer->done())
         a.training.trainer->step();
       translation_refresh(a);
     },
     [](App& a) {
       training_ensure(a.training);
       a.training.running = true;
     },
     [](App& a) { a.training.typed = TrainingSession{}.typed; },
     [](App& a, const std::string& text) {
       a.training.typed = text;
       translation_refresh(a);
     }},
    {"sentiment", "the sentiment view (Train a sentiment reader)",
     [](const App& a) { return run_steps(a.sentiment); },
     [](const App& a) { return a.sentiment.steps; },
     [](App& a, int steps) {
       sentiment_ensure(a.sentiment);
       while (a.sentiment.trainer->steps_done() < steps && !a.sentiment.trainer->done())
         a.sentiment.trainer->step();
       sentiment_refresh(a);
     },
     [](App& a) {
       sentiment_ensure(a.sentiment);
       a.sentiment.running = true;
     },
     [](App& a) {
       a.sentiment.typed = SentimentSession{}.typed;
       sentiment_refresh(a);
       a.sentiment.has_other = a.sentiment.hand_mode = false;
     },
     [](App& a, const std::string& text) {
       a.sentiment.typed = text;
       sentiment_refresh(a);
     }},
    {"qa", "the question-answering view (Answer questions about a story)",
     [](const App& a) { return run_steps(a.qa); },
     [](const App&) { return models::QaTrainConfig{}.steps; },
     [](App& a, int steps) {
       qa_ensure(a.qa);
       while (a.qa.trainer->steps_done() < steps && !a.qa.trainer->done()) a.qa.trainer->step();
       qa_refresh(a.qa);
     },
     [](App& a) {
       qa_ensure(a.qa);
       a.qa.running = true;
     },
     [](App& a) {
       const QaSession fresh;
       a.qa.story = fresh.story;
       a.qa.question = fresh.question;
       qa_refresh(a.qa);
     },
     [](App& a, const std::string& text) {
       a.qa.question = text;
       qa_refresh(a.qa);
     }},
    {"induction", "the induction view (Train a transformer)",
     [](const App& a) { return run_steps(a.induction); },
     [](const App& a) { return a.induction.steps; },
     [](App& a, int steps) {
       induction_ensure(a.induction);
       while (a.induction.trainer->steps_done() < steps && !a.induction.trainer->done())
         a.induction.trainer->step();
       const bool running = a.induction.running;
       a.induction.running = false;
       induction_frame(a.induction);
       a.induction.running = running;
     },
     [](App& a) {
       induction_ensure(a.induction);
       a.induction.running = true;
     },
     [](App&) {}, nullptr},
    // The scale lab: a "step" is a measured n; Train measures every size up to N.
    {"scale", "the scale lab (Models → The cost of attention)",
     [](const App& a) { return scale_lab_largest_measured_n(a.scale); },
     [](const App&) { return kScaleLabMaxTokens; },
     [](App& a, int n) {
       scale_lab_set_n(a.scale, std::max(n, a.scale.target_n));
       scale_lab_finish(a.scale);
     },
     [](App& a) { scale_lab_start(a.scale); },
     [](App& a) {
       scale_lab_set_pattern(a.scale, scale_lab_default_pattern());
       scale_lab_finish(a.scale);
     },
     nullptr, [](App& a, int n) { scale_lab_set_n(a.scale, std::max(n, a.scale.target_n)); },
     "the scale lab has measured nothing yet: raise n in the scale lab"},
    {"captioning", "the captioning view (Caption an image)",
     [](const App& a) { return run_steps(a.captioning); },
     [](const App& a) {
       return a.captioning.trainer ? a.captioning.trainer->config().steps
                                   : models::CaptioningTrainConfig{}.steps;
     },
     [](App& a, int steps) {
       captioning_ensure(a.captioning);
       while (a.captioning.trainer->steps_done() < steps && !a.captioning.trainer->done())
         a.captioning.trainer->step();
       captioning_refresh_now(a);
     },
     [](App& a) {
       captioning_ensure(a.captioning);
       a.captioning.running = true;
     },
     [](App& a) {
       const CaptioningSession fresh;
       a.captioning.objects = fresh.objects;
       a.captioning.noise_seed = fresh.noise_seed;
       a.captioning.word = fresh.word;
       captioning_refresh_now(a);
     },
     nullptr},
};

// ---------------------------------------------------------------------------------------
// [SECTION] kFacts: one row per fact (name, type, phrase, reader)
// ---------------------------------------------------------------------------------------

using T = FactType;
const std::vector<ModelFactInfo> kFacts = {
    // translation: held-out figures, and the sentence typed under "Translate your own".
    {"translation.steps", T::Number, "translation training steps",
     [](const App& a) { return fact_number(run_steps(a.training)); }},
    {"translation.exact", T::Number, "translation held-out exact match",
     [](const App& a) { return measured(training_heldout(a.training)); }},
    {"translation.alignment", T::Number, "translation held-out alignment accuracy",
     [](const App& a) { return measured(training_attention(a.training)); }},
    {"translation.scoring", T::Word, "the translator's scoring",
     [](const App& a) {
       return fact_word(scoring_name(a.training.trainer->config().model.scoring));
     }},
    {"translation.typed_grammatical", T::Word, "typed sentence in the task's grammar",
     [](const App& a) {
       translation::Pair ref;
       std::string error;
       return yes_no(
           translation::translate(translation::split_words(a.training.typed_seen), &ref, &error));
     }},
    {"translation.typed_correct", T::Word, "typed sentence translated right",
     [](const App& a) {
       translation::Pair ref;
       const FactValue missing = translation_typed_reference(a.training, &ref);
       return missing.known ? yes_no(a.training.typed_result.output == ref.vashi) : missing;
     }},
    {"translation.typed_alignment", T::Number, "the typed sentence's alignment accuracy",
     translation_typed_alignment},
    {"translation.typed_output", T::Word, "the typed sentence's translation",
     [](const App& a) {
       if (!a.training.typed_error.empty())
         return fact_missing("the typed sentence: " + a.training.typed_error);
       return fact_word(translation::join_words(a.training.typed_result.output));
     }},

    // sentiment: held-out figures, the typed review and the interpretability tools.
    {"sentiment.steps", T::Number, "sentiment training steps",
     [](const App& a) { return fact_number(run_steps(a.sentiment)); }},
    {"sentiment.accuracy", T::Number, "sentiment held-out accuracy",
     [](const App& a) { return measured(sentiment_heldout(a.sentiment)); }},
    {"sentiment.attention", T::Number, "sentiment attention accuracy",
     [](const App& a) { return measured(sentiment_attention(a.sentiment)); }},
    {"sentiment.label", T::Word, "the typed review's label",
     [](const App& a) {
       return with_review(a, [](const SentimentSession& s) {
         return fact_word(sentiment::label_name(s.reading.label));
       });
     }},
    {"sentiment.probability", T::Number, "the probability of the typed review's label",
     [](const App& a) {
       return with_review(
           a, [](const SentimentSession& s) { return fact_number(s.reading.probability); });
     }},
    {"sentiment.top_word", T::Word, "the word with the largest pooling weight",
     [](const App& a) {
       return with_review(
           a, [](const SentimentSession& s) { return top_known_word(s, s.explanation.attention); });
     }},
    {"sentiment.top_weight", T::Number, "the largest pooling weight",
     [](const App& a) {
       return with_review(a, [](const SentimentSession& s) {
         return fact_number(
             *std::max_element(s.explanation.attention.begin(), s.explanation.attention.end()));
       });
     }},
    {"sentiment.top_word_class", T::Word, "the class of the most-attended word",
     [](const App& a) {
       return with_review(a, [](const SentimentSession& s) {
         const FactValue top = top_known_word(s, s.explanation.attention);
         return top.known ? fact_word(class_name(word_class(top.word))) : top;
       });
     }},
    {"sentiment.top_word_negated", T::Word, "a negator before the most-attended word",
     [](const App& a) { return with_review(a, top_word_negated); }},
    {"sentiment.clauses", T::Number, "the typed review's clauses",
     [](const App& a) {
       sentiment::Review review;
       std::string error;
       if (!sentiment::parse(translation::split_words(a.sentiment.typed_seen), &review, &error))
         return fact_missing("the typed review does not follow the task's grammar (" + error + ")");
       return fact_number(static_cast<double>(review.clauses.size()));
     }},
    {"sentiment.expected", T::Word, "the typed review's label by the task's rule",
     [](const App& a) { return review_expected(a.sentiment); }},
    {"sentiment.correct", T::Word, "typed review labelled right",
     [](const App& a) {
       return with_review(a, [](const SentimentSession& s) {
         const FactValue e = review_expected(s);
         return e.known ? yes_no(e.word == sentiment::label_name(s.reading.label)) : e;
       });
     }},
    {"sentiment.ignored", T::Number, "the number of ignored (unknown) words",
     [](const App& a) { return fact_number(static_cast<double>(a.sentiment.ignored.size())); }},
    {"sentiment.rank_gradient", T::Number, "the rank correlation of attention and gradient × input",
     [](const App& a) {
       return with_review(a, [](const SentimentSession& s) {
         return fact_number(s.explanation.rank_attention_gradient);
       });
     }},
    {"sentiment.rank_leave_one_out", T::Number,
     "the rank correlation of attention and leave-one-out",
     [](const App& a) {
       return with_review(a, [](const SentimentSession& s) {
         return fact_number(s.explanation.rank_attention_leave_one_out);
       });
     }},
    {"sentiment.top_gradient_word", T::Word, "the word with the largest gradient × input",
     [](const App& a) {
       return with_review(a, [](const SentimentSession& s) {
         return top_known_word(s, s.explanation.grad_x_input);
       });
     }},
    {"sentiment.top_leave_one_out_word", T::Word, "the word whose removal changes the most",
     [](const App& a) {
       return with_review(a, [](const SentimentSession& s) {
         return top_known_word(s, s.explanation.leave_one_out);
       });
     }},
    {"sentiment.other_distance", T::Number,
     "the Jensen–Shannon distance of the other explanation's weights",
     [](const App& a) {
       const SentimentSession& s = a.sentiment;
       return s.has_other ? fact_number(s.other.distance) : other_missing();
     }},
    {"sentiment.other_change", T::Number,
     "the change of the label's probability with the other explanation's weights",
     [](const App& a) {
       const SentimentSession& s = a.sentiment;
       return s.has_other ? fact_number(std::abs(s.other.probability - s.explanation.probability))
                          : other_missing();
     }},
    {"sentiment.hand_distance", T::Number, "the Jensen–Shannon distance of the weights set by hand",
     [](const App& a) {
       return a.sentiment.hand_mode ? fact_number(a.sentiment.hand_distance) : hand_missing();
     }},
    {"sentiment.hand_label", T::Word, "the label with the weights set by hand",
     [](const App& a) {
       const SentimentSession& s = a.sentiment;
       if (!s.hand_mode) return hand_missing();
       const int label = s.hand_probability >= 0.5 ? s.explanation.label : 1 - s.explanation.label;
       return fact_word(sentiment::label_name(label));
     }},

    // qa: held-out figures and the story being edited.
    {"qa.steps", T::Number, "qa training steps",
     [](const App& a) { return fact_number(run_steps(a.qa)); }},
    {"qa.accuracy", T::Number, "qa held-out accuracy",
     [](const App& a) { return measured(qa_heldout(a.qa)); }},
    {"qa.attention", T::Number, "qa attention accuracy",
     [](const App& a) { return measured(qa_attention(a.qa)); }},
    {"qa.answer", T::Word, "the model's answer",
     [](const App& a) {
       return with_answer(a, [](const QaSession& s) {
         return fact_word(qa::places()[static_cast<std::size_t>(s.prediction.answer)]);
       });
     }},
    {"qa.probability", T::Number, "the probability of the model's answer",
     [](const App& a) {
       return with_answer(a, [](const QaSession& s) {
         return fact_number(s.prediction.probabilities(s.prediction.answer));
       });
     }},
    {"qa.expected", T::Word, "the story's answer",
     [](const App& a) {
       return with_answer(a, [](const QaSession& s) {
         return fact_word(qa::places()[static_cast<std::size_t>(s.reference_answer)]);
       });
     }},
    {"qa.correct", T::Word, "answer right",
     [](const App& a) {
       return with_answer(
           a, [](const QaSession& s) { return yes_no(s.prediction.answer == s.reference_answer); });
     }},
    {"qa.sentences", T::Number, "the number of story sentences",
     [](const App& a) { return fact_number(static_cast<double>(a.qa.story.size())); }},
    {"qa.support", T::Number, "the supporting fact (sentence number)",
     [](const App& a) {
       return with_answer(
           a, [](const QaSession& s) { return fact_number(s.reference_support + 1.0); });
     }},
    {"qa.top_sentence", T::Number, "the sentence the last hop attends to most",
     [](const App& a) {
       return with_answer(a, [](const QaSession& s) { return hop_top(s, -1); });
     }},
    {"qa.first_hop_top_sentence", T::Number, "the sentence the first hop attends to most",
     [](const App& a) { return with_answer(a, [](const QaSession& s) { return hop_top(s, 0); }); }},
    {"qa.first_hop_found_support", T::Word, "first hop on the supporting fact",
     [](const App& a) {
       return with_answer(a, [](const QaSession& s) {
         return yes_no(hop_top(s, 0).number == s.reference_support + 1.0);
       });
     }},
    {"qa.found_support", T::Word, "last hop on the supporting fact",
     [](const App& a) {
       return with_answer(a, [](const QaSession& s) {
         return yes_no(hop_top(s, -1).number == s.reference_support + 1.0);
       });
     }},
    {"qa.top_weight", T::Number, "the last hop's largest weight",
     [](const App& a) {
       return with_answer(a, [](const QaSession& s) {
         return fact_number(s.prediction.weights.row(s.prediction.weights.rows() - 1).maxCoeff());
       });
     }},

    // induction: held-out figures.
    {"induction.steps", T::Number, "induction training steps",
     [](const App& a) { return fact_number(run_steps(a.induction)); }},
    {"induction.accuracy", T::Number, "induction held-out accuracy",
     [](const App& a) {
       const models::InductionEval* e = induction_last_eval(a.induction);
       return e ? fact_number(e->accuracy) : measured(-1);
     }},
    {"induction.attention", T::Number, "induction attention accuracy",
     [](const App& a) {
       const models::InductionEval* e = induction_last_eval(a.induction);
       return e ? fact_number(e->attention_accuracy) : measured(-1);
     }},
    {"induction.ablated_accuracy", T::Number, "induction held-out accuracy with the heads ablated",
     [](const App& a) {
       return a.induction.ablated_accuracy >= 0 ? fact_number(a.induction.ablated_accuracy)
                                                : fact_missing("ablate a head first");
     }},
    {"induction.layers", T::Number, "the transformer's layers",
     [](const App& a) { return fact_number(a.induction.trainer->model().config().layers); }},
    {"induction.previous_token", T::Number, "the best previous-token score of a layer-1 head",
     [](const App& a) { return induction_best_score(a.induction, 0, true); }},
    {"induction.induction", T::Number, "the best induction score of a last-layer head",
     [](const App& a) { return induction_best_score(a.induction, -1, false); }},

    // scale: the scale lab's measurements, its n and its sparse pattern.
    {"scale.n", T::Number, "the largest n the scale lab measured",
     [](const App& a) { return fact_number(scale_lab_largest_measured_n(a.scale)); }},
    {"scale.dense_ms_at_n", T::Number, "dense attention's time at the largest n it ran (ms)",
     [](const App& a) { return scale_dense_ms(a.scale); }},
    {"scale.frame_n", T::Number, "the first n where dense attention takes longer than a frame",
     [](const App& a) {
       const int n = scale_lab_crossing_n(a.scale, kFrameSeconds);
       return n > 0 ? fact_number(n)
                    : fact_missing("not found yet: raise n until dense takes longer than 16.7 ms");
     }},
    {"scale.largest_dense_n", T::Number, "the largest n dense attention ran at",
     [](const App& a) { return scale_largest_dense(a.scale); }},
    {"scale.dense_refused_n", T::Number,
     "the first n where dense attention runs out of memory and tiled does not",
     [](const App& a) {
       const int n = scale_lab_dense_refused_n(a.scale);
       return n > 0 ? fact_number(n)
                    : fact_missing("not found yet: raise n until dense no longer fits its budget");
     }},
    {"scale.sparse_mass_kept", T::Number, "the share of the weights' mass the sparse pattern keeps",
     [](const App& a) {
       return a.scale.mass_kept >= 0 && a.scale.map_n == a.scale.target_n
                  ? fact_number(a.scale.mass_kept)
                  : fact_missing("not measured yet: wait for the weights map");
     }},
    {"scale.sparse_cost", T::Number, "the sparse pattern's share of the dense pairs",
     [](const App& a) { return fact_number(scale_lab_sparse_cost(a.scale)); }},
    // captioning: held-out figures and the scene being edited (its image, the model's caption
    // and the word the learner hovers).
    {"captioning.steps", T::Number, "captioning training steps",
     [](const App& a) { return fact_number(run_steps(a.captioning)); }},
    {"captioning.accuracy", T::Number, "captioning held-out exact-caption accuracy",
     [](const App& a) { return measured(captioning_heldout(a.captioning)); }},
    {"captioning.attention", T::Number, "captioning attention accuracy",
     [](const App& a) { return measured(captioning_attention(a.captioning)); }},
    {"captioning.scoring", T::Word, "the captioner's scoring",
     [](const App& a) {
       return fact_word(scoring_name(a.captioning.trainer->config().model.scoring));
     }},
    {"captioning.caption", T::Word, "the model's caption",
     [](const App& a) { return fact_word(translation::join_words(a.captioning.result.words)); }},
    {"captioning.expected", T::Word, "the image's caption by the task's rule",
     [](const App& a) { return fact_word(a.captioning.expected); }},
    {"captioning.correct", T::Word, "image captioned right",
     [](const App& a) { return yes_no(captioning_right(a.captioning)); }},
    {"captioning.relation", T::Word, "the relation the image's caption states",
     [](const App& a) {
       const std::vector<std::string> w = captioning::caption_words(shown_scene(a.captioning));
       return fact_word(w.size() > 3 && w[3] == "left" ? "left of" : "above");
     }},
    {"captioning.caption_attention", T::Number,
     "the share of the image's colour and shape words whose attention peaks on their object",
     [](const App& a) {
       const CaptioningSession& s = a.captioning;
       const std::vector<int> targets = captioning::caption_targets(shown_scene(s));
       int scored = 0, right = 0;
       for (std::size_t t = 0; t < targets.size(); ++t) {
         const int on = word_on_object(s, t);
         scored += on >= 0;
         right += on > 0;
       }
       return fact_number(scored ? static_cast<double>(right) / scored : 0.0);
     }},
    {"captioning.word", T::Word, "the word shown",
     [](const App& a) {
       const CaptioningSession& s = a.captioning;
       const FactValue missing = shown_word_missing(s);
       if (!missing.known) return missing;
       return fact_word(s.result.words[static_cast<std::size_t>(
           std::clamp(s.word, 0, static_cast<int>(s.result.words.size()) - 1))]);
     }},
    {"captioning.word_patch", T::Number, "the cell the shown word attends to most (1 to 16)",
     [](const App& a) {
       const CaptioningSession& s = a.captioning;
       const FactValue missing = shown_word_missing(s);
       if (!missing.known || s.word >= s.result.weights.rows()) return missing;
       Eigen::Index best = 0;
       s.result.weights.row(s.word).maxCoeff(&best);
       return fact_number(static_cast<double>(best + 1));
     }},
    {"captioning.word_attention_on_object", T::Word, "the shown word looking at its object",
     [](const App& a) {
       const CaptioningSession& s = a.captioning;
       const FactValue missing = shown_word_missing(s);
       if (!missing.known) return missing;
       const int on = word_on_object(s, static_cast<std::size_t>(std::max(s.word, 0)));
       if (on < 0) return fact_missing("the shown word names no colour or shape of an object");
       return yes_no(on > 0);
     }},
};

}  // namespace

// ---------------------------------------------------------------------------------------
// [SECTION] lookups
// ---------------------------------------------------------------------------------------

const std::vector<ModelInfo>& model_list() {
  return kModels;
}
const std::vector<ModelFactInfo>& model_fact_list() {
  return kFacts;
}

const ModelInfo* model_find(const std::string& id) {
  for (const ModelInfo& m : kModels)
    if (id == m.id) return &m;
  return nullptr;
}

const ModelFactInfo* model_fact_find(const std::string& name) {
  for (const ModelFactInfo& f : kFacts)
    if (name == f.name) return &f;
  return nullptr;
}

ModelFacts model_facts_read(const App& app) {
  ModelFacts out;
  for (const ModelFactInfo& f : kFacts) {
    const std::string name = f.name;
    const ModelInfo* m = model_find(name.substr(0, name.find('.')));
    if (!m) {
      out[name] = fact_missing("no model \"" + name.substr(0, name.find('.')) + "\"");
    } else if (m->steps_done(app) <= 0) {
      out[name] =
          fact_missing(m->untrained ? std::string(m->untrained)
                                    : std::string("the ") + m->id +
                                          " model is not trained yet: press Train in " + m->view);
    } else {
      FactValue v = f.read(app);
      if (!v.known && v.missing.rfind("not ", 0) == 0) v.missing = f.what + (" is " + v.missing);
      out[name] = v;
    }
  }
  return out;
}

}  // namespace ap
