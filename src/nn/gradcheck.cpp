#include "nn/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace bpl {

double relative_error(double numeric, double analytic) {
  const double diff = std::fabs(numeric - analytic);
  const double denom = std::max(std::fabs(numeric) + std::fabs(analytic), 1e-8);
  return diff / denom;
}

namespace {

// f(x + h e_i) - f(x - h e_i) for the points xp = x_i + h and xm = x_i - h (x is restored).
using Diff = std::function<double(VecD& x, Index i, double xp, double xm)>;

// Central difference of coordinate i at step h.
double central(const Diff& diff, VecD& x, Index i, double h) {
  const double xp = x[i] + h, xm = x[i] - h;
  return diff(x, i, xp, xm) / (xp - xm);  // the step actually taken after rounding x_i +- h
}

// Ridders' extrapolation of central differences (Numerical Recipes, dfridr).
// *err_out: the tableau's own error estimate of the returned value.
double ridders(const Diff& f, VecD& x, Index i, double h, double shrink, int steps, double* err_out) {
  const double con2 = shrink * shrink;
  const double safe = 2.0;
  const int n = std::max(steps, 2);
  std::vector<double> a(static_cast<std::size_t>(n) * static_cast<std::size_t>(n), 0.0);
  auto at = [&](int r, int c) -> double& { return a[static_cast<std::size_t>(r * n + c)]; };
  at(0, 0) = central(f, x, i, h);
  double err = std::numeric_limits<double>::max();
  double ans = at(0, 0);
  for (int c = 1; c < n; ++c) {
    h /= shrink;
    at(0, c) = central(f, x, i, h);
    double fac = con2;
    for (int r = 1; r <= c; ++r) {
      // Eliminate the h^(2r) error term using the neighbouring estimates.
      at(r, c) = (at(r - 1, c) * fac - at(r - 1, c - 1)) / (fac - 1.0);
      fac *= con2;
      const double errt = std::max(std::fabs(at(r, c) - at(r - 1, c)), std::fabs(at(r, c) - at(r - 1, c - 1)));
      if (errt <= err) {
        err = errt;
        ans = at(r, c);
      }
    }
    // Higher orders got worse (round-off or a kink): stop early.
    if (std::fabs(at(c, c) - at(c - 1, c - 1)) >= safe * err) break;
  }
  *err_out = err;
  return ans;
}

// Largest step h <= h0 (quartering) with same_piece true at x +- h e_i; x is restored.
double smooth_step(const std::function<bool(const VecD&)>& same_piece, VecD& x, Index i, double h) {
  const double xi = x[i];
  for (int k = 0; k < 20; ++k, h *= 0.25) {  // down to h0 * 1e-12
    x[i] = xi + h;
    const bool up = same_piece(x);
    x[i] = xi - h;
    const bool down = same_piece(x);
    x[i] = xi;
    if (up && down) break;
  }
  return h;
}

VecD numerical_gradient_diff(const Diff& diff, const VecD& x0, const GradCheckOptions& opt,
                             const std::function<bool(const VecD&)>& same_piece) {
  VecD x = x0;
  VecD g(x.size());
  for (Index i = 0; i < x.size(); ++i) {
    double h = opt.h0 * std::max(1.0, std::fabs(x[i]));
    if (same_piece) h = smooth_step(same_piece, x, i, h);
    if (!opt.extrapolate) {
      g[i] = central(diff, x, i, h);
      continue;
    }
    double err = 0;
    g[i] = ridders(diff, x, i, h, opt.shrink, opt.max_steps, &err);
    if (!opt.retry || err <= 1e-9 * std::fabs(g[i])) continue;
    // Not clearly accurate (typically a tiny entry, where round-off dominates): also start from
    // larger steps (less round-off; not across kinks) and a smaller one (for narrow smooth
    // regions), and keep the estimate with the smallest error estimate.
    double best = err;
    for (double factor : {4.0, 8.0, 0.25}) {
      if (same_piece && factor > 1.0) continue;
      const double v = ridders(diff, x, i, h * factor, opt.shrink, opt.max_steps, &err);
      if (err < best) {
        best = err;
        g[i] = v;
      }
    }
  }
  return g;
}

}  // namespace

