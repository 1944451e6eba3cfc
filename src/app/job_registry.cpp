#include "app/job_registry.hpp"

#include <algorithm>

namespace bpl {

void JobRegistry::add(Job& job, int group) { entries_.push_back({&job, group}); }

bool JobRegistry::busy() const {
  return std::any_of(entries_.begin(), entries_.end(), [](const Entry& e) { return e.job->running(); });
}

void JobRegistry::cancel_all() {
  for (const Entry& e : entries_)
    if (e.job->running()) e.job->cancel();
}

std::vector<int> JobRegistry::groups() const {
  std::vector<int> out;
  for (const Entry& e : entries_)
    if (std::find(out.begin(), out.end(), e.group) == out.end()) out.push_back(e.group);
  return out;
}

bool JobRegistry::group_wants_slice(int group) const {
  return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) {
    return e.group == group && !e.job->trains_in_sessions() && e.job->wants_slice();
  });
}

bool JobRegistry::run_for(double budget_ms) {
  // Which groups take a share is decided before any job runs this frame.
  const std::vector<int> all = groups();
  std::vector<int> sliced;
  for (int g : all)
    if (group_wants_slice(g)) sliced.push_back(g);
  const double group_ms = sliced.empty() ? 0.0 : budget_ms / static_cast<double>(sliced.size());
  bool ran = false;
  for (int g : all) {
    // The group's part is split among its jobs that want a slice when the group's turn comes.
    std::vector<Job*> takers;
    const bool has_part = std::find(sliced.begin(), sliced.end(), g) != sliced.end();
    for (const Entry& e : entries_)
      if (e.group == g && has_part && !e.job->trains_in_sessions() && e.job->wants_slice()) takers.push_back(e.job);
    const double job_ms = takers.empty() ? 0.0 : group_ms / static_cast<double>(takers.size());
    for (const Entry& e : entries_) {
      if (e.group != g) continue;
      if (e.job->trains_in_sessions())
        ran = e.job->run_for(0.0) || ran;
      else if (std::find(takers.begin(), takers.end(), e.job) != takers.end())
        ran = e.job->run_for(job_ms) || ran;
    }
  }
  return ran;
}

}  // namespace bpl
