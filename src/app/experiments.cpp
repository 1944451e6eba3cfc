#include "app/experiments.hpp"

#include "app/app_state.hpp"
#include "core/clock.hpp"

namespace bpl {

bool Experiments::busy(double now_ms) const { return knn.busy() || map.wanted(now_ms); }

bool Experiments::run_for(AppState& app, double budget_ms) {
  if (!app.has_data()) return false;
  bool ran = sweep.update(app);   // bookkeeping only: its sessions train in AppState::train_for
  const double t0 = now_ms();
  if (!busy(t0)) return ran;
  const int jobs = (knn.busy() ? 1 : 0) + (map.wanted(t0) ? 1 : 0);
  const double share = budget_ms / jobs;
  if (knn.busy()) ran = knn.run_for(app, share) || ran;
  if (map.wanted(t0)) {
    if (map.prepare(app.data()).ok())
      ran = map.run_for(app.trainer(), app.weights_version(), now_ms(), share) || ran;
  }
  return ran;
}

}  // namespace bpl
