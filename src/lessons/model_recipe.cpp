// Recipes of model_recipe.h: parsing the actions, running them at once (tests) and starting
// them in the page (Show me). Each action is one row of kActions.
#include "lessons/model_recipe.h"

#include <cmath>
#include <cstdlib>

#include "app/model_facts.h"
#include "core/limits.h"
#include "models/captioning_data.h"

namespace ap {
namespace {

// One piece of an action: a bare word or number, or a "quoted text".
struct Piece {
  std::string text;
  bool quoted = false;
};

// Splits the recipe into actions (lines, or parts separated by `;`) of pieces.
bool split(const std::string& text, std::vector<std::vector<Piece>>* out, std::string* error) {
  out->assign(1, {});
  std::size_t i = 0;
  while (i < text.size()) {
    const char ch = text[i];
    if (ch == '\n' || ch == ';') {
      out->emplace_back();
      ++i;
    } else if (ch == ' ' || ch == '\t' || ch == '\r') {
      ++i;
    } else if (ch == '"') {
      Piece p{"", true};
      std::size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size()) ++j;
        p.text += text[j];
      }
      if (j >= text.size()) return *error = "a quoted text has no closing quote \"", false;
      out->back().push_back(p);
      i = j + 1;
    } else {
      Piece p;
      while (i < text.size() && std::string(" \t\r\n;\"").find(text[i]) == std::string::npos)
        p.text += text[i++];
      out->back().push_back(p);
    }
  }
  return true;
}

