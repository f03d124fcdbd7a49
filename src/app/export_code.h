// "Take it away" code exports: the current state as a standalone Python script, in NumPy or
// in PyTorch, that recomputes the playground's stages (raw scores → scaled → masked →
// weights → output, then heads and W_o) and prints the same weights and output. Only text
// generation: nothing is run here (tests run the NumPy script with python3).
#pragma once

#include <string>

#include "state/state.h"

namespace ap {

// A script needing only NumPy. Run as is, it prints the weights and the output; with
// --json it prints one JSON object {"weights", "output"} at full precision, "weights" being
// a list of matrices when heads > 1. Precondition: state_validate(s) is empty.
std::string export_numpy(const State& s);

// The same script in PyTorch (float64 tensors, torch.softmax, masked_fill).
std::string export_pytorch(const State& s);

}  // namespace ap
