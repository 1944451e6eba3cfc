// The job interface (app/job.hpp) and the registry (app/job_registry.hpp): who runs, with which
// share of the frame's budget, and what cancel does; the real jobs through the interface.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/app_jobs.hpp"
#include "app/job_registry.hpp"
#include "digits_fixture.hpp"

namespace bpl {
namespace {

// A job that records the budgets it was handed.
struct FakeJob : Job {
  bool on = false;
  bool sessions = false;
  std::vector<double> slices;
  unsigned long long v = 0;
  bool running() const override { return on; }
  double progress() const override { return 0.0; }
  bool run_for(double budget_ms) override {
    slices.push_back(budget_ms);
    return on;
  }
  void cancel() override {
    on = false;
    ++v;
  }
  unsigned long long version() const override { return v; }
  std::string last_error() const override { return {}; }
  bool trains_in_sessions() const override { return sessions; }
};

TEST(JobRegistry, BusyWhileAnyJobRunsAndNotAfterCancel) {
  FakeJob a, b;
  JobRegistry reg;
  reg.add(a, 0);
  reg.add(b, 1);
  EXPECT_FALSE(reg.busy());
  b.on = true;
  EXPECT_TRUE(reg.busy());
  a.on = true;
  reg.cancel_all();
  EXPECT_FALSE(reg.busy());
  EXPECT_EQ(a.v, 1u);
  EXPECT_EQ(b.v, 1u);
}

TEST(JobRegistry, EveryRunningJobGetsItsGroupsShare) {
  FakeJob check, knn, map, idle, sweep;
  check.on = knn.on = map.on = true;
  sweep.sessions = true;
  JobRegistry reg;
  reg.add(check, 0);
  reg.add(sweep, 1);
  reg.add(knn, 1);
  reg.add(idle, 1);
  reg.add(map, 1);
  EXPECT_TRUE(reg.run_for(8.0));
  // Two groups with work: 4 ms each; the second group's 4 ms between its two running jobs.
  EXPECT_EQ(check.slices, std::vector<double>({4.0}));
  EXPECT_EQ(knn.slices, std::vector<double>({2.0}));
  EXPECT_EQ(map.slices, std::vector<double>({2.0}));
  EXPECT_TRUE(idle.slices.empty());
  EXPECT_EQ(sweep.slices, std::vector<double>({0.0}));   // bookkeeping every frame, no share

  // Alone, a job has the whole budget; the bookkeeping still runs when nothing else does.
  knn.on = map.on = false;
  (void)reg.run_for(8.0);
  EXPECT_EQ(check.slices.back(), 8.0);
  EXPECT_EQ(knn.slices.size(), 1u);
  check.on = false;
  EXPECT_FALSE(reg.run_for(8.0));
  EXPECT_EQ(sweep.slices.size(), 3u);
  EXPECT_EQ(check.slices.size(), 2u);
}

// The app's own jobs: the registry counts them in busy() and runs them in run_jobs().
TEST(AppJobs, RunJobsGivesEveryRunningJobASliceAndCancelStopsThem) {
  AppState app;
  load_small_app(app, 30);
  ASSERT_EQ(app.jobs().size(), 5u);
  EXPECT_FALSE(app.busy());
  GradcheckRequest req;
  req.samples = 5000;
  ASSERT_TRUE(app.start_gradcheck(req).ok());
  KnnJob& knn = app.experiments().knn;
  ASSERT_TRUE(knn.start(app.data(), KnnCvOptions{}).ok());
  EXPECT_TRUE(app.jobs().busy());
  EXPECT_TRUE(app.busy());

  const unsigned long long check_v = app.gradcheck().version(), knn_v = knn.version();
  EXPECT_TRUE(app.run_jobs(0.0));
  EXPECT_GT(app.gradcheck().progress(), 0.0);
  EXPECT_GT(app.gradcheck().version(), check_v);
  EXPECT_GT(knn.version(), knn_v);
  EXPECT_TRUE(knn.running());

  app.jobs().cancel_all();
  EXPECT_FALSE(app.jobs().busy());
  EXPECT_FALSE(app.busy());
  EXPECT_EQ(app.gradcheck().state(), JobState::Cancelled);
  EXPECT_FALSE(knn.running());
  EXPECT_FALSE(app.run_jobs(1.0));
}

TEST(AppJobs, CancelThroughTheInterfaceStopsTheJobAndBumpsItsVersion) {
  AppState app;
  load_small_app(app, 30);
  ASSERT_TRUE(app.start_gradcheck(GradcheckRequest{}).ok());
  Job& check = app.gradcheck();
  ASSERT_TRUE(check.running());
  const unsigned long long v = check.version();
  check.cancel();
  EXPECT_FALSE(check.running());
  EXPECT_GT(check.version(), v);
  EXPECT_FALSE(check.run_for(1.0)) << "a cancelled job does no work";

  KnnJobTask knn(app);
  ASSERT_TRUE(app.experiments().knn.start_comparison(3).ok());
  ASSERT_TRUE(knn.running());
  const unsigned long long kv = knn.version();
  knn.cancel();
  EXPECT_FALSE(knn.running());
  EXPECT_FALSE(app.experiments().knn.comparing());
  EXPECT_GT(knn.version(), kv);
}

// Progress of real jobs on the shipped digits: within 0..1, never backwards, 1 at the end.
void expect_monotone_progress(AppState& app, Job& job) {
  double last = job.progress();
  EXPECT_GE(last, 0.0);
  int calls = 0;
  while (job.running() && calls++ < 100000) {
    (void)app.run_jobs(0.0);
    const double p = job.progress();
    ASSERT_GE(p, last) << "after " << calls << " slices";
    ASSERT_LE(p, 1.0);
    last = p;
  }
  EXPECT_FALSE(job.running());
  EXPECT_DOUBLE_EQ(job.progress(), 1.0);
}

TEST(AppJobs, ProgressOfRealJobsStaysInZeroOneAndNeverGoesBack) {
  AppState app;
  load_small_app(app, 30);
  GradcheckRequest req;
  req.samples = 300;
  ASSERT_TRUE(app.start_gradcheck(req).ok());
  expect_monotone_progress(app, app.gradcheck());

  KnnJobTask knn(app);
  KnnCvOptions o;
  o.folds = 3;
  ASSERT_TRUE(app.experiments().knn.start(app.data(), o).ok());
  EXPECT_DOUBLE_EQ(knn.progress(), 0.0);
  expect_monotone_progress(app, knn);
  EXPECT_EQ(app.experiments().knn.runs_completed(), 1u);
}

TEST(KnnJob, StartComparisonRefusesABadKAndChangesNothing) {
  AppState app;
  load_small_app(app, 30);
  KnnJob& job = app.experiments().knn;
  const unsigned long long v = job.version();
  const Status s = job.start_comparison(0);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "k must be at least 1 (got 0)");
  EXPECT_FALSE(job.comparing());
  EXPECT_EQ(job.version(), v);
  EXPECT_FALSE(job.start_comparison(-3).ok());
  EXPECT_TRUE(job.start_comparison(1).ok());
  EXPECT_TRUE(job.comparing());
}

}  // namespace
}  // namespace bpl