VecD numerical_gradient(const std::function<double(const VecD&)>& f, const VecD& x0, const GradCheckOptions& opt,
                        const std::function<bool(const VecD&)>& same_piece) {
  const Diff diff = [&](VecD& x, Index i, double xp, double xm) {
    const double xi = x[i];
    x[i] = xp;
    const double fp = f(x);
    x[i] = xm;
    const double fm = f(x);
    x[i] = xi;
    return fp - fm;
  };
  return numerical_gradient_diff(diff, x0, opt, same_piece);
}

GradCheckResult compare_gradients(const VecD& numeric, const VecD& analytic) {
  GradCheckResult r;
  r.numeric_grad = numeric;
  if (numeric.size() != analytic.size()) {
    r.max_rel_error = std::numeric_limits<double>::infinity();
    return r;
  }
  for (Index i = 0; i < numeric.size(); ++i) {
    double e = relative_error(numeric[i], analytic[i]);
    if (std::isnan(e)) e = std::numeric_limits<double>::infinity();
    if (r.worst_index < 0 || e > r.max_rel_error) {
      r.max_rel_error = e;
      r.worst_index = i;
      r.numeric = numeric[i];
      r.analytic = analytic[i];
    }
  }
  return r;
}

GradCheckResult gradient_check(const Architecture& A, const VecD& theta, const MatD& X, const MatD& Y,
                               double lambda, Index m_reg, const GradCheckOptions& opt) {
  Cache<double> cache;
  VecD analytic;
  cost_and_gradient<double>(A, theta, X, Y, lambda, m_reg, &analytic, cache);
  const Index m = X.cols();
  const Index mr = m_reg > 0 ? m_reg : m;

  // J = (1/m) sum_j J_j with J_j the cost of sample j alone (regularizer normalized by the same
  // m_reg, so each J_j carries the whole regularizer). The difference J(x+) - J(x-) is taken
  // sample by sample before summing: samples that the parameter does not touch (e.g. a weight
  // of a pixel that is 0 in that image) then contribute exactly 0, and the round-off is that of
  // the affected samples' costs rather than of the whole sum.
  std::vector<MatD> Xj, Yj;
  for (Index j = 0; j < m; ++j) {
    Xj.push_back(X.col(j));
    Yj.push_back(Y.col(j));
  }
  VecD fp(m), fm(m);
  auto per_sample = [&](const VecD& t, VecD& out) {
    for (Index j = 0; j < m; ++j)
      out[j] = cost_and_gradient<double>(A, t, Xj[static_cast<std::size_t>(j)], Yj[static_cast<std::size_t>(j)],
                                         lambda, mr, nullptr, cache);
  };
  const Diff diff = [&](VecD& x, Index i, double xp, double xm) {
    const double xi = x[i];
    x[i] = xp;
    per_sample(x, fp);
    x[i] = xm;
    per_sample(x, fm);
    x[i] = xi;
    return (fp - fm).sum() / double(m);
  };

  // Sign pattern of every hidden pre-activation (ReLU kink guard).
  std::vector<bool> base, moved;
  auto pattern = [&](const VecD& t, std::vector<bool>& out) {
    forward<double>(A, t, X, cache);
    out.clear();
    for (int l = 1; l < A.layers(); ++l) {
      const MatD& z = cache.z[static_cast<std::size_t>(l)];
      for (Index k = 0; k < z.size(); ++k) out.push_back(z.data()[k] > 0.0);
    }
  };
  std::function<bool(const VecD&)> same_piece;
  if (A.activation == Activation::Relu && !A.hidden.empty()) {
    pattern(theta, base);
    same_piece = [&](const VecD& t) {
      pattern(t, moved);
      return moved == base;
    };
  }
  return compare_gradients(numerical_gradient_diff(diff, theta, opt, same_piece), analytic);
}

}  // namespace bpl
