#include "app/scheduler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bpl {

Scheduler::Scheduler(Clock clock) : clock_(std::move(clock)) {}

void Scheduler::admit(const std::vector<int>& running) {
  auto was_running = [&](int id) {
    return std::find(last_running_.begin(), last_running_.end(), id) != last_running_.end();
  };
  // The least served time among the sessions that keep running: (re)joining sessions start there.
  double floor = std::numeric_limits<double>::infinity();
  for (int id : running)
    if (was_running(id)) floor = std::min(floor, served_[id]);
  if (floor == std::numeric_limits<double>::infinity()) floor = 0;  // nobody kept running
  for (int id : running)
    if (!was_running(id)) served_[id] = std::max(served_[id], floor);
  last_running_ = running;
}

Scheduler::Slice Scheduler::run(double budget_ms, const std::vector<int>& running, const StepFn& step) {
  Slice slice;
  if (running.empty()) {
    debt_ms_ = 0;  // nothing trains: nothing to pay back
    last_running_.clear();
    return slice;
  }
  admit(running);
  const double budget = budget_ms - debt_ms_;
  std::vector<int> active = running;
  const double t0 = clock_();
  while (!active.empty() && budget > 0 && clock_() - t0 < budget) {
    auto next = std::min_element(active.begin(), active.end(),
                                 [&](int a, int b) { return served_[a] < served_[b]; });
    const int id = *next;
    const double ts = clock_();
    const bool go_on = step(id);
    served_[id] += clock_() - ts;
    ++slice.steps;
    if (!go_on) {
      slice.finished.push_back(id);
      active.erase(next);
    }
  }
  slice.used_ms = clock_() - t0;
  debt_ms_ = std::max(0.0, debt_ms_ + slice.used_ms - budget_ms);
  return slice;
}

void Scheduler::forget(int id) {
  served_.erase(id);
  last_running_.erase(std::remove(last_running_.begin(), last_running_.end(), id), last_running_.end());
}

double Scheduler::served_ms(int id) const {
  auto it = served_.find(id);
  return it == served_.end() ? 0.0 : it->second;
}

double frame_train_budget_ms(double drawing_ms, double base_ms, double max_ms) {
  if (!std::isfinite(drawing_ms) || drawing_ms <= 0) return base_ms;
  return std::min(max_ms, std::max(base_ms, drawing_ms / 3.0));
}

}  // namespace bpl
