// The per-parameter update maths of the minibatch optimizers, written once: the optimizers
// (sgd.cpp) apply it to the live state in float, the Backprop panel's update preview
// (optimizer_registry.cpp) to a copy of that state in double.
#pragma once
#include <cmath>

#include "core/types.hpp"

namespace bpl {

// Momentum: v <- mu v - lr g   (the step is dx = v)
template <class T>
void momentum_update(Vec<T>& v, const Vec<T>& g, T mu, T lr) {
  v = mu * v - lr * g;
}

// Adam's moments: m <- b1 m + (1 - b1) g;   v <- b2 v + (1 - b2) g.^2
template <class T>
void adam_moments(Vec<T>& m, Vec<T>& v, const Vec<T>& g, double b1, double b2) {
  m = static_cast<T>(b1) * m + static_cast<T>(1 - b1) * g;
  v = static_cast<T>(b2) * v + static_cast<T>(1 - b2) * g.cwiseAbs2();
}

// Adam's step at step t, given b1t = b1^t and b2t = b2^t:
//   dx = -lr (m / (1 - b1t)) ./ (sqrt(v / (1 - b2t)) + eps)
// with the bias corrections folded into scalars: m_hat = m / c1, sqrt(v_hat) = sqrt(v) / sqrt(c2).
// Returns the size lr m_hat ./ (sqrt(v_hat) + eps) (an array expression over m and v): dx is minus it.
template <class T>
auto adam_step_size(const Vec<T>& m, const Vec<T>& v, double lr, double eps, double b1t, double b2t) {
  const T lr_c1 = static_cast<T>(lr / (1 - b1t));
  const T inv_sqrt_c2 = static_cast<T>(1 / std::sqrt(1 - b2t));
  return lr_c1 * m.array() / (v.array().sqrt() * inv_sqrt_c2 + static_cast<T>(eps));
}

}  // namespace bpl
