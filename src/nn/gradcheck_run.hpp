// A gradient check one parameter at a time, the way a student writes it: for each chosen
// parameter theta_i,
//     numeric_i  = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)     (plain central difference)
//     analytic_i = (dJ/dtheta)_i from backprop (one evaluation for all i)
//     rel_i      = |numeric_i - analytic_i| / max(|numeric_i| + |analytic_i|, 1e-8)   (relative_error)
// and the check passes when every rel_i is below a threshold. Unlike gradient_check()
// (gradcheck.hpp: Ridders' extrapolation, for the engine's own tests) this one uses exactly the
// epsilon it is given, so a student can see it go wrong when eps is too large (truncation error
// ~ eps^2) or too small (round-off ~ 1e-16 |J| / eps).
//
// It works one parameter per step() (two cost evaluations) so that the app can spread it over
// frames; J can be the clean engine or a notebook mistake (notebook_mistakes.hpp).
#pragma once
#include <cstdint>
#include <vector>

#include "core/status.hpp"
#include "core/types.hpp"
#include "nn/network.hpp"
#include "nn/notebook_mistakes.hpp"

namespace bpl {

// The pass/fail threshold on the relative error, at the default epsilon 1e-4, with the
// denominator's floor kGradCheckTiny. Measured (every parameter checked, first 20 training
// images, m_reg = the training set) on the app's default network, 64-25-10 sigmoid with sigmoid
// outputs and lambda 1, at its initial weights and after 5, 20, 50, 100, 200, 400 and 1000 CG
// iterations, lambda on and off, and at the log_init weights:
//   * the clean engine's worst entry is 1.5e-5 (typically 1e-6 .. 6e-6). What is left is
//     round-off: J is summed from thousands of terms, so J(theta +- eps) carry absolute errors of
//     ~1e-16 |J| (plus the regularizer's sum of squares), i.e. ~1e-13 .. 1e-12 on a derivative at
//     eps = 1e-4; entries of ~1e-8 would show that as a relative error of 1e-4 .. 1e-5, hence
//     the floor: entries below 1e-7 are compared in absolute terms (/ 1e-7).
//   * every broken variant's failing layer has a worst entry >= 4.8e-3 (regularize_wrong_column's
//     layer 2 at the initial weights; 0.06 .. 1 otherwise), and log_init stays at the clean level.
// 1e-4 leaves a factor ~7 above the clean engine's worst and ~50 below the weakest bug. (The
// same check with standardized inputs reaches 1.1e-4: inputs of larger scale make the eps^2
// truncation error larger; eps = 1e-5 passes there. eps = 1e-2 fails through truncation and
// 1e-8 through round-off: the panel lets a student see both.)
constexpr double kGradCheckThreshold = 1e-4;
// The floor of the relative error's denominator (see check_relative_error).
constexpr double kGradCheckTiny = 1e-7;
constexpr double kGradCheckDefaultEpsilon = 1e-4;   // as in Andrew Ng's ex4 (computeNumericalGradient)
constexpr double kGradCheckMinEpsilon = 1e-8;
constexpr double kGradCheckMaxEpsilon = 1e-2;

// Where a flat parameter index lives: layer l (1..L), row (unit of layer l), and col (unit of
// layer l-1) for a weight or col = -1 for the bias b_l(row).
struct ParamRef {
  int layer = 0;
  int row = 0;
  int col = -1;
  bool bias() const { return col < 0; }
};
ParamRef param_ref(const Architecture& A, Index i);

// n distinct parameters at random, spread evenly over the layers (each layer gets n / L of them,
// or all of it when it is smaller; the rest go to the larger layers), sorted. Deterministic in seed.
std::vector<Index> sample_parameters(const Architecture& A, int n, std::uint64_t seed);
// Every parameter of layer l (weights, then biases).
std::vector<Index> layer_parameters(const Architecture& A, int l);

// |n - a| / max(|n| + |a|, tiny): relative for entries above tiny, absolute / tiny below it.
double check_relative_error(double numeric, double analytic, double tiny = kGradCheckTiny);

struct ParamCheck {
  Index index = 0;
  ParamRef ref;
  double analytic = 0, numeric = 0, rel_error = 0;
};

struct LayerCheck {
  int layer = 0;          // 1..L
  int checked = 0;        // parameters of this layer checked so far
  int failed = 0;         // of which rel_error >= threshold (or not finite)
  double max_rel_error = 0;
  int worst = -1;         // index into results() of the worst one, -1 if none checked
};

class GradCheckRun {
 public:
  // Evaluates the analytic gradient at theta (one evaluation); params are flat indices into theta.
  // Errors: empty or out-of-range params, epsilon outside [1e-8, 1e-2], a non-finite cost.
  Status start(const Architecture& A, VecD theta, CostFunction cost, std::vector<Index> params, double epsilon,
               double threshold = kGradCheckThreshold, double tiny = kGradCheckTiny);
  bool started() const { return !params_.empty(); }
  bool done() const { return next_ >= params_.size(); }
  // Checks the next parameter (two cost evaluations). Does nothing once done.
  void step();

  std::size_t checked() const { return next_; }
  std::size_t total() const { return params_.size(); }
  const std::vector<ParamCheck>& results() const { return results_; }
  const std::vector<LayerCheck>& layers() const { return layers_; }   // [l - 1] for layer l
  double max_rel_error() const;      // over the parameters checked so far
  bool pass() const;                 // every checked parameter below the threshold
  // Layer of the largest relative error; ties (broken layers often reach the maximum, 1) go to
  // the layer with the larger share of failing entries. 0 before any result.
  int worst_layer() const;
  double epsilon() const { return epsilon_; }
  double threshold() const { return threshold_; }
  const Architecture& arch() const { return arch_; }

 private:
  Architecture arch_;
  VecD theta_;
  VecD analytic_;
  CostFunction cost_;
  std::vector<Index> params_;
  std::size_t next_ = 0;
  double epsilon_ = kGradCheckDefaultEpsilon;
  double threshold_ = kGradCheckThreshold;
  double tiny_ = kGradCheckTiny;
  std::vector<ParamCheck> results_;
  std::vector<LayerCheck> layers_;
};

}  // namespace bpl
