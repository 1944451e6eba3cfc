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
  return run(budget_ms, running, step, QuotaFn());
}

Scheduler::Slice Scheduler::run(double budget_ms, const std::vector<int>& running, const StepFn& step,
                                const QuotaFn& quota) {
  Slice slice;
  if (running.empty()) {
    debt_ms_ = 0;  // nothing trains: nothing to pay back
    last_running_.clear();
    return slice;
  }
  admit(running);
  const double budget = budget_ms - debt_ms_;
  std::vector<int> active;
  std::map<int, int> left;   // steps each session may still take (quota), -1: no limit
  for (int id : running) {
    left[id] = quota ? quota(id) : -1;
    if (left[id] != 0) active.push_back(id);
  }
  const double t0 = clock_();
  while (!active.empty() && budget > 0 && clock_() - t0 < budget) {
    auto next = std::min_element(active.begin(), active.end(),
                                 [&](int a, int b) { return served_[a] < served_[b]; });
    const int id = *next;
    const double ts = clock_();
    const bool go_on = step(id);
    served_[id] += clock_() - ts;
    ++slice.steps;
    if (left[id] > 0) --left[id];
    if (!go_on) {
      slice.finished.push_back(id);
      active.erase(next);
    } else if (left[id] == 0) {
      active.erase(next);   // its quota is used: it waits for the next slice
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

int StepPacer::allowance(double now_ms, int per_second) {
  if (per_second <= 0) return 0;
  if (!started_) {
    started_ = true;
    credit_ = 1;   // the first step at once
  } else if (now_ms > last_ms_) {
    credit_ += (now_ms - last_ms_) * per_second / 1000.0;
  }
  last_ms_ = now_ms;
  credit_ = std::min(credit_, std::max(1.0, per_second / 10.0));
  return std::max(0, static_cast<int>(std::floor(credit_)));
}

double frame_train_budget_ms(double drawing_ms, double base_ms, double max_ms) {
  if (!std::isfinite(drawing_ms) || drawing_ms <= 0) return base_ms;
  return std::min(max_ms, std::max(base_ms, drawing_ms / 3.0));
}

}  // namespace bpl
