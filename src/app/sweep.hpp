// Bias / variance experiments (Andrew Ng's course), each point a real training run:
//   Lambda     validation (and training) accuracy against the regularization strength lambda
//              (log scale): too little lambda overfits, too much underfits;
//   TrainSize  training and validation error against the number of training images (10%..100%
//              of the training split; the validation split stays the same): the learning curves.
// A point is the main network's config (architecture, activation, optimizer, seeds, split) with
// lambda or the training subset changed and `iterations` as its limit, trained from its initial
// weights to the limit in a SESSION of its own (AppState::add_session): the scheduler trains it
// in time slices beside the main network and any race. The points' sessions run one after
// another (update() starts the next when one stops), so the points arrive, and are plotted, one
// by one; cancel() removes the running session at once.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "train/trainer.hpp"

namespace bpl {

enum class SweepKind { Lambda, TrainSize };
const char* to_string(SweepKind k);
bool parse_sweep_kind(std::string_view s, SweepKind* out);   // "lambda" | "train_size"

struct SweepOptions {
  SweepKind kind = SweepKind::Lambda;
  std::vector<double> values;   // lambdas (>= 0, <= 1e6) or training fractions (0, 1]; 1..20 of them
  int iterations = 100;         // per run: CG/L-BFGS iterations or epochs; 1..2000
  Status validate() const;
};

// n values from lo to hi: log-spaced for Lambda (lo > 0), evenly spaced for TrainSize.
std::vector<double> sweep_values(SweepKind kind, double lo, double hi, int n);

struct SweepPoint {
  double value = 0;        // lambda or training fraction
  int train_size = 0;      // training images fitted
  bool done = false;
  int iterations = 0;      // iterations (CG/L-BFGS) or epochs (minibatch) run: the limit's unit
  double train_accuracy = 0, validation_accuracy = 0;
  double train_loss = 0, validation_loss = 0;
  double ms = 0;           // training time
};

class AppState;
using SessionId = int;

class Sweep {
 public:
  // Starts a sweep from the main network's config (replacing a running one).
  // Errors (nothing changes): no data, bad options, an invalid resulting config.
  Status start(AppState& app, const SweepOptions& opt);
  void cancel(AppState& app);
  bool running() const { return running_; }
  // Points done / all, counting the current run's iterations.
  double progress() const;
  const SweepOptions& options() const { return opt_; }
  const std::vector<SweepPoint>& points() const { return points_; }
  int current() const { return running_ ? current_ : -1; }   // index of the point training now
  SessionId session() const { return session_; }             // its session, -1 when none
  unsigned long long runs_completed() const { return runs_completed_; }   // whole sweeps
  // Bumped by start, cancel, every finished point and the current run's progress.
  unsigned long long version() const { return version_; }
  // Why the last sweep stopped early (a point's run could not start); empty otherwise.
  const std::string& last_error() const { return last_error_; }

  // Collects a point whose session has stopped and starts the next one (every frame; cheap).
  // Returns true if anything changed.
  bool update(AppState& app);

 private:
  Status begin_point(AppState& app);
  void finish_point(AppState& app);

  SweepOptions opt_;
  TrainConfig base_;
  std::vector<SweepPoint> points_;
  SessionId session_ = -1;   // the current point's run
  int current_iterations_ = 0;
  int current_ = 0;
  bool running_ = false;
  unsigned long long runs_completed_ = 0, version_ = 0;
  std::string last_error_;
};

}  // namespace bpl
