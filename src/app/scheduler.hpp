// One frame's training budget shared among the running sessions, fairly by time.
//
// Policy (least attained service, as a CPU scheduler's "fair" class): every session has a
// served time, the milliseconds its steps have taken since it joined. Within a frame the
// scheduler repeatedly steps the running session with the least served time, measuring each
// step, until the frame's budget is used. So over time every running session gets the same
// share of the training time whatever its step costs (a cheap SGD minibatch and an expensive
// CG iteration alike), and none starves: the one that waited longest has the least served time
// and goes next. A session that (re)joins starts at the least served time of those already
// running, so it cannot monopolize the budget to "catch up".
//
// Budget: a step is never cut short, so a frame may overrun its budget by at most one step.
// The overrun is a debt the next frames pay back (their budget shrinks by it; a frame whose
// budget is all debt trains nothing), so over many frames the training time stays within
// frames x budget plus one step.
//
// No UI and no clock of its own: the clock is injected (tests pass a fake one).
#pragma once
#include <functional>
#include <map>
#include <vector>

namespace bpl {

class Scheduler {
 public:
  using Clock = std::function<double()>;      // milliseconds, monotonic
  using StepFn = std::function<bool(int id)>; // one step of session id; false: it cannot go on

  explicit Scheduler(Clock clock);

  struct Slice {
    int steps = 0;               // steps taken in this frame, all sessions together
    double used_ms = 0;          // time the steps took
    std::vector<int> finished;   // sessions whose step returned false (they left the slice)
  };
  // Steps the sessions in `running` (ids, any order) for up to budget_ms minus the debt of
  // previous overruns. With at least one running session and a positive budget left, at
  // least one step is taken.
  Slice run(double budget_ms, const std::vector<int>& running, const StepFn& step);
  // The same with a quota: at most quota(id) steps of session id in this slice (a negative
  // quota: no limit). A session that used its quota leaves the slice without finishing (slow
  // motion, see StepPacer).
  using QuotaFn = std::function<int(int id)>;
  Slice run(double budget_ms, const std::vector<int>& running, const StepFn& step, const QuotaFn& quota);

  // Forgets a session (removed): its served time no longer counts.
  void forget(int id);
  // Served time of a session since it joined (0 for an unknown id).
  double served_ms(int id) const;
  // Overrun still to be paid back by the next frames.
  double debt_ms() const { return debt_ms_; }

 private:
  void admit(const std::vector<int>& running);

  Clock clock_;
  std::map<int, double> served_;
  std::vector<int> last_running_;
  double debt_ms_ = 0;
};

// Slow motion: a fixed number of optimizer steps per second, whatever the frame rate. Credit
// accrues with the (injected) clock at `per_second` steps a second; allowance() is the whole
// steps it holds now. The credit is capped (at a tenth of a second's steps, at least one), so a
// stalled page or a pause does not release a burst when training resumes.
class StepPacer {
 public:
  int allowance(double now_ms, int per_second);
  void spent(int steps) { credit_ -= steps; }
  void restart() { started_ = false; }     // the next allowance starts afresh: one step at once
 private:
  bool started_ = false;
  double credit_ = 0, last_ms_ = 0;
};

// Training's slice of one frame: base_ms, or a third of what the previous frame cost (drawing_ms:
// building and drawing the UI, or the time between frames when the GPU is what holds them back)
// when that is more, at most max_ms. On a fast display the slice
// stays base_ms; on a slow one (software WebGL, an old laptop: 40 ms to draw a frame) training
// keeps about a quarter of the time instead of a sixth, and the frame rate drops by about as
// much as the slice grows (20 to 17 frames a second at 40 ms). Bad input gives base_ms.
double frame_train_budget_ms(double drawing_ms, double base_ms = 8.0, double max_ms = 16.0);

}  // namespace bpl
