// The single-example trace (nn/trace.hpp) against the engine's batch code, the update preview
// (optim/update_preview.hpp) against the real optimizers' next step, and the live wrapper
// (train/example_trace.hpp) leaving the training session untouched.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "data/dataset.hpp"
#include "digits_fixture.hpp"
#include "nn/network.hpp"
#include "nn/trace.hpp"
#include "optim/sgd.hpp"
#include "optim/update_preview.hpp"
#include "train/example_trace.hpp"
#include "train/trainer.hpp"

namespace bpl {
namespace {

VecD uniform_vec(Index n, double lo, double hi, std::uint64_t seed) {
  Rng rng(seed);
  VecD v(n);
  for (Index i = 0; i < n; ++i) v[i] = rng.uniform(lo, hi);
  return v;
}

Architecture arch(std::vector<int> hidden, Activation g, OutputKind o) {
  Architecture A;
  A.hidden = std::move(hidden);
  A.activation = g;
  A.output = o;
  return A;
}

// Largest |a_i - b_i| / max(|a_i|, |b_i|) over the entries (0/0 counts as 0).
double max_rel(const Eigen::Ref<const MatD>& a, const Eigen::Ref<const MatD>& b) {
  EXPECT_EQ(a.rows(), b.rows());
  EXPECT_EQ(a.cols(), b.cols());
  double worst = 0;
  for (Index j = 0; j < a.cols(); ++j)
    for (Index i = 0; i < a.rows(); ++i) {
      const double d = std::abs(a(i, j) - b(i, j)), s = std::max(std::abs(a(i, j)), std::abs(b(i, j)));
      if (d > 0) worst = std::max(worst, s > 0 ? d / s : INFINITY);
    }
  return worst;
}

struct Case {
  std::vector<int> hidden;
  Activation g;
  OutputKind out;
  double lambda;
};

std::string name(const Case& c) {
  std::string s;
  for (int h : c.hidden) s += std::to_string(h) + "-";
  return s + to_string(c.g) + "/" + to_string(c.out) + " lambda " + std::to_string(c.lambda);
}

std::vector<Case> cases() {
  std::vector<Case> out;
  const std::vector<std::vector<int>> hiddens = {{}, {25}, {7, 5}, {6, 4, 3}};
  for (const auto& h : hiddens)
    for (Activation g : {Activation::Sigmoid, Activation::Tanh, Activation::Relu})
      for (OutputKind o : {OutputKind::SigmoidBCE, OutputKind::SoftmaxCE})
        for (double lambda : {0.0, 1.3}) out.push_back({h, g, o, lambda});
  return out;
}

TEST(Trace, GradientEqualsBatchGradientOfOneColumn) {
  int seed = 1;
  for (const Case& c : cases()) {
    SCOPED_TRACE(name(c));
    const Architecture A = arch(c.hidden, c.g, c.out);
    const VecD theta = uniform_vec(A.param_count(), -1.0, 1.0, ++seed);
    const VecD x = uniform_vec(64, 0.0, 1.0, ++seed);
    const int label = seed % 10;
    const Index m_reg = 1078;   // a training-set size, as in training
    Result<ExampleTrace> t = trace_example(A, theta, x, label, c.lambda, m_reg);
    ASSERT_TRUE(t.ok()) << t.message();

    Cache<double> cache;
    VecD g;
    const MatD X = x;
    const MatD Y = one_hot<double>({label}, 10);
    const double J = cost_and_gradient<double>(A, theta, X, Y, c.lambda, m_reg, &g, cache);
    const VecD tg = t.value.gradient();
    for (int l = 1; l <= A.layers(); ++l) {
      SCOPED_TRACE("layer " + std::to_string(l));
      EXPECT_LE(max_rel(weights<double>(A, tg.data(), l), weights<double>(A, g.data(), l)), 1e-12);
      EXPECT_LE(max_rel(biases<double>(A, tg.data(), l), biases<double>(A, g.data(), l)), 1e-12);
      // The two parts: dJ/dW = delta a^T + (lambda/m_reg) W
      const LayerTrace& L = t.value.layer(l);
      EXPECT_LE(max_rel(L.dW_reg, (c.lambda / double(m_reg)) * weights<double>(A, theta.data(), l)), 1e-15);
      EXPECT_LE(max_rel(L.dW_data, L.delta * t.value.layer(l - 1).a.transpose()), 1e-15);
      EXPECT_EQ(L.db, L.delta);
    }
    // Loss: J minus the regularizer lambda/(2 m_reg) sum ||W||^2.
    double reg = 0;
    for (int l = 1; l <= A.layers(); ++l) reg += weights<double>(A, theta.data(), l).squaredNorm();
    EXPECT_NEAR(t.value.loss, J - c.lambda / (2.0 * m_reg) * reg, 1e-12 * std::abs(J));
  }
}

TEST(Trace, ForwardValuesEqualForwardPass) {
  int seed = 100;
  for (const Case& c : cases()) {
    if (c.lambda != 0) continue;
    SCOPED_TRACE(name(c));
    const Architecture A = arch(c.hidden, c.g, c.out);
    const VecD theta = uniform_vec(A.param_count(), -1.0, 1.0, ++seed);
    const VecD x = uniform_vec(64, 0.0, 1.0, ++seed);
    Result<ExampleTrace> t = trace_example(A, theta, x, 3, 0.0, 1);
    ASSERT_TRUE(t.ok()) << t.message();
    Cache<double> cache;
    const MatD X = x;
    forward<double>(A, theta, X, cache);
    EXPECT_EQ(t.value.layer(0).a, x);
    for (int l = 1; l <= A.layers(); ++l) {
      EXPECT_LE(max_rel(t.value.layer(l).z, cache.z[std::size_t(l)]), 1e-12) << "z layer " << l;
      EXPECT_LE(max_rel(t.value.layer(l).a, cache.a[std::size_t(l)]), 1e-12) << "a layer " << l;
    }
    // The output error for m = 1 is a(L) - y.
    VecD y = VecD::Zero(10);
    y[3] = 1;
    EXPECT_EQ(t.value.layer(A.layers()).delta, t.value.layer(A.layers()).a - y);
  }
}

TEST(Trace, BadInputsGiveMessages) {
  const Architecture A = arch({5}, Activation::Sigmoid, OutputKind::SigmoidBCE);
  const VecD theta = VecD::Zero(A.param_count());
  const VecD x = VecD::Zero(64);
  EXPECT_FALSE(trace_example(A, VecD::Zero(3), x, 0, 0, 1).ok());
  EXPECT_FALSE(trace_example(A, theta, VecD::Zero(63), 0, 0, 1).ok());
  EXPECT_FALSE(trace_example(A, theta, x, 10, 0, 1).ok());
  EXPECT_FALSE(trace_example(A, theta, x, -1, 0, 1).ok());
  EXPECT_FALSE(trace_example(A, theta, x, 0, -1, 1).ok());
  EXPECT_FALSE(trace_example(A, theta, x, 0, 0, 0).ok());
  EXPECT_TRUE(trace_example(A, theta, x, 0, 0, 1).ok());
}

// ---------------------------------------------------------------- update preview

// f(x) = 1/2 sum_i c_i (x_i - 1)^2 with one "sample": the minibatch gradient is the full one.
class Quadratic final : public Objective<double> {
 public:
  explicit Quadratic(VecD c) : c_(std::move(c)) {}
  Index dim() const override { return c_.size(); }
  Index samples() const override { return 1; }
  double value_grad(Eigen::Ref<const VecD> x, Eigen::Ref<VecD> g) override {
    g = (c_.array() * (x.array() - 1.0)).matrix();
    return 0.5 * (c_.array() * (x.array() - 1.0).square()).sum();
  }
  double batch_value_grad(Eigen::Ref<const VecD> x, const int*, Index, Eigen::Ref<VecD> g) override {
    return value_grad(x, g);
  }

