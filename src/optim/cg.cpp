#include "optim/cg.hpp"

#include <algorithm>
#include <cmath>

namespace bpl {

namespace {
constexpr double kMaxStepRatio = 100.0;  // fmincg RATIO: the first trial step grows at most 100x
}  // namespace

template <class T>
ConjugateGradient<T>::ConjugateGradient(const OptimizerConfig& cfg) : LineSearchOptimizer<T>(line_search_params(cfg)) {}

template <class T>
void ConjugateGradient<T>::reset_history(Index) {
  have_direction_ = false;
}

template <class T>
double ConjugateGradient<T>::direction() {
  if (have_direction_) return next_alpha_;
  // (Re)start along steepest descent; fmincg's first step 1 / (1 - phi'(0)) with phi'(0) = -g'g.
  this->d_ = -this->g_;
  return 1.0 / (1.0 + static_cast<double>(this->g_.squaredNorm()));
}

template <class T>
void ConjugateGradient<T>::accepted(Eigen::Ref<const Vec<T>>, const LineSearchResult& r) {
  const Vec<T>& g = this->g_;
  const Vec<T>& g_new = this->g_new_;
  Vec<T>& d = this->d_;
  // PR+: beta = max(0, g_new' (g_new - g) / (g' g))
  const double gg = static_cast<double>(g.squaredNorm());
  const double beta =
      std::max(0.0, (static_cast<double>(g_new.squaredNorm()) - static_cast<double>(g_new.dot(g))) / gg);
  d = static_cast<T>(beta) * d - g_new;
  double dphi0 = static_cast<double>(g_new.dot(d));
  if (!(dphi0 < 0.0)) {  // not a descent direction: restart along -g_new
    d = -g_new;
    dphi0 = -static_cast<double>(g_new.squaredNorm());
  }
  // Expect the same first-order change as last time: alpha0 = alpha_prev * phi'_prev(0) / phi'(0).
  const double ratio = dphi0 < 0.0 ? r.dphi0 / dphi0 : kMaxStepRatio;
  next_alpha_ = r.alpha * std::min(kMaxStepRatio, ratio);
  have_direction_ = std::isfinite(next_alpha_) && next_alpha_ > 0.0;
}

template class ConjugateGradient<float>;
template class ConjugateGradient<double>;

}  // namespace bpl
