// What an optimizer sees: a function of one flat vector x with its gradient.
#pragma once
#include <Eigen/Core>

#include "core/types.hpp"

namespace bpl {

template <class T>
class Objective {
 public:
  virtual ~Objective() = default;
  virtual Index dim() const = 0;       // length of x
  virtual Index samples() const = 0;   // number of training samples (for minibatches)
  // f(x) over all samples; writes df/dx into grad (grad has dim() entries).
  virtual T value_grad(Eigen::Ref<const Vec<T>> x, Eigen::Ref<Vec<T>> grad) = 0;
  // f(x) over the samples idx[0..n) only (an unbiased estimate of the full f); writes grad.
  virtual T batch_value_grad(Eigen::Ref<const Vec<T>> x, const int* idx, Index n, Eigen::Ref<Vec<T>> grad) = 0;
};

}  // namespace bpl
