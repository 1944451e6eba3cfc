// The training scheduler: fair shares by time, no starvation, budget respected. A fake clock
// advances only when a fake session "steps", so every figure here is exact and independent of
// the machine's speed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "app/scheduler.hpp"

using namespace bpl;

namespace {

// Sessions with fixed step costs (ms) on a fake clock.
struct FakeRig {
  double now = 0;
  std::map<int, double> cost;            // ms per step
  std::map<int, double> used;            // ms each session got
  std::map<int, int> steps;
  std::map<int, int> steps_left;         // a session stops (step returns false) when this hits 0
  Scheduler sched{[this] { return now; }};

  Scheduler::Slice frame(double budget, const std::vector<int>& running) {
    return sched.run(budget, running, [this](int id) {
      now += cost[id];
      used[id] += cost[id];
      ++steps[id];
      auto it = steps_left.find(id);
      return it == steps_left.end() || --it->second > 0;
    });
  }
};

}  // namespace

TEST(Scheduler, SharesTimeFairlyWhateverTheStepCost) {
  FakeRig r;
  r.cost = {{1, 0.5}, {2, 3.0}, {3, 7.0}};  // cheap minibatch ... expensive CG iteration
  for (int f = 0; f < 300; ++f) r.frame(12.0, {1, 2, 3});
  const double total = r.used[1] + r.used[2] + r.used[3];
  for (int id : {1, 2, 3}) {
    EXPECT_NEAR(r.used[id] / total, 1.0 / 3.0, 0.02) << "session " << id;
    // The scheduler's own accounting agrees with what the sessions measured.
    EXPECT_DOUBLE_EQ(r.sched.served_ms(id), r.used[id]);
  }
  // Cheap steps get many more steps for the same time.
  EXPECT_GT(r.steps[1], 10 * r.steps[3]);
}

TEST(Scheduler, NoSessionStarvesEvenWhenOneStepExceedsTheBudget) {
  FakeRig r;
  r.cost = {{1, 0.2}, {2, 40.0}, {3, 1.0}};  // session 2: one step is 4 frames' budgets
  std::map<int, int> last_step_frame{{1, 0}, {2, 0}, {3, 0}};
  int longest_wait = 0;
  for (int f = 1; f <= 400; ++f) {
    std::map<int, int> before = r.steps;
    r.frame(10.0, {1, 2, 3});
    for (int id : {1, 2, 3}) {
      if (r.steps[id] > before[id]) last_step_frame[id] = f;
      longest_wait = std::max(longest_wait, f - last_step_frame[id]);
    }
  }
  for (int id : {1, 2, 3}) EXPECT_GT(r.steps[id], 0) << "session " << id;
  // Every session steps at least once every few frames (the 40 ms step waits its turn in time,
  // the budget is 10 ms per frame and three sessions share it).
  EXPECT_LE(longest_wait, 15);
  const double total = r.used[1] + r.used[2] + r.used[3];
  EXPECT_NEAR(r.used[2] / total, 1.0 / 3.0, 0.05);
}

TEST(Scheduler, RespectsTheBudgetOverFramesAndPaysBackOverruns) {
  FakeRig r;
  r.cost = {{1, 2.5}, {2, 9.0}};
  const double budget = 8.0;
  const int frames = 200;
  double total = 0;
  double worst_frame = 0;
  for (int f = 0; f < frames; ++f) {
    const Scheduler::Slice s = r.frame(budget, {1, 2});
    total += s.used_ms;
    worst_frame = std::max(worst_frame, s.used_ms);
    // A frame never starts a step once its (debt-reduced) budget is used: it overruns by less
    // than one step.
    EXPECT_LT(s.used_ms, budget + 9.0);
  }
  // Over many frames the training time stays within frames x budget plus one step.
  EXPECT_LE(total, frames * budget + 9.0);
  EXPECT_GE(total, frames * budget - 9.0);  // and the budget is used, not wasted
  EXPECT_GT(worst_frame, budget);           // overruns did happen (a 9 ms step in an 8 ms budget)
}

TEST(Scheduler, AtLeastOneStepPerFrameWithinBudget) {
  FakeRig r;
  r.cost = {{7, 1.0}};
  const Scheduler::Slice s = r.frame(5.0, {7});
  EXPECT_EQ(s.steps, 5);
  EXPECT_DOUBLE_EQ(s.used_ms, 5.0);
  EXPECT_DOUBLE_EQ(r.sched.debt_ms(), 0.0);
}

TEST(Scheduler, FinishedSessionsLeaveTheSliceAndOthersGetTheTime) {
  FakeRig r;
  r.cost = {{1, 1.0}, {2, 1.0}};
  r.steps_left = {{1, 2}};               // session 1 stops after 2 steps
  const Scheduler::Slice s = r.frame(10.0, {1, 2});
  ASSERT_EQ(s.finished, std::vector<int>{1});
  EXPECT_EQ(r.steps[1], 2);
  EXPECT_EQ(r.steps[2], 8);
}

TEST(Scheduler, ASessionThatJoinsLateDoesNotMonopolizeTheBudget) {
  FakeRig r;
  r.cost = {{1, 1.0}, {2, 1.0}};
  for (int f = 0; f < 100; ++f) r.frame(10.0, {1});   // session 1 alone: 1000 ms served
  r.frame(10.0, {1, 2});                                // session 2 joins
  EXPECT_EQ(r.steps[2], 5);                             // half the frame, not all of it
  // Pausing and resuming is joining again: no catch-up burst either.
  for (int f = 0; f < 50; ++f) r.frame(10.0, {1});
  const int before = r.steps[2];
  r.frame(10.0, {1, 2});
  EXPECT_EQ(r.steps[2] - before, 5);
}

TEST(Scheduler, NothingRunningClearsTheDebt) {
  FakeRig r;
  r.cost = {{1, 30.0}};
  r.frame(10.0, {1});
  EXPECT_DOUBLE_EQ(r.sched.debt_ms(), 20.0);
  const Scheduler::Slice s = r.frame(10.0, {1});       // all debt: no step
  EXPECT_EQ(s.steps, 0);
  EXPECT_DOUBLE_EQ(r.sched.debt_ms(), 10.0);
  r.frame(10.0, {});
  EXPECT_DOUBLE_EQ(r.sched.debt_ms(), 0.0);
  r.sched.forget(1);
  EXPECT_DOUBLE_EQ(r.sched.served_ms(1), 0.0);
}

TEST(FrameTrainBudget, EightMillisecondsOnAFastDisplayAQuarterOfTheTimeOnASlowOne) {
  EXPECT_DOUBLE_EQ(frame_train_budget_ms(3.0), 8.0);     // a GPU draws in a few ms: unchanged
  EXPECT_DOUBLE_EQ(frame_train_budget_ms(24.0), 8.0);
  EXPECT_DOUBLE_EQ(frame_train_budget_ms(42.0), 14.0);   // software WebGL at 1280x800: 1/4 of the frame
  EXPECT_DOUBLE_EQ(frame_train_budget_ms(200.0), 16.0);  // capped
  for (double bad : {0.0, -5.0, std::nan(""), std::numeric_limits<double>::infinity()})
    EXPECT_DOUBLE_EQ(frame_train_budget_ms(bad), 8.0) << bad;
  EXPECT_DOUBLE_EQ(frame_train_budget_ms(30.0, 4.0, 6.0), 6.0);
}
