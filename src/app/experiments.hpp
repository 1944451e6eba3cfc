// The app's experiments besides the main training run: the kNN cross-validation and comparison
// (knn_job.hpp), the Decision map (decision_map.hpp) and the bias/variance sweeps (sweep.hpp).
// Each is a job computed in time slices: AppState::run_jobs(budget) shares one frame budget
// among the jobs that have work, so nothing blocks a frame. Panels and window.lab read the
// results and send requests (start, cancel) through here.
#pragma once
#include "app/decision_map.hpp"
#include "app/knn_job.hpp"
#include "app/sweep.hpp"

namespace bpl {

class AppState;

struct Experiments {
  KnnJob knn;
  DecisionMap map;
  Sweep sweep;   // trains in sessions of the AppState: the scheduler gives it time, not run_for

  // Shares budget_ms among the jobs with work this frame. Returns true if any ran.
  bool run_for(AppState& app, double budget_ms);
  bool busy(double now_ms) const;
};

}  // namespace bpl
