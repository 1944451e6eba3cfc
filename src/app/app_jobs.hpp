// The app's jobs that need the AppState to run (job.hpp's interface over KnnJob, DecisionMap,
// Sweep and Race, which keep their own APIs for the panels and window.lab): each reads and drives
// its job and the sessions it trains in. The gradient check implements Job itself.
// AppState owns one of each and registers them (app_state.cpp).
#pragma once
#include "app/job.hpp"

namespace bpl {

class AppState;

// The kNN cross-validation and the network-vs-kNN comparison (knn_job.hpp): running while
// either computes; cancel stops both.
class KnnJobTask : public Job {
 public:
  explicit KnnJobTask(AppState& app) : app_(app) {}
  bool running() const override;
  double progress() const override;
  bool run_for(double budget_ms) override;
  void cancel() override;
  unsigned long long version() const override;
  std::string last_error() const override;

 private:
  AppState& app_;
};

// The Decision map's background grid (decision_map.hpp): takes a slice while someone looks at
// the map; running while the shown grid is behind the weights.
class DecisionMapTask : public Job {
 public:
  explicit DecisionMapTask(AppState& app) : app_(app) {}
  bool running() const override;
  bool wants_slice() const override;
  double progress() const override;
  bool run_for(double budget_ms) override;
  void cancel() override;
  unsigned long long version() const override;
  std::string last_error() const override { return {}; }

 private:
  AppState& app_;
};

// The bias/variance sweep (sweep.hpp): its points train in sessions (the Scheduler); run_for(0)
// collects a finished point and starts the next.
class SweepTask : public Job {
 public:
  explicit SweepTask(AppState& app) : app_(app) {}
  bool running() const override;
  double progress() const override;
  bool run_for(double budget_ms) override;
  void cancel() override;
  unsigned long long version() const override;
  std::string last_error() const override;
  bool trains_in_sessions() const override { return true; }

 private:
  AppState& app_;
};

// The optimizer race (race.hpp): its runners train in sessions (the Scheduler); progress is the
// runners' mean share of the iteration limit; cancel pauses every runner (the curves stay).
class RaceTask : public Job {
 public:
  explicit RaceTask(AppState& app) : app_(app) {}
  bool running() const override;
  double progress() const override;
  bool run_for(double) override { return false; }
  void cancel() override;
  unsigned long long version() const override;
  std::string last_error() const override { return {}; }
  bool trains_in_sessions() const override { return true; }

 private:
  AppState& app_;
  // version(): bumped whenever the race's own counter or its sessions' histories change.
  mutable unsigned long long seen_race_ = 0, seen_history_ = 0, version_ = 0;
};

}  // namespace bpl
