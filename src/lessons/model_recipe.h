// Recipes: the solution of a goal whose checks read a trained model (`model …` checks). A
// State cannot train a model, so such a goal's `solution:` says what the learner does,
// one action per line (or separated by `;`):
//   train MODEL N          train MODEL's run (the view's settings) up to N steps
//   train induction N layers L   the same with the induction view's Layers set to L (a
//                          fresh run when the run has another number of layers)
//   type MODEL "text"      type into the model's text box (translation: the sentence,
//                          sentiment: the review, qa: the question)
//   story "s1" "s2" …      replace the qa story's sentences
//   find_other             press Find another explanation (sentiment)
//   hand w1 w2 …           set the sentiment pooling weights by hand (one per known word)
//   ablate L2H1            ablate a head of the induction model
//   sparse window W stride S  the scale lab's sparse pattern (either part, or both)
//   hover WORD             show a caption word's attention (captioning)
//   drag K ROW COL         move captioning object K (1, 2) to row ROW, column COL (1 to 4)
// The first action is `train`. Native tests run recipes (tests/native/test_lesson_models);
// the page's Show me does what needs no waiting and presses Train. Format: lessons/README.md.
#pragma once

#include <string>
#include <vector>

#include "app/app.h"
#include "lessons/lesson.h"
#include "state/state.h"

namespace ap {

// Whether a solution's text is a recipe (it starts with the word `train`).
bool recipe_text(const std::string& solution);

// Parses a recipe; the error is one sentence naming the part it could not read.
Decoded<std::vector<RecipeAction>> recipe_parse(const std::string& text);

// Problems only a model's settings show (a `train` past where the view's Train stops);
// empty when none.
std::string recipe_check(const std::vector<RecipeAction>& recipe);

// Runs the recipe at once: each `train` trains that model's run up to N steps and puts the
// learner's inputs (typed text, story, hand weights) back to the view's defaults; the other
// actions follow unless `with_actions` is false.
void recipe_run(const std::vector<RecipeAction>& recipe, App& app, bool with_actions = true);

// The page's "Show me": presses Train on each model the recipe trains (unless it has trained
// far enough) and applies the actions that need no trained model (typing, the story); the
// others apply only when the model has trained as far as the recipe says.
void recipe_start(const std::vector<RecipeAction>& recipe, App& app);

}  // namespace ap
