#include "optim/line_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bpl {

double cubic_minimizer(double a, double fa, double da, double b, double fb, double db) {
  // d1 = phi'(a) + phi'(b) - 3 (phi(a) - phi(b)) / (a - b)
  // d2 = sign(b - a) sqrt(d1^2 - phi'(a) phi'(b))
  // a* = b - (b - a) (phi'(b) + d2 - d1) / (phi'(b) - phi'(a) + 2 d2)
  const double d1 = da + db - 3.0 * (fa - fb) / (a - b);
  const double disc = d1 * d1 - da * db;
  if (!(disc >= 0.0)) return std::numeric_limits<double>::quiet_NaN();
  const double d2 = (b >= a ? 1.0 : -1.0) * std::sqrt(disc);
  const double denom = db - da + 2.0 * d2;
  if (denom == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return b - (b - a) * (db + d2 - d1) / denom;
}

template <class T>
LineSearchResult line_search_strong_wolfe(Objective<T>& obj, Eigen::Ref<const Vec<T>> x0, double f0, double dphi0,
                                          Eigen::Ref<const Vec<T>> d, double alpha1, const LineSearchParams& p,
                                          Eigen::Ref<Vec<T>> x, Eigen::Ref<Vec<T>> g) {
  LineSearchResult r;
  r.f0 = f0;
  r.dphi0 = dphi0;
  r.alpha = alpha1;
  if (!(dphi0 < 0.0) || !std::isfinite(f0) || !(alpha1 > 0.0) || !std::isfinite(alpha1)) return r;

  // phi(a) and phi'(a): one f/g evaluation at x0 + a d.
  auto evaluate = [&](double a, double* dphi) -> double {
    x = x0 + static_cast<T>(a) * d;
    const double fa = static_cast<double>(obj.value_grad(x, g));
    ++r.evaluations;
    *dphi = static_cast<double>(g.dot(d));
    r.alpha = a;
    r.f = fa;
    r.dphi = *dphi;
    return fa;
  };
  auto sufficient_decrease = [&](double a, double fa) { return std::isfinite(fa) && fa <= f0 + p.c1 * a * dphi0; };
  auto curvature = [&](double da) { return std::abs(da) <= -p.c2 * dphi0; };

  // Bracketing (N&W Algorithm 3.5): grow the step until phi stops decreasing enough or turns up.
  double a_prev = 0.0, f_prev = f0, d_prev = dphi0;
  double a = alpha1;
  double lo = 0, f_lo = 0, d_lo = 0, hi = 0, f_hi = 0, d_hi = 0;  // the bracket handed to zoom
  bool bracketed = false;
  while (r.evaluations < p.max_evaluations) {
    double da = 0;
    const double fa = evaluate(a, &da);
    if (!sufficient_decrease(a, fa) || (r.evaluations > 1 && fa >= f_prev)) {
      lo = a_prev; f_lo = f_prev; d_lo = d_prev;
      hi = a; f_hi = fa; d_hi = da;
      bracketed = true;
      break;
    }
    if (curvature(da)) { r.ok = true; return r; }
    if (da >= 0.0) {  // phi turned up past a minimizer: it lies between a_prev and a
      lo = a; f_lo = fa; d_lo = da;
      hi = a_prev; f_hi = f_prev; d_hi = d_prev;
      bracketed = true;
      break;
    }
    // Still going down steeply: extrapolate with the cubic, within [a + INT (a - a_prev), EXT a].
    double next = cubic_minimizer(a_prev, f_prev, d_prev, a, fa, da);
    const double lower = a + p.margin * (a - a_prev), upper = p.extrapolate * a;
    if (!std::isfinite(next) || next < a || next > upper) next = upper;
    next = std::max(next, lower);
    a_prev = a; f_prev = fa; d_prev = da;
    a = next;
  }
  if (!bracketed) return r;

  // Zoom (N&W Algorithm 3.6): lo always satisfies sufficient decrease with the lowest f seen,
  // and phi'(lo) (hi - lo) < 0, so a strong-Wolfe step lies between lo and hi.
  while (r.evaluations < p.max_evaluations) {
    const double left = std::min(lo, hi), right = std::max(lo, hi), width = right - left;
    if (!(width > 4.0 * std::numeric_limits<T>::epsilon() * right)) return r;  // bracket collapsed
    double t = std::isfinite(f_hi) ? cubic_minimizer(lo, f_lo, d_lo, hi, f_hi, d_hi)
                                   : std::numeric_limits<double>::quiet_NaN();
    if (!std::isfinite(t)) t = 0.5 * (lo + hi);
    t = std::clamp(t, left + p.margin * width, right - p.margin * width);

    double dt = 0;
    const double ft = evaluate(t, &dt);
    if (!sufficient_decrease(t, ft) || ft >= f_lo) {
      hi = t; f_hi = ft; d_hi = dt;
    } else {
      if (curvature(dt)) { r.ok = true; return r; }
      if (dt * (hi - lo) >= 0.0) { hi = lo; f_hi = f_lo; d_hi = d_lo; }
      lo = t; f_lo = ft; d_lo = dt;
    }
  }
  return r;
}

template <class T>
StepInfo LineSearchOptimizer<T>::step(Objective<T>& f, Eigen::Ref<Vec<T>> x) {
  StepInfo info;
  info.epoch_done = true;
  const Index n = x.size();
  if (f.dim() != n || n == 0) return info;  // misuse: nothing sensible to do
  const bool moved = !started_ || x_last_.size() != n || x != x_last_;
  if (moved) {  // (re)start at x: evaluate f and g there, forget all history
    g_.resize(n);
    d_.resize(n);
    x_new_.resize(n);
    g_new_.resize(n);
    x_last_.resize(n);
    f_ = static_cast<double>(f.value_grad(x, g_));
    info.evaluations += 1;
    reset_history(n);
    failures_ = 0;
    converged_ = false;
    started_ = true;
  }
  if (!converged_ && g_.template lpNorm<Eigen::Infinity>() == T(0)) converged_ = true;  // stationary point
  if (converged_) {
    info.f = f_;
    info.converged = true;
    total_evaluations_ += info.evaluations;
    x_last_ = x;
    return info;
  }

  double alpha1 = direction();
  double dphi0 = static_cast<double>(g_.dot(d_));
  if (!(dphi0 < 0.0)) {  // not a descent direction: fall back to steepest descent
    reset_history(n);
    alpha1 = direction();
    dphi0 = static_cast<double>(g_.dot(d_));
  }
  last_ = line_search_strong_wolfe<T>(f, x, f_, dphi0, d_, alpha1, params_, x_new_, g_new_);
  info.evaluations += last_.evaluations;

  if (last_.ok) {
    accepted(x, last_);
    x = x_new_;
    g_.swap(g_new_);
    f_ = last_.f;
    failures_ = 0;
  } else {
    // fmincg: x stays; retry once from steepest descent, a second failure in a row means no progress.
    ++failures_;
    if (failures_ >= 2) converged_ = true;
    else reset_history(n);
  }
  x_last_ = x;
  info.f = f_;
  info.converged = converged_;
  total_evaluations_ += info.evaluations;
  return info;
}

#define BPL_INSTANTIATE(T)                                                                                  \
  template LineSearchResult line_search_strong_wolfe<T>(Objective<T>&, Eigen::Ref<const Vec<T>>, double,   \
                                                        double, Eigen::Ref<const Vec<T>>, double,           \
                                                        const LineSearchParams&, Eigen::Ref<Vec<T>>,        \
                                                        Eigen::Ref<Vec<T>>);                                \
  template class LineSearchOptimizer<T>;

BPL_INSTANTIATE(float)
BPL_INSTANTIATE(double)
#undef BPL_INSTANTIATE

}  // namespace bpl
