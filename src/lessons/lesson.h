// A lesson as plain data, exactly as parsed from its Markdown file (format: lessons/README.md):
// front matter, optional intro prose, and 1–8 steps, each with a partial preset, panel
// visibility and goals whose checks are already parsed. No parsing, evaluation or UI here;
// lesson_parse.h builds these, goal.h evaluates checks, step_state.h builds states.
#pragma once

#include <string>
#include <vector>

namespace ap {

// A query or key named in a check: by label (looked up in the state when the check is
// evaluated, because the learner may rename or add tokens) or by 1-based index.
struct TokenRef {
  std::string label;  // used when index == 0
  int index = 0;      // 1-based; 0 = by label
};

enum class CheckKind {
  Weight,       // weight QUERY -> KEY CMP X
  Argmax,       // argmax QUERY = KEY
  Entropy,      // entropy QUERY CMP X
  MaxWeight,    // max_weight QUERY CMP X
  Output,       // output QUERY near [a, b, …] within X
  Allowed,      // allowed QUERY -> KEY = 0|1
  Scoring,      // scoring = dot|scaled_dot|general|additive
  Mask,         // mask = none|causal|padding|custom
  Temperature,  // temperature CMP X
  D,            // d CMP N (query width)
  DV,           // d_v CMP N
  Heads,        // heads CMP N
  Tokens,       // tokens CMP N (number of keys)
  Window,       // window CMP N (−1 when there is no window)
  Stride,       // stride CMP N (0 when off)
  TopK,         // top_k CMP N (0 when off)
  Global,       // global = N (token #N is global)
  Param,        // param NAME[r, c] CMP X, or param v[i] CMP X
  FullyMasked,  // fully_masked QUERY
  Model,        // model NAME CMP X, or model NAME = WORD (a fact of app/model_facts.h)
};

enum class Cmp { Less, LessEq, Greater, GreaterEq, Equal };

// One parsed `check:` line. Only the fields of `kind` are meaningful.
struct Check {
  CheckKind kind = CheckKind::Weight;
  int head = 1;         // 1-based head read by per-head checks (`head N:` prefix)
  TokenRef query, key;  // weight, argmax, entropy, max_weight, output, allowed, …
  Cmp cmp = Cmp::Equal;
  double number = 0;         // the right-hand side (X, N, 0|1, the `within` distance)
  std::vector<double> near;  // output: the target vector
  std::string name;      // scoring/mask value, the parameter name (Q K V W Wq Wk Wo v), the fact
  std::string word;      // model: the word a word fact must equal
  int row = 0, col = 0;  // param: 1-based entry (col 0 for v[i])
  std::string source;    // the check as written, for messages
  int line = 0;          // line in the lesson file
};

// One line of a recipe: what a learner does to a model to meet a goal with model checks
// (`train sentiment 300`, `type sentiment "the film was dull"`; lessons/README.md).
struct RecipeAction {
  std::string verb;                // train, type, story, find_other, hand, sparse, ablate
  std::string model;               // the model (app/model_facts.h kModels id)
  int steps = 0;                   // train: up to this many steps
  std::vector<std::string> texts;  // type: the text; story: the sentences; sparse: kinds
  std::vector<double> numbers;     // hand: the weights; sparse: the sizes; ablate: layer,
                                   // head (0-based); train: the induction model's layers
  std::string source;              // the line as written, for messages
};

struct Goal {
  std::string text;           // shown to the learner; inline Markdown
  std::string hint;           // may be empty
  std::vector<Check> checks;  // all must hold
  std::string solution_json;  // partial State JSON merged onto the step's starting state
  // A solution that trains a model instead (it starts with `train`); solution_json is then
  // empty. Native tests run it (lesson_models test); the linter only checks its form.
  std::vector<RecipeAction> recipe;
  int line = 0;  // the ```goal line
  int solution_line = 0;
};

struct Step {
  std::string title;
  std::string markdown;     // the step's prose, with the preset/panels/goal blocks removed
  std::string preset_json;  // partial State JSON; empty: start where the previous step did
  int preset_line = 0;      // the ```preset line (0 when there is none)
  std::vector<std::string> hidden_panels, shown_panels;  // from the ```panels block
  std::vector<Goal> goals;
  int line = 0;  // the `## Title` line
};

struct Lesson {
  std::string id, title, summary;
  std::vector<std::string> prerequisites;  // lesson ids
  std::string intro_markdown;              // prose before the first step
  std::vector<Step> steps;
  std::string file;                 // as given to the parser, used in every message
  std::vector<std::string> errors;  // "FILE:LINE: reason"; empty when the file is good
  int id_line = 0, prerequisites_line = 0;
};

// Lessons in teaching order (lessons/index.txt) and problems that belong to no one lesson.
struct LessonSet {
  std::vector<Lesson> lessons;
  std::vector<std::string> errors;  // "FILE:LINE: reason"
};

}  // namespace ap
