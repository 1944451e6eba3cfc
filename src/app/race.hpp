// The optimizer race: 2..5 optimizers train the same architecture from the same initial
// weights side by side, each in its own session of the AppState, sharing the frame's training
// budget through the scheduler. Start, pause and reset act on every runner together.
//
// A runner's config is the main session's (architecture, lambda, split, scaling, init seed:
// hence the same initial weights) with its own optimizer settings, the race's iteration limit
// (CG/L-BFGS iterations, epochs for SGD/momentum/Adam) and no augmentation (every runner fits
// the same fixed training split; see Race::start). Changing the main
// network afterwards does not touch a race in progress.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.hpp"
#include "optim/optimizer.hpp"
#include "train/trainer.hpp"

namespace bpl {

class AppState;
using SessionId = int;

struct RaceSetup {
  std::vector<OptimizerConfig> optimizers;   // 2..5 of them
  int max_iterations = 100;                  // per runner: iterations (CG, L-BFGS) or epochs, 1..100000
  Status validate() const;
};

// The race's usual line-up: CG, L-BFGS and Adam with their defaults.
RaceSetup default_race_setup();

// {"optimizers": ["cg", {"optimizer": "adam", "learning_rate": 0.01}, ...], "max_iterations": 100}
// An entry is an optimizer name (its defaults) or an object with "optimizer" and any of its
// settings (learning_rate, batch_size, momentum, beta1, beta2, epsilon, shuffle_seed,
// lbfgs_memory, max_line_search, wolfe_c1, wolfe_c2). Errors name the entry and the key.
Result<RaceSetup> race_setup_from_json(const nlohmann::json& j);

// "CG", "L-BFGS m=10", "SGD lr=0.5 b=32", "Momentum lr=0.1 mu=0.9 b=32", "Adam lr=0.001 b=32".
std::string race_label(const OptimizerConfig& o);

class Race {
 public:
  static constexpr int kMinRunners = 2;
  static constexpr int kMaxRunners = 5;

  struct Runner {
    SessionId session = -1;
    OptimizerConfig optim;
    std::string label;
  };

  // Replaces any previous race with a new one (its sessions start from the main session's
  // config and seed) and starts it. Errors (nothing changes): no data, an invalid setup.
  Status start(AppState& app, const RaceSetup& setup);
  // Pauses or resumes every runner that has not stopped.
  void set_running(AppState& app, bool on);
  // Every runner back to the shared initial weights, histories cleared, paused.
  void reset(AppState& app);
  // Ends the race: its sessions are removed.
  void clear(AppState& app);

  bool active() const { return !runners_.empty(); }
  bool running(const AppState& app) const;     // at least one runner is training
  bool finished(const AppState& app) const;    // every runner has stopped
  const std::vector<Runner>& runners() const { return runners_; }
  const RaceSetup& setup() const { return setup_; }
  // Bumped by start, set_running, reset and clear (the runners' curves have their sessions' versions).
  unsigned long long version() const { return version_; }

 private:
  std::vector<Runner> runners_;
  RaceSetup setup_;
  unsigned long long version_ = 0;
};

}  // namespace bpl
