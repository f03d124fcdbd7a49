// Named starting examples for the preset picker: each is a State JSON text, decoded (and so
// validated) through the same decoder as links and files. A test decodes every one.
#pragma once

#include <string>
#include <vector>

#include "state/state.h"

namespace ap {

struct Preset {
  const char* name;         // shown in the picker
  const char* description;  // one sentence for the tooltip
  const char* json;         // State JSON
};

const std::vector<Preset>& presets();

// Decodes presets()[index]; falls back to state_default() if it does not decode (a test
// guarantees every preset does).
State preset_state(std::size_t index);

}  // namespace ap
