// The stepping every trainer shares (unit_trainer.h).
#include "models/unit_trainer.h"

#include <chrono>

namespace ap::models {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void UnitTrainer::step() {
  if (done()) return;
  // A quick evaluation left unfinished by work() is that step's end.
  if (evaluating_) {
    while (evaluating_) unit();
    return;
  }
  const int target = step_ + 1;
  while (step_ < target || evaluating_) unit();
}

int UnitTrainer::work(double budget_seconds) {
  const double start = now_seconds();
  const int before = step_;
  while (!done()) {
    unit();
    if (now_seconds() - start >= budget_seconds) break;
  }
  return step_ - before;
}

}  // namespace ap::models
