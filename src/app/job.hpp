// A job: work the app does in time slices inside the frame loop (the gradient check, the kNN
// cross-validation, the decision map, the sweeps, the optimizer race), so that nothing blocks a
// frame. Every job answers the same few questions; the JobRegistry (job_registry.hpp) runs them
// and tells AppState::busy() whether any needs frames. No ImGui.
//
// Adding a job = one class implementing Job + one registration line in AppState's constructor
// (app_state.cpp), see README's "How to add a panel, a lesson, a job".
#pragma once
#include <string>

namespace bpl {

class Job {
 public:
  virtual ~Job() = default;

  // Has work and so needs frames: while any job runs the page keeps drawing (AppState::busy()).
  virtual bool running() const = 0;
  // How far the current (or last) run is: 0..1 (0 before any run, 1 once complete).
  virtual double progress() const = 0;
  // Works until budget_ms milliseconds (wall clock) have passed; at least one step when it has
  // work, whatever the budget. Returns whether it did anything.
  virtual bool run_for(double budget_ms) = 0;
  // Stops the current run (what is complete stays readable); nothing when not running.
  virtual void cancel() = 0;
  // A counter bumped on every change a panel must redraw for (start, progress, result, cancel):
  // caches key on it.
  virtual unsigned long long version() const = 0;
  // Why the last run stopped on an error, in words (a failure with no caller to tell: a start's
  // refusal is the Status it returns); empty when it did not.
  virtual std::string last_error() const = 0;

  // ---- scheduling (JobRegistry::run_for)
  // Takes a share of this frame's job budget now (default: while running).
  virtual bool wants_slice() const { return running(); }
  // Its work is training sessions that the Scheduler steps in AppState::train_for (the sweep, the
  // race): it gets no share of the job budget, only a run_for(0) every frame for its bookkeeping.
  virtual bool trains_in_sessions() const { return false; }
};

}  // namespace bpl
