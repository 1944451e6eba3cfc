// The network's regularized cost as an optimizer Objective: f(theta) = J(theta; X, Y).
#pragma once
#include <vector>

#include "nn/network.hpp"
#include "optim/objective.hpp"

namespace bpl {

template <class T>
class NetworkObjective final : public Objective<T> {
 public:
  // X: (inputs x m) scaled inputs; Y: one-hot (classes x m). Both must outlive this object.
  NetworkObjective(const Architecture& A, const Mat<T>& X, const Mat<T>& Y, T lambda)
      : A_(A), X_(X), Y_(Y), lambda_(lambda) {}

  Index dim() const override { return A_.param_count(); }
  Index samples() const override { return X_.cols(); }

  T value_grad(Eigen::Ref<const Vec<T>> x, Eigen::Ref<Vec<T>> grad) override {
    T f = cost_and_gradient<T>(A_, x, X_, Y_, lambda_, X_.cols(), &g_, cache_);
    grad = g_;
    return f;
  }

  // Minibatch: the data term averages over the batch; the regularizer keeps m_reg = m (whole
  // training set), so the batch gradient is an unbiased estimate of the full gradient.
  T batch_value_grad(Eigen::Ref<const Vec<T>> x, const int* idx, Index n, Eigen::Ref<Vec<T>> grad) override {
    if (Xb_.cols() < n) {  // grows to the largest batch once; a shorter last batch reuses it
      Xb_.resize(X_.rows(), n);
      Yb_.resize(Y_.rows(), n);
    }
    for (Index j = 0; j < n; ++j) {
      Xb_.col(j) = X_.col(idx[j]);
      Yb_.col(j) = Y_.col(idx[j]);
    }
    T f = cost_and_gradient<T>(A_, x, Xb_.leftCols(n), Yb_.leftCols(n), lambda_, X_.cols(), &g_, cache_);
    grad = g_;
    return f;
  }

 private:
  Architecture A_;
  const Mat<T>& X_;
  const Mat<T>& Y_;
  T lambda_;
  Mat<T> Xb_, Yb_;
  Vec<T> g_;
  Cache<T> cache_;
};

}  // namespace bpl
