// The app's experiments besides the main training run: the kNN cross-validation and comparison
// (knn_job.hpp), the Decision map (decision_map.hpp) and the bias/variance sweeps (sweep.hpp).
// Each is a job computed in time slices: AppState registers each (through app_jobs.hpp's Job
// adapters) in its JobRegistry, and AppState::run_jobs(budget) shares one frame budget among the
// jobs that have work, so nothing blocks a frame. Panels and window.lab read the results and
// send requests (start, cancel) through here.
#pragma once
#include "app/decision_map.hpp"
#include "app/knn_job.hpp"
#include "app/sweep.hpp"

namespace bpl {

struct Experiments {
  KnnJob knn;
  DecisionMap map;
  Sweep sweep;   // trains in sessions of the AppState: the scheduler gives it time, not run_for
};

}  // namespace bpl