bool number_of(const Piece& p, double* out) {
  if (p.quoted || p.text.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(p.text.c_str(), &end);
  return end && *end == '\0' && std::isfinite(*out);
}

// Parses the pieces after the verb into `a`; returns the error or "".
using ParseFn = std::string (*)(const std::vector<Piece>& args, RecipeAction* a);
// Applies the action; `run` is true in recipe_run, false for the page's Show me.
using ApplyFn = void (*)(const RecipeAction& a, App& app, bool run);

std::string model_arg(const Piece& p, RecipeAction* a) {
  const ModelInfo* m = model_find(p.text);
  if (!m || p.quoted) {
    std::string ids;
    for (const ModelInfo& info : model_list())
      ids += (ids.empty() ? "" : ", ") + std::string(info.id);
    return "unknown model \"" + p.text + "\": use " + ids;
  }
  a->model = p.text;
  return "";
}

// "train MODEL N", or "train induction N layers L": numbers = {L}.
std::string parse_train(const std::vector<Piece>& args, RecipeAction* a) {
  if (args.size() != 2 && args.size() != 4)
    return "expected \"train MODEL STEPS\", e.g. train sentiment 300";
  if (std::string e = model_arg(args[0], a); !e.empty()) return e;
  double n = 0;
  if (!number_of(args[1], &n) || n != std::floor(n) || n < 1 || n > 1e6)
    return "the steps after \"train " + a->model + "\" must be a whole number from 1 to 1000000";
  a->steps = static_cast<int>(n);
  if (args.size() == 4) {
    double layers = 0;
    if (a->model != "induction" || args[2].quoted || args[2].text != "layers" ||
        !number_of(args[3], &layers) || (layers != 1 && layers != 2))
      return "expected \"train MODEL STEPS\" or \"train induction STEPS layers 1\" (layers 1 "
             "or 2: the induction view's Layers)";
    a->numbers = {layers};
  }
  return "";
}

std::string parse_type(const std::vector<Piece>& args, RecipeAction* a) {
  if (args.size() != 2 || !args[1].quoted)
    return "expected \"type MODEL \\\"text\\\"\", e.g. type sentiment \"the film was dull\"";
  if (std::string e = model_arg(args[0], a); !e.empty()) return e;
  if (!model_find(a->model)->type) return "the " + a->model + " model has no text box to type in";
  a->texts = {args[1].text};
  return "";
}

std::string parse_story(const std::vector<Piece>& args, RecipeAction* a) {
  a->model = "qa";
  for (const Piece& p : args) {
    if (!p.quoted) return "each story sentence is quoted: story \"Mary went to the kitchen\" …";
    a->texts.push_back(p.text);
  }
  if (a->texts.empty() || static_cast<int>(a->texts.size()) > kMaxQaSentences)
    return "a story has 1 to " + std::to_string(kMaxQaSentences) + " sentences";
  return "";
}

std::string parse_find_other(const std::vector<Piece>& args, RecipeAction* a) {
  a->model = "sentiment";
  return args.empty() ? "" : "\"find_other\" takes nothing after it";
}

std::string parse_hand(const std::vector<Piece>& args, RecipeAction* a) {
  a->model = "sentiment";
  for (const Piece& p : args) {
    double w = 0;
    if (!number_of(p, &w) || w < 0)
      return "each hand weight is a number ≥ 0, not \"" + p.text + "\"";
    a->numbers.push_back(w);
  }
  return a->numbers.empty() ? "expected the weights after \"hand\", one per known word" : "";
}

// "sparse window 16", "sparse stride 8", "sparse window 8 stride 64": texts = the kinds,
// numbers = their sizes (the scale lab's pattern; a kind not named is off).
std::string parse_sparse(const std::vector<Piece>& args, RecipeAction* a) {
  a->model = "scale";
  const std::string usage = "expected \"sparse window W\", \"sparse stride S\" or both";
  if (args.empty() || args.size() % 2 || args.size() > 4) return usage;
  for (std::size_t t = 0; t < args.size(); t += 2) {
    double x = 0;
    const std::string& kind = args[t].text;
    if ((kind != "window" && kind != "stride") || args[t].quoted || !number_of(args[t + 1], &x) ||
        x != std::floor(x) || x < (kind == "window" ? 0 : 1) || x > kScaleLabMaxTokens)
      return usage + ", with whole sizes up to " + std::to_string(kScaleLabMaxTokens);
    a->texts.push_back(kind);
    a->numbers.push_back(x);
  }
  return "";
}

// "ablate L2H1": numbers = {layer, head}, 0-based.
std::string parse_ablate(const std::vector<Piece>& args, RecipeAction* a) {
  a->model = "induction";
  const std::string& t = args.size() == 1 ? args[0].text : std::string();
  if (t.size() != 4 || t[0] != 'L' || t[2] != 'H' || t[1] < '1' || t[1] > '9' || t[3] < '1' ||
      t[3] > '9')
    return "expected one head after \"ablate\", named as the induction view names it: L2H1";
  a->numbers = {static_cast<double>(t[1] - '1'), static_cast<double>(t[3] - '1')};
  return "";
}

// "hover WORD": the caption word whose attention the captioning view shows.
std::string parse_hover(const std::vector<Piece>& args, RecipeAction* a) {
  a->model = "captioning";
  if (args.size() != 1 || args[0].quoted || captioning::word_index(args[0].text) < 2)
    return "expected one caption word after \"hover\", e.g. hover square";
  a->texts = {args[0].text};
  return "";
}

// "drag K ROW COL": object K (1 or 2) of the captioning view to row ROW, column COL (1 to
// 4, as the view counts them); numbers = {object, row, col}, 0-based.
std::string parse_drag(const std::vector<Piece>& args, RecipeAction* a) {
  a->model = "captioning";
  const std::string form = "expected \"drag OBJECT ROW COL\" (object 1 or 2, row and column 1 to " +
                           std::to_string(captioning::kGrid) + "), e.g. drag 2 1 4";
  if (args.size() != 3) return form;
  double v[3] = {0, 0, 0};
  for (std::size_t i = 0; i < 3; ++i) {
    const double hi = i == 0 ? 2 : captioning::kGrid;
    if (!number_of(args[i], &v[i]) || v[i] != std::floor(v[i]) || v[i] < 1 || v[i] > hi)
      return form;
  }
  a->numbers = {v[0] - 1, v[1] - 1, v[2] - 1};
  return "";
}

bool trained_enough(const RecipeAction& a, const App& app, int steps) {
  const ModelInfo* m = model_find(a.model);
  return m && m->steps_done(app) >= steps;
}

struct ActionInfo {
  const char* verb;
  ParseFn parse;
  ApplyFn apply;
};

const ActionInfo kActions[] = {
    {"train", parse_train,
     [](const RecipeAction& a, App& app, bool run) {
       const ModelInfo& m = *model_find(a.model);
       // "layers L": the induction view's Layers set to L, and Reset when the run has not L.
       if (!a.numbers.empty()) induction_set_layers(app.induction, static_cast<int>(a.numbers[0]));
       if (run) {
         m.train(app, a.steps);
         m.clear_inputs(app);
       } else if (m.steps_done(app) < a.steps) {
         m.start_at ? m.start_at(app, a.steps) : m.start(app);
       }
     }},
    {"type", parse_type,
     [](const RecipeAction& a, App& app, bool) { model_find(a.model)->type(app, a.texts[0]); }},
    {"story", parse_story,
     [](const RecipeAction& a, App& app, bool) {
       app.qa.story = a.texts;
       qa_refresh(app.qa);
     }},
    {"find_other", parse_find_other,
     [](const RecipeAction&, App& app, bool) {
       if (app.sentiment.trainer && app.sentiment.trainer->steps_done() > 0)
         sentiment_find_other(app.sentiment);
     }},
    {"hand", parse_hand,
     [](const RecipeAction& a, App& app, bool) {
       if (!app.sentiment.trainer || app.sentiment.trainer->steps_done() == 0) return;
       sentiment_hand_start(app.sentiment);
       app.sentiment.hand_weights = a.numbers;
       sentiment_hand_update(app.sentiment);
     }},
    {"sparse", parse_sparse,
     [](const RecipeAction& a, App& app, bool run) {
       SparsitySpec p;
       for (std::size_t t = 0; t < a.texts.size(); ++t)
         (a.texts[t] == "window" ? p.window : p.stride) = static_cast<int>(a.numbers[t]);
       scale_lab_set_pattern(app.scale, p);
       if (run) scale_lab_finish(app.scale);
     }},
    {"ablate", parse_ablate,
     [](const RecipeAction& a, App& app, bool) {
       if (!app.induction.trainer) return;
       induction_set_ablated(app.induction, static_cast<int>(a.numbers[0]),
                             static_cast<int>(a.numbers[1]), true);
     }},
    {"hover", parse_hover,
     [](const RecipeAction& a, App& app, bool) {
       CaptioningSession& s = app.captioning;
       if (!s.trainer) return;
       captioning_refresh(s);
       for (std::size_t i = 0; i < s.result.words.size(); ++i)
         if (s.result.words[i] == a.texts[0]) {
           s.word = static_cast<int>(i);
           return;
         }
     }},
    {"drag", parse_drag,
     [](const RecipeAction& a, App& app, bool) {
       captioning_move(app.captioning, static_cast<int>(a.numbers[0]),
                       static_cast<int>(a.numbers[1]), static_cast<int>(a.numbers[2]));
       if (app.captioning.trainer) captioning_refresh(app.captioning);
     }},
};

const ActionInfo* action_find(const std::string& verb) {
  for (const ActionInfo& a : kActions)
    if (verb == a.verb) return &a;
  return nullptr;
}

// The steps the recipe trains `model` to before action `upto` (0 when it does not).
int steps_before(const std::vector<RecipeAction>& recipe, std::size_t upto,
                 const std::string& model) {
  int steps = 0;
  for (std::size_t i = 0; i < upto && i < recipe.size(); ++i)
    if (recipe[i].verb == "train" && recipe[i].model == model) steps = recipe[i].steps;
  return steps;
}

}  // namespace

