// Optimizers that can be resumed one iteration at a time: the browser calls step() inside
// its frame loop in time slices, so no optimizer may own a loop over iterations.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "core/types.hpp"
#include "optim/objective.hpp"

namespace bpl {

// Every kind has one entry in the optimizer registry (optim/optimizer_registry.hpp): its names,
// defaults, settings, factory and preview; the functions below read it.
enum class OptimizerKind { CG, LBFGS, SGD, Momentum, Adam };
const char* to_string(OptimizerKind k);              // "cg" "lbfgs" "sgd" "momentum" "adam"
bool parse_optimizer(std::string_view s, OptimizerKind* out);
bool is_minibatch(OptimizerKind k);                  // SGD, Momentum, Adam
double default_learning_rate(OptimizerKind k);       // SGD 0.5, Momentum 0.1, Adam 1e-3 (CG/L-BFGS: unused)

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::CG;
  // minibatch family
  double learning_rate = 1e-3;   // step size (SGD, Momentum, Adam)
  int batch_size = 32;           // samples per minibatch, 1..65536 (clamped to the training set size)
  double momentum = 0.9;         // Momentum: v = mu v - lr g; x += v
  double beta1 = 0.9;            // Adam first-moment decay
  double beta2 = 0.999;          // Adam second-moment decay
  double epsilon = 1e-8;         // Adam denominator guard
  std::uint64_t shuffle_seed = 1;// minibatch order: reshuffled every epoch from this seed
  // quasi-Newton / CG
  int lbfgs_memory = 10;         // L-BFGS history pairs, 1..100
  int max_line_search = 20;      // max function evaluations per line search (CG, L-BFGS)
  double wolfe_c1 = 1e-4;        // sufficient decrease (Armijo) constant
  double wolfe_c2 = 0.1;         // curvature constant, c1 < c2 < 1 (CG: 0.1 as Nocedal & Wright advise,
                                 // fmincg uses 0.5; L-BFGS: 0.9, see for_kind)

  Status validate() const;       // every field in range and finite
  bool operator==(const OptimizerConfig& o) const;   // every field
  bool operator!=(const OptimizerConfig& o) const { return !(*this == o); }
  // Defaults suited to k: learning_rate = default_learning_rate(k); wolfe_c2 = 0.9 for L-BFGS.
  static OptimizerConfig for_kind(OptimizerKind k);
  // The one rule for switching optimizer (Network panel, setConfig, the race): kind k with k's
  // own defaults for the settings that depend on the kind (learning_rate, wolfe_c2, as for_kind)
  // and every other setting kept. Switching to the same kind changes nothing.
  OptimizerConfig switched_to(OptimizerKind k) const;
  // The fields kind uses, e.g. "adam lr=0.001 batch=32 beta1=0.9 beta2=0.999 eps=1e-08 seed=1".
  std::string describe() const;
};

struct StepInfo {
  double f = 0;            // objective after the step (minibatch: that batch's f before the update)
  int evaluations = 0;     // f/g evaluations used by this step
  bool epoch_done = false; // minibatch family: this step finished a pass over the data; CG/L-BFGS: always true
  bool converged = false;  // CG/L-BFGS: no further progress possible (line search failed twice / zero gradient)
};

template <class T>
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // One iteration: CG/L-BFGS one line-searched iteration; SGD/Momentum/Adam one minibatch.
  // Updates x in place.
  virtual StepInfo step(Objective<T>& f, Eigen::Ref<Vec<T>> x) = 0;
  // Forget all history (directions, moments, epoch position); next step starts fresh.
  virtual void restart() = 0;
  virtual OptimizerKind kind() const = 0;
  virtual long long total_evaluations() const = 0;
};

// Validates cfg; returns nullptr and sets *err on invalid config.
template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(const OptimizerConfig& cfg, Status* err = nullptr);

}  // namespace bpl
