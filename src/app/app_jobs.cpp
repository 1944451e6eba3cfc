#include "app/app_jobs.hpp"

#include <algorithm>

#include "app/app_state.hpp"
#include "core/clock.hpp"

namespace bpl {

// ------------------------------------------------------------------ kNN

bool KnnJobTask::running() const { return app_.experiments().knn.busy(); }

double KnnJobTask::progress() const {
  const KnnJob& job = app_.experiments().knn;
  return job.running() || !job.comparing() ? job.progress() : job.comparison_progress();
}

bool KnnJobTask::run_for(double budget_ms) {
  if (!app_.has_data()) return false;
  return app_.experiments().knn.run_for(app_, budget_ms);
}

void KnnJobTask::cancel() {
  KnnJob& job = app_.experiments().knn;
  job.cancel();
  job.cancel_comparison();
}

unsigned long long KnnJobTask::version() const { return app_.experiments().knn.version(); }
std::string KnnJobTask::last_error() const { return app_.experiments().knn.last_error(); }

// ------------------------------------------------------------------ Decision map

bool DecisionMapTask::running() const {
  return app_.experiments().map.has_work(app_.weights_version(), now_ms());
}

bool DecisionMapTask::wants_slice() const { return app_.experiments().map.wanted(now_ms()); }

double DecisionMapTask::progress() const { return app_.experiments().map.progress(); }

bool DecisionMapTask::run_for(double budget_ms) {
  if (!app_.has_data()) return false;
  DecisionMap& map = app_.experiments().map;
  if (!map.prepare(app_.data()).ok()) return false;
  return map.run_for(app_.trainer(), app_.weights_version(), now_ms(), budget_ms);
}

void DecisionMapTask::cancel() { app_.experiments().map.cancel(); }

unsigned long long DecisionMapTask::version() const {
  return static_cast<unsigned long long>(app_.experiments().map.grids_completed());
}

// ------------------------------------------------------------------ sweep

bool SweepTask::running() const { return app_.experiments().sweep.running(); }
double SweepTask::progress() const { return app_.experiments().sweep.progress(); }

bool SweepTask::run_for(double) {
  if (!app_.has_data()) return false;
  return app_.experiments().sweep.update(app_);   // bookkeeping: its sessions train in train_for
}

void SweepTask::cancel() { app_.experiments().sweep.cancel(app_); }
unsigned long long SweepTask::version() const { return app_.experiments().sweep.version(); }
std::string SweepTask::last_error() const { return app_.experiments().sweep.last_error(); }

// ------------------------------------------------------------------ race

bool RaceTask::running() const { return app_.race().running(app_); }

double RaceTask::progress() const {
  const Race& race = app_.race();
  if (!race.active()) return 0.0;
  const double limit = std::max(1, race.setup().max_iterations);
  double sum = 0;
  for (const Race::Runner& r : race.runners()) {
    const Session* s = app_.session(r.session);
    if (!s) continue;
    const Trainer& t = s->trainer;
    const double done = t.stopped() ? limit : (is_minibatch(t.config().optim.kind) ? t.epoch() : t.iteration());
    sum += std::clamp(done / limit, 0.0, 1.0);
  }
  return sum / static_cast<double>(race.runners().size());
}

void RaceTask::cancel() { app_.race().set_running(app_, false); }

unsigned long long RaceTask::version() const {
  unsigned long long history = 0;
  for (const Race::Runner& r : app_.race().runners())
    if (const Session* s = app_.session(r.session)) history += s->history_version;
  if (app_.race().version() != seen_race_ || history != seen_history_) {
    seen_race_ = app_.race().version();
    seen_history_ = history;
    ++version_;
  }
  return version_;
}

}  // namespace bpl
