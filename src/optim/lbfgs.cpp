#include "optim/lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bpl {


template <class T>
Lbfgs<T>::Lbfgs(const OptimizerConfig& cfg)
    : LineSearchOptimizer<T>(line_search_params(cfg)),
      memory_(cfg.lbfgs_memory),
      rho_(static_cast<std::size_t>(cfg.lbfgs_memory)),
      a_(static_cast<std::size_t>(cfg.lbfgs_memory)) {}

template <class T>
void Lbfgs<T>::reset_history(Index dim) {
  if (S_.rows() != dim || S_.cols() != memory_) {
    S_.resize(dim, memory_);
    Y_.resize(dim, memory_);
  }
  count_ = 0;
  newest_ = -1;
}

template <class T>
double Lbfgs<T>::direction() {
  const Vec<T>& g = this->g_;
  Vec<T>& d = this->d_;
  if (count_ == 0) {  // no curvature yet: steepest descent with a step of length at most 1
    d = -g;
    return std::min(1.0, 1.0 / static_cast<double>(g.norm()));
  }
  // Two-loop recursion: d = -H g.
  d = g;
  for (int k = 0; k < count_; ++k) {  // newest to oldest: a_i = rho_i s_i' q;  q -= a_i y_i
    const int i = (newest_ - k + memory_) % memory_;
    const double a = rho_[i] * static_cast<double>(S_.col(i).dot(d));
    a_[i] = a;
    d -= static_cast<T>(a) * Y_.col(i);
  }
  const double sy = 1.0 / rho_[newest_];  // H0 = gamma I, gamma = s'y / y'y
  const double gamma = sy / static_cast<double>(Y_.col(newest_).squaredNorm());
  d *= static_cast<T>(gamma);
  for (int k = count_ - 1; k >= 0; --k) {  // oldest to newest: b = rho_i y_i' r;  r += s_i (a_i - b)
    const int i = (newest_ - k + memory_) % memory_;
    const double b = rho_[i] * static_cast<double>(Y_.col(i).dot(d));
    d += static_cast<T>(a_[i] - b) * S_.col(i);
  }
  d = -d;
  return 1.0;
}

template <class T>
void Lbfgs<T>::accepted(Eigen::Ref<const Vec<T>> x_old, const LineSearchResult&) {
  const int slot = (newest_ + 1) % memory_;
  S_.col(slot) = this->x_new_ - x_old;
  Y_.col(slot) = this->g_new_ - this->g_;
  const double sy = static_cast<double>(S_.col(slot).dot(Y_.col(slot)));
  const double yy = static_cast<double>(Y_.col(slot).squaredNorm());
  if (!(sy > std::numeric_limits<T>::epsilon() * yy) || !std::isfinite(sy)) {
    // Skip the pair to keep H positive definite; if the ring was full, its oldest pair was just overwritten.
    count_ = std::min(count_, memory_ - 1);
    return;
  }
  rho_[slot] = 1.0 / sy;
  newest_ = slot;
  count_ = std::min(count_ + 1, memory_);
}

template class Lbfgs<float>;
template class Lbfgs<double>;

}  // namespace bpl
