// Nonlinear conjugate gradient, Polak-Ribiere with restarts (PR+), as in Rasmussen's fmincg
// and scipy's fmin_cg: one step() = one strong-Wolfe line search along the current direction.
//
//   beta = max(0, g_new' (g_new - g) / (g' g))      (PR+: beta < 0 restarts along -g)
//   d    = -g_new + beta d                          (if d' g_new >= 0: d = -g_new)
//   first trial step: 1 / (1 + g' g) at a (re)start, then alpha_prev * min(100, phi'_prev(0) / phi'(0)).
#pragma once
#include "optim/line_search.hpp"

namespace bpl {

template <class T>
class ConjugateGradient final : public LineSearchOptimizer<T> {
 public:
  // Uses cfg.max_line_search, cfg.wolfe_c1, cfg.wolfe_c2 (cfg is assumed valid).
  explicit ConjugateGradient(const OptimizerConfig& cfg);
  OptimizerKind kind() const override { return OptimizerKind::CG; }

 private:
  void reset_history(Index dim) override;
  double direction() override;
  void accepted(Eigen::Ref<const Vec<T>> x_old, const LineSearchResult& r) override;

  bool have_direction_ = false;  // d_ holds a conjugate direction computed by accepted()
  double next_alpha_ = 1.0;      // first trial step of the next search
};

}  // namespace bpl
