// The interface's panels that a lesson step may hide or show, as one table: the lesson
// parser checks a ```panels block's names against the ids, and the UI names a panel by its
// enumerator, so a typo on either side fails at lesson load or at compile time.
#pragma once

#include <cstddef>
#include <iterator>
#include <string>

namespace ap {

enum class Panel {
  Tokens,
  Matrices,
  Scoring,
  Mask,
  Sparsity,
  Heads,
  Pipeline,
  Inspector,
  Plane,
  Scaling,
  Training,
  Induction,
  Sentiment,
  Qa,
  Scale,
  Captioning
};
inline constexpr int kPanelCount = 16;

struct PanelInfo {
  Panel kind;
  const char* id;        // as lessons (```panels) and links (`hide=`) spell it
  bool default_visible;  // shown when no step says otherwise
};

inline constexpr PanelInfo kPanels[] = {
    {Panel::Tokens, "tokens", true},        {Panel::Matrices, "matrices", true},
    {Panel::Scoring, "scoring", true},      {Panel::Mask, "mask", true},
    {Panel::Sparsity, "sparsity", true},    {Panel::Heads, "heads", true},
    {Panel::Pipeline, "pipeline", true},    {Panel::Inspector, "inspector", true},
    {Panel::Plane, "plane", true},          {Panel::Scaling, "scaling", false},
    {Panel::Training, "training", false},   {Panel::Induction, "induction", false},
    {Panel::Sentiment, "sentiment", false}, {Panel::Qa, "qa", false},
    {Panel::Scale, "scale", false},         {Panel::Captioning, "captioning", false},
};
static_assert(std::size(kPanels) == kPanelCount);

constexpr bool panels_in_order() {
  for (std::size_t i = 0; i < std::size(kPanels); ++i)
    if (static_cast<std::size_t>(kPanels[i].kind) != i) return false;
  return true;
}
static_assert(panels_in_order());

constexpr const PanelInfo& panel_info(Panel p) {
  return kPanels[static_cast<int>(p)];
}

inline bool panel_from_name(const std::string& name, Panel* out) {
  for (const PanelInfo& p : kPanels)
    if (name == p.id) return *out = p.kind, true;
  return false;
}

}  // namespace ap
