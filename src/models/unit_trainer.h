// What every trainer shares: it is stepped by its caller, and its work comes in units, so
// that the page can give it a time slice per frame (work(0.008)) while the CLI and the tests
// loop over step() until done(). A unit is whatever the trainer can do in a few
// milliseconds: a few examples of a step's batch (the Adam update after the last), or a few
// of the quick evaluation that follows every few steps; a trainer whose steps are that
// short makes a whole step a unit. Units run in the order an uninterrupted step would, so
// slicing never changes the maths.
#pragma once

namespace ap::models {

// Seconds on a steady clock: the trainers' time keeping.
double now_seconds();

class UnitTrainer {
 public:
  virtual ~UnitTrainer() = default;

  // Completes one step (or the one a work() slice left unfinished) and its quick evaluation
  // when due; no-op once done().
  void step();
  // Works, a unit at a time, until `budget_seconds` have passed or the run is done; at least
  // one unit when not done. Returns the steps completed.
  int work(double budget_seconds);
  bool done() const { return step_ >= total_steps_ && !evaluating_; }
  int steps_done() const { return step_; }
  // Seconds spent in training units (quick evaluations excluded).
  double train_seconds() const { return seconds_; }

 protected:
  explicit UnitTrainer(int total_steps) : total_steps_(total_steps) {}
  UnitTrainer(const UnitTrainer&) = default;
  UnitTrainer& operator=(const UnitTrainer&) = default;
  UnitTrainer(UnitTrainer&&) = default;
  UnitTrainer& operator=(UnitTrainer&&) = default;

  // One unit of work; it advances step_ when it completes a step and sets evaluating_ while
  // a quick evaluation is due or part done. Called only when not done().
  virtual void unit() = 0;

  int total_steps_;
  int step_ = 0;
  bool evaluating_ = false;  // the quick evaluation of the latest step is in progress
  double seconds_ = 0;
};

}  // namespace ap::models
