// The strong-Wolfe line search shared by nonlinear CG and L-BFGS, and the driver both use:
// one step() = choose a descent direction d, search along it, accept the point.
//
// Along x(a) = x0 + a d, with phi(a) = f(x(a)) and phi'(a) = grad f(x(a))' d, a step a is accepted when
//   phi(a) <= phi(0) + c1 a phi'(0)        (sufficient decrease, Armijo)
//   |phi'(a)| <= c2 |phi'(0)|              (strong curvature condition)
// with 0 < c1 < c2 < 1. The search is Nocedal & Wright's Algorithms 3.5 (bracket) and 3.6 (zoom),
// with cubic interpolation and the safeguards of Rasmussen's fmincg: extrapolate at most EXT = 3 times
// the current step, never evaluate within INT = 0.1 of an end of the bracket.
#pragma once
#include <Eigen/Core>

#include "core/types.hpp"
#include "optim/objective.hpp"
#include "optim/optimizer.hpp"

namespace bpl {

struct LineSearchParams {
  double c1 = 1e-4;          // sufficient decrease constant
  double c2 = 0.1;           // curvature constant
  int max_evaluations = 20;  // f/g evaluations allowed in one search
  double extrapolate = 3.0;  // EXT: a new trial step is at most EXT times the current one
  double margin = 0.1;       // INT: trial steps stay this fraction of the bracket away from its ends
};

// The line-search settings of an optimizer config (Wolfe constants, evaluation budget).
inline LineSearchParams line_search_params(const OptimizerConfig& cfg) {
  LineSearchParams p;
  p.c1 = cfg.wolfe_c1;
  p.c2 = cfg.wolfe_c2;
  p.max_evaluations = cfg.max_line_search;
  return p;
}

struct LineSearchResult {
  bool ok = false;       // a step satisfying the strong Wolfe conditions was found
  double alpha = 0;      // accepted step (ok) or the last step tried
  double f = 0;          // phi(alpha)
  double dphi = 0;       // phi'(alpha)
  double f0 = 0;         // phi(0)
  double dphi0 = 0;      // phi'(0) (< 0 for a descent direction)
  int evaluations = 0;   // f/g evaluations used
};

// Minimizer of the cubic through (a, fa, da) and (b, fb, db) (Nocedal & Wright eq. 3.59);
// NaN if the cubic has no real minimizer.
double cubic_minimizer(double a, double fa, double da, double b, double fb, double db);

// Searches along d from x0 (where f = f0 and phi'(0) = dphi0 = g0' d), starting with step alpha1.
// x and g are workspaces (dim entries); on success they hold x0 + alpha d and its gradient.
// On failure (no descent direction, evaluations exhausted, bracket collapsed) x and g are garbage.
template <class T>
LineSearchResult line_search_strong_wolfe(Objective<T>& obj, Eigen::Ref<const Vec<T>> x0, double f0, double dphi0,
                                          Eigen::Ref<const Vec<T>> d, double alpha1, const LineSearchParams& p,
                                          Eigen::Ref<Vec<T>> x, Eigen::Ref<Vec<T>> g);

// Common driver of CG and L-BFGS. Holds the current point's f and gradient between step()s.
// x.size() must equal f.dim() (otherwise step() does nothing and reports 0 evaluations).
// If x passed to step() differs from where the previous step left it (the caller edited the
// parameters), or its size changed, the optimizer restarts by itself. Call restart() when the
// objective itself changes (other data, other lambda) while x stays the same.
template <class T>
class LineSearchOptimizer : public Optimizer<T> {
 public:
  StepInfo step(Objective<T>& f, Eigen::Ref<Vec<T>> x) override;
  void restart() override { started_ = false; }
  long long total_evaluations() const override { return total_evaluations_; }

  const LineSearchResult& last_line_search() const { return last_; }
  const LineSearchParams& line_search_params() const { return params_; }

 protected:
  explicit LineSearchOptimizer(const LineSearchParams& p) : params_(p) {}
  // Forget the directions / curvature pairs: the next direction is steepest descent.
  virtual void reset_history(Index dim) = 0;
  // Fill d_ with the search direction at the current point (g_) and return the first trial step.
  virtual double direction() = 0;
  // The search accepted x_new_ (gradient g_new_); x_old and g_ still hold the previous point.
  virtual void accepted(Eigen::Ref<const Vec<T>> x_old, const LineSearchResult& r) = 0;

  double f_ = 0;        // f at the current point
  Vec<T> g_;            // gradient at the current point
  Vec<T> d_;            // search direction
  Vec<T> x_new_, g_new_;// line-search workspace: trial point and its gradient

 private:
  LineSearchParams params_;
  LineSearchResult last_;
  Vec<T> x_last_;       // where the last step left x (detects edits by the caller)
  bool started_ = false;
  bool converged_ = false;
  int failures_ = 0;    // consecutive failed line searches
  long long total_evaluations_ = 0;
};

}  // namespace bpl
