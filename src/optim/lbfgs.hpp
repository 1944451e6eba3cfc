// Limited-memory BFGS (Nocedal & Wright Algorithm 7.4/7.5): one step() = one two-loop recursion
// for the direction and one strong-Wolfe line search (first trial step 1). The last m pairs
//   s_k = x_{k+1} - x_k,   y_k = g_{k+1} - g_k,   rho_k = 1 / (y_k' s_k)
// define the inverse-Hessian estimate H, started from H0 = gamma I with gamma = s'y / y'y (newest pair).
// Pairs with y's <= 0 (possible only through rounding) are skipped so H stays positive definite.
// (LBFGSpp's LBFGSSolver::minimize owns its iteration loop, so it cannot be stepped; this is our own.)
#pragma once
#include <vector>

#include "optim/line_search.hpp"

namespace bpl {

template <class T>
class Lbfgs final : public LineSearchOptimizer<T> {
 public:
  // Uses cfg.lbfgs_memory, cfg.max_line_search, cfg.wolfe_c1, cfg.wolfe_c2 (cfg is assumed valid).
  explicit Lbfgs(const OptimizerConfig& cfg);
  OptimizerKind kind() const override { return OptimizerKind::LBFGS; }
  int stored_pairs() const { return count_; }

 private:
  void reset_history(Index dim) override;
  double direction() override;
  void accepted(Eigen::Ref<const Vec<T>> x_old, const LineSearchResult& r) override;

  int memory_;
  Mat<T> S_, Y_;              // columns: s and y pairs in a ring buffer
  std::vector<double> rho_;   // 1 / (y' s) per column
  std::vector<double> a_;     // two-loop coefficients
  int count_ = 0;             // pairs stored (<= memory_)
  int newest_ = -1;           // column of the newest pair
};

}  // namespace bpl