bool recipe_text(const std::string& solution) {
  std::size_t i = 0;
  while (i < solution.size() && (solution[i] == ' ' || solution[i] == '\t')) ++i;
  return solution.compare(i, 5, "train") == 0 &&
         (i + 5 == solution.size() || solution[i + 5] == ' ' || solution[i + 5] == '\t');
}

Decoded<std::vector<RecipeAction>> recipe_parse(const std::string& text) {
  std::vector<std::vector<Piece>> parts;
  std::string error;
  if (!split(text, &parts, &error)) return {std::nullopt, "recipe: " + error};
  std::vector<RecipeAction> out;
  for (const std::vector<Piece>& part : parts) {
    if (part.empty()) continue;
    const ActionInfo* info = part[0].quoted ? nullptr : action_find(part[0].text);
    if (!info) {
      std::string verbs;
      for (const ActionInfo& a : kActions)
        verbs += (verbs.empty() ? "" : ", ") + std::string(a.verb);
      return {std::nullopt, "recipe: unknown action \"" + part[0].text + "\": use " + verbs};
    }
    RecipeAction a;
    a.verb = info->verb;
    for (const Piece& p : part)
      a.source += (a.source.empty() ? "" : " ") + (p.quoted ? "\"" + p.text + "\"" : p.text);
    const std::vector<Piece> args(part.begin() + 1, part.end());
    if (std::string e = info->parse(args, &a); !e.empty()) return {std::nullopt, "recipe: " + e};
    if (out.empty() && a.verb != "train")
      return {std::nullopt,
              "recipe: the first action is \"train MODEL STEPS\", not \"" + a.source + "\""};
    out.push_back(a);
  }
  if (out.empty()) return {std::nullopt, "recipe: expected \"train MODEL STEPS\""};
  return {out, ""};
}

std::string recipe_check(const std::vector<RecipeAction>& recipe) {
  const App fresh;
  for (std::size_t i = 0; i < recipe.size(); ++i) {
    const RecipeAction& a = recipe[i];
    const ModelInfo* m = model_find(a.model);
    if (!m) return "recipe: unknown model \"" + a.model + "\"";
    if (a.verb == "train" && a.steps > m->max_steps(fresh))
      return "recipe: \"" + a.source + "\" goes past step " + std::to_string(m->max_steps(fresh)) +
             ", where Train stops in " + m->view;
    if (a.verb != "train" && steps_before(recipe, i, a.model) == 0)
      return "recipe: \"" + a.source + "\" acts on the " + a.model + " model before it is trained";
  }
  return "";
}

void recipe_run(const std::vector<RecipeAction>& recipe, App& app, bool with_actions) {
  for (const RecipeAction& a : recipe)
    if (const ActionInfo* info = action_find(a.verb); info && (with_actions || a.verb == "train"))
      info->apply(a, app, true);
}

void recipe_start(const std::vector<RecipeAction>& recipe, App& app) {
  for (std::size_t i = 0; i < recipe.size(); ++i) {
    const RecipeAction& a = recipe[i];
    const ActionInfo* info = action_find(a.verb);
    if (!info) continue;
    const bool needs_model =
        a.verb == "find_other" || a.verb == "hand" || a.verb == "ablate" || a.verb == "hover";
    if (!needs_model || trained_enough(a, app, steps_before(recipe, i, a.model)))
      info->apply(a, app, false);
  }
}

}  // namespace ap