 private:
  VecD c_;
};

// Runs `steps` real steps, then checks that the preview from the optimizer's state equals the
// next real step.
template <class Opt>
void preview_matches_next_step(OptimizerKind kind, int steps) {
  OptimizerConfig cfg = OptimizerConfig::for_kind(kind);
  cfg.batch_size = 1;
  Opt opt(cfg);
  Quadratic f(uniform_vec(6, 0.5, 3.0, 7));
  VecD x = uniform_vec(6, -2.0, 2.0, 8);
  for (int i = 0; i < steps; ++i) opt.step(f, x);
  UpdateRule rule;
  rule.cfg = cfg;
  if constexpr (std::is_same_v<Opt, Momentum<double>>) {
    if (opt.started()) rule.velocity = opt.velocity();
  } else if constexpr (std::is_same_v<Opt, Adam<double>>) {
    if (opt.started()) {
      rule.adam_m = opt.first_moment();
      rule.adam_v = opt.second_moment();
      rule.adam_t = opt.steps();
    }
  }
  VecD g(6);
  f.value_grad(x, g);
  const UpdatePreview p = preview_update(rule, g);
  const VecD before = x;
  opt.step(f, x);
  // x_new = x + dx (compared on x: the difference x_new - x would lose digits to cancellation)
  EXPECT_LE(max_rel(before + p.delta, x), 1e-14) << to_string(kind) << " after " << steps << " steps";
  EXPECT_GT((x - before).norm(), 1e-6);
  EXPECT_FALSE(p.formula.empty());
  EXPECT_FALSE(p.note.empty());
}

TEST(UpdatePreview, EqualsTheOptimizersNextStep) {
  for (int steps : {0, 1, 5}) {
    preview_matches_next_step<Sgd<double>>(OptimizerKind::SGD, steps);
    preview_matches_next_step<Momentum<double>>(OptimizerKind::Momentum, steps);
    preview_matches_next_step<Adam<double>>(OptimizerKind::Adam, steps);
  }
}

TEST(UpdatePreview, LineSearchOptimizersUseTheFirstTrialStep) {
  const VecD g = uniform_vec(5, -1.0, 1.0, 3);
  UpdateRule r;
  r.cfg = OptimizerConfig::for_kind(OptimizerKind::CG);
  UpdatePreview p = preview_update(r, g);
  EXPECT_LE(max_rel(p.delta, -g / (1.0 + g.squaredNorm())), 1e-15);
  EXPECT_NE(p.note.find("first trial step"), std::string::npos);
  r.cfg = OptimizerConfig::for_kind(OptimizerKind::LBFGS);
  p = preview_update(r, 10.0 * g);
  EXPECT_LE(max_rel(p.delta, -10.0 * g / (10.0 * g).norm()), 1e-15);
  // Adam from zero moments: the first step is lr * g / (|g| + eps) per entry.
  r.cfg = OptimizerConfig::for_kind(OptimizerKind::Adam);
  p = preview_update(r, g);
  EXPECT_LE(max_rel(p.delta, (-r.cfg.learning_rate * g.array() / (g.array().abs() + r.cfg.epsilon)).matrix()), 1e-12);
  EXPECT_NE(p.note.find("zero moments"), std::string::npos);
}

// ---------------------------------------------------------------- the live session

TEST(LiveTrace, UsesTheLiveWeightsAndTouchesNothing) {
  ASSERT_TRUE(digits_loaded());
  TrainConfig cfg;
  cfg.arch.hidden = {12};
  cfg.augment = true;
  cfg.lambda = 0.7;
  cfg.scaling = Scaling::Standardize;
  cfg.optim = OptimizerConfig::for_kind(OptimizerKind::Adam);
  Trainer t;
  ASSERT_TRUE(t.setup(digits(), cfg).ok());
  for (int i = 0; i < 3; ++i) t.step();
  const VecF theta_before = t.net().theta();
  const int it = t.iteration();
  const std::size_t points = t.history().size();

  const int index = t.indices(Subset::Train)[5];
  const VecD raw = t.data().X.col(index);
  const int label = t.data().y[std::size_t(index)];
  Result<ExampleTrace> tr = trace_live_example(t, raw, label);
  ASSERT_TRUE(tr.ok()) << tr.message();
  EXPECT_EQ(tr.value.m_reg, 5 * Index(t.indices(Subset::Train).size()));   // augmented training set
  EXPECT_EQ(tr.value.lambda, 0.7);
  // The input is scaled as in training; the output is the float network's prediction.
  EXPECT_LE(max_rel(tr.value.layer(0).a, t.scaler().apply<double>(raw).col(0)), 0.0);
  const VecF p = t.predict_raw(raw);
  EXPECT_LE((tr.value.layer(2).a - p.cast<double>()).cwiseAbs().maxCoeff(), 1e-5);
  // The same trace from the weights converted to double by hand.
  const MatD X = t.scaler().apply<double>(raw);
  Cache<double> c;
  VecD g;
  cost_and_gradient<double>(t.net().arch(), t.net().theta().cast<double>(), X, one_hot<double>({label}, 10), 0.7,
                            tr.value.m_reg, &g, c);
  EXPECT_LE(max_rel(tr.value.gradient(), g), 1e-12);

  const UpdateRule rule = live_update_rule(t);
  EXPECT_TRUE(rule.state_from_optimizer);
  EXPECT_EQ(rule.adam_t, 3);
  EXPECT_EQ(rule.adam_m.size(), theta_before.size());
  EXPECT_EQ(t.net().theta(), theta_before);
  EXPECT_EQ(t.iteration(), it);
  EXPECT_EQ(t.history().size(), points);
}

}  // namespace
}  // namespace bpl
