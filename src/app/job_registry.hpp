// The app's jobs (job.hpp), in one list: AppState::busy() asks it whether any job runs and
// AppState::run_jobs() hands it the frame's job budget. Jobs are registered once (AppState's
// constructor) and not owned: they live as long as the AppState.
//
// How the budget is shared: each job belongs to a GROUP. The budget is split equally among the
// groups that have a job wanting a slice (Job::wants_slice), and a group's part equally among
// those of its jobs. Groups, and the jobs in a group, run in registration order. A job that
// trains in sessions (Job::trains_in_sessions) gets run_for(0) every frame and no share.
#pragma once
#include <vector>

#include "app/job.hpp"

namespace bpl {

class JobRegistry {
 public:
  // Registers `job` in group `group` (any int: jobs with the same one share a part).
  void add(Job& job, int group);
  // Any registered job running.
  bool busy() const;
  // Runs the jobs for up to budget_ms milliseconds in all (see above). True if any did work.
  bool run_for(double budget_ms);
  // Stops every running job.
  void cancel_all();
  std::size_t size() const { return entries_.size(); }
  Job& job(std::size_t i) const { return *entries_[i].job; }

 private:
  struct Entry {
    Job* job;
    int group;
  };
  std::vector<int> groups() const;   // distinct groups, in registration order
  bool group_wants_slice(int group) const;

  std::vector<Entry> entries_;
};

}  // namespace bpl
