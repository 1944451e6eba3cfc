#include "optim/sgd.hpp"

#include <algorithm>
#include <cmath>

#include "optim/update_rules.hpp"

namespace bpl {

template <class T>
StepInfo MinibatchOptimizer<T>::step(Objective<T>& f, Eigen::Ref<Vec<T>> x) {
  StepInfo info;
  const Index n = f.samples();
  if (n <= 0 || x.size() != f.dim()) return info;  // nothing to learn from
  if (!started_ || static_cast<Index>(order_.size()) != n || grad_.size() != x.size()) {
    rng_ = Rng(cfg_.shuffle_seed);
    order_.resize(static_cast<std::size_t>(n));
    grad_.setZero(x.size());
    reset_state(x.size());
    pos_ = 0;
    epochs_ = 0;
    started_ = true;
  }
  if (pos_ == 0) {  // new epoch: shuffle 0..n-1
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int>(i);
    rng_.shuffle(order_);
  }
  const Index batch = std::min<Index>(cfg_.batch_size, n - pos_);
  info.f = static_cast<double>(f.batch_value_grad(x, order_.data() + pos_, batch, grad_));
  info.evaluations = 1;
  update(x, grad_);
  pos_ += batch;
  if (pos_ == n) {
    pos_ = 0;
    ++epochs_;
    info.epoch_done = true;
  }
  total_evaluations_ += 1;
  return info;
}

template <class T>
void Sgd<T>::update(Eigen::Ref<Vec<T>> x, const Vec<T>& g) {
  x -= static_cast<T>(this->cfg_.learning_rate) * g;
}

template <class T>
void Momentum<T>::update(Eigen::Ref<Vec<T>> x, const Vec<T>& g) {
  const T mu = static_cast<T>(this->cfg_.momentum), lr = static_cast<T>(this->cfg_.learning_rate);
  momentum_update(v_, g, mu, lr);
  x += v_;
}

template <class T>
void Adam<T>::reset_state(Index dim) {
  m_.setZero(dim);
  v_.setZero(dim);
  b1_power_ = 1;
  b2_power_ = 1;
  t_ = 0;
}

template <class T>
void Adam<T>::update(Eigen::Ref<Vec<T>> x, const Vec<T>& g) {
  const double b1 = this->cfg_.beta1, b2 = this->cfg_.beta2;
  b1_power_ *= b1;
  b2_power_ *= b2;
  ++t_;
  adam_moments(m_, v_, g, b1, b2);
  x.array() -= adam_step_size(m_, v_, this->cfg_.learning_rate, this->cfg_.epsilon, b1_power_, b2_power_);
}

template class MinibatchOptimizer<float>;
template class MinibatchOptimizer<double>;
template class Sgd<float>;
template class Sgd<double>;
template class Momentum<float>;
template class Momentum<double>;
template class Adam<float>;
template class Adam<double>;

}  // namespace bpl
