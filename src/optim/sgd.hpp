// Minibatch optimizers: plain SGD, momentum, Adam. One step() = one minibatch.
// Each epoch visits 0..samples()-1 in a fresh order: at the start of every epoch the order is
// reset to 0..n-1 and Fisher-Yates shuffled by one Rng(shuffle_seed) kept across epochs, so the
// whole trajectory is a function of the seed. Batches are consecutive slices of that order of
// batch_size samples; the last, partial batch is used too, so an epoch is ceil(n / batch) steps.
// All buffers are allocated on the first step (or when the problem size changes), never after.
// x.size() must equal f.dim() and f.samples() > 0 (otherwise step() does nothing, 0 evaluations).
#pragma once
#include <vector>

#include "core/rng.hpp"
#include "optim/optimizer.hpp"

namespace bpl {

template <class T>
class MinibatchOptimizer : public Optimizer<T> {
 public:
  StepInfo step(Objective<T>& f, Eigen::Ref<Vec<T>> x) final;
  void restart() final { started_ = false; }
  long long total_evaluations() const final { return total_evaluations_; }

  long long epochs_done() const { return epochs_; }          // completed passes since the (re)start
  bool started() const { return started_; }                  // false: the next step starts from zero state
  Index batch_position() const { return pos_; }              // next sample slot in the epoch order
  const std::vector<int>& epoch_order() const { return order_; }

 protected:
  explicit MinibatchOptimizer(const OptimizerConfig& cfg) : cfg_(cfg) {}
  virtual void reset_state(Index dim) = 0;                          // size and zero the update's state
  virtual void update(Eigen::Ref<Vec<T>> x, const Vec<T>& g) = 0;   // x <- x + step(g)
  OptimizerConfig cfg_;

 private:
  Rng rng_{0};
  std::vector<int> order_;  // this epoch's sample order
  Index pos_ = 0;
  Vec<T> grad_;
  bool started_ = false;
  long long epochs_ = 0;
  long long total_evaluations_ = 0;
};

// x <- x - lr g
template <class T>
class Sgd final : public MinibatchOptimizer<T> {
 public:
  explicit Sgd(const OptimizerConfig& cfg) : MinibatchOptimizer<T>(cfg) {}
  OptimizerKind kind() const override { return OptimizerKind::SGD; }

 private:
  void reset_state(Index) override {}
  void update(Eigen::Ref<Vec<T>> x, const Vec<T>& g) override;
};

// v <- mu v - lr g;  x <- x + v        (v starts at 0)
template <class T>
class Momentum final : public MinibatchOptimizer<T> {
 public:
  explicit Momentum(const OptimizerConfig& cfg) : MinibatchOptimizer<T>(cfg) {}
  OptimizerKind kind() const override { return OptimizerKind::Momentum; }
  const Vec<T>& velocity() const { return v_; }   // read-only (the Backprop panel's update preview)

 private:
  void reset_state(Index dim) override { v_.setZero(dim); }
  void update(Eigen::Ref<Vec<T>> x, const Vec<T>& g) override;
  Vec<T> v_;
};

// Adam (Kingma & Ba 2015), t = 1, 2, ...:
//   m <- b1 m + (1 - b1) g;   v <- b2 v + (1 - b2) g.^2
//   x <- x - lr (m / (1 - b1^t)) ./ (sqrt(v / (1 - b2^t)) + eps)
template <class T>
class Adam final : public MinibatchOptimizer<T> {
 public:
  explicit Adam(const OptimizerConfig& cfg) : MinibatchOptimizer<T>(cfg) {}
  OptimizerKind kind() const override { return OptimizerKind::Adam; }
  // Read-only state (the Backprop panel's update preview): moments and steps taken t.
  const Vec<T>& first_moment() const { return m_; }
  const Vec<T>& second_moment() const { return v_; }
  long long steps() const { return t_; }

 private:
  void reset_state(Index dim) override;
  void update(Eigen::Ref<Vec<T>> x, const Vec<T>& g) override;
  Vec<T> m_, v_;
  double b1_power_ = 1, b2_power_ = 1;  // b1^t, b2^t
  long long t_ = 0;
};

}  // namespace bpl
