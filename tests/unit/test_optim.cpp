// Optimizers: config validation, the strong-Wolfe line search, CG and L-BFGS on a quadratic and on
// Rosenbrock, the minibatch family on least squares, epoch bookkeeping, reshuffle determinism,
// restarts, and CG training a real network.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "data/dataset.hpp"
#include "digits_fixture.hpp"
#include "nn/network.hpp"
#include "optim/cg.hpp"
#include "optim/lbfgs.hpp"
#include "optim/line_search.hpp"
#include "optim/optimizer.hpp"
#include "optim/sgd.hpp"

namespace bpl {
namespace {

// ------------------------------------------------------------------ test objectives

// f = 1/2 x'Ax - b'x with A symmetric positive definite; grad = Ax - b; minimizer A^-1 b.
template <class T>
class Quadratic final : public Objective<T> {
 public:
  Quadratic(int n, std::uint64_t seed) {
    Rng rng(seed);
    MatD M(n, n);
    for (Index j = 0; j < n; ++j)
      for (Index i = 0; i < n; ++i) M(i, j) = rng.uniform(-1, 1);
    MatD A = M.transpose() * M + 0.5 * MatD::Identity(n, n);
    VecD b(n);
    for (Index i = 0; i < n; ++i) b(i) = rng.uniform(-1, 1);
    A_ = A.cast<T>();
    b_ = b.cast<T>();
    x_star = A.ldlt().solve(b);
  }
  Index dim() const override { return A_.rows(); }
  Index samples() const override { return 1; }
  T value_grad(Eigen::Ref<const Vec<T>> x, Eigen::Ref<Vec<T>> grad) override {
    ++evaluations;
    grad.noalias() = A_ * x;
    const T f = T(0.5) * x.dot(grad) - b_.dot(x);
    grad -= b_;
    return f;
  }
  T batch_value_grad(Eigen::Ref<const Vec<T>> x, const int*, Index, Eigen::Ref<Vec<T>> grad) override {
    return value_grad(x, grad);
  }
  VecD x_star;
  long long evaluations = 0;

 private:
  Mat<T> A_;
  Vec<T> b_;
};

// f = (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1).
template <class T>
class Rosenbrock final : public Objective<T> {
 public:
  Index dim() const override { return 2; }
  Index samples() const override { return 1; }
  T value_grad(Eigen::Ref<const Vec<T>> x, Eigen::Ref<Vec<T>> grad) override {
    const T a = T(1) - x(0), b = x(1) - x(0) * x(0);
    grad(0) = T(-2) * a - T(400) * x(0) * b;
    grad(1) = T(200) * b;
    return a * a + T(100) * b * b;
  }
  T batch_value_grad(Eigen::Ref<const Vec<T>> x, const int*, Index, Eigen::Ref<Vec<T>> grad) override {
    return value_grad(x, grad);
  }
};

// Least squares over samples i: f = 1/(2m) sum_i (a_i' x - y_i)^2 with y_i = a_i' w + noise.
// The batch version averages over the given samples; it records every batch it was asked for.
template <class T>
class LeastSquares final : public Objective<T> {
 public:
  LeastSquares(int m, int p, double noise, std::uint64_t seed) : A_(p, m), y_(m), r_(m) {
    Rng rng(seed);
    w_true = VecD(p);
    for (Index j = 0; j < p; ++j) w_true(j) = rng.uniform(-2, 2);
    MatD A(p, m);
    VecD y(m);
    for (Index i = 0; i < m; ++i) {
      for (Index j = 0; j < p; ++j) A(j, i) = rng.uniform(-1, 1);
      y(i) = A.col(i).dot(w_true) + noise * rng.uniform(-1, 1);
    }
    A_ = A.cast<T>();
    y_ = y.cast<T>();
    // Normal equations: (A A') x = A y
    MatD AAt = A * A.transpose();
    x_star = AAt.ldlt().solve(A * y);
  }
  Index dim() const override { return A_.rows(); }
  Index samples() const override { return A_.cols(); }
  T value_grad(Eigen::Ref<const Vec<T>> x, Eigen::Ref<Vec<T>> grad) override {
    r_.noalias() = A_.transpose() * x;
    r_ -= y_;
    grad.noalias() = A_ * r_;
    grad /= T(samples());
    return T(0.5) * r_.squaredNorm() / T(samples());
  }
  T batch_value_grad(Eigen::Ref<const Vec<T>> x, const int* idx, Index n, Eigen::Ref<Vec<T>> grad) override {
    batches.emplace_back(idx, idx + n);
    grad.setZero();
    T f = 0;
    for (Index k = 0; k < n; ++k) {
      const T r = A_.col(idx[k]).dot(x) - y_(idx[k]);
      f += T(0.5) * r * r;
      grad += r * A_.col(idx[k]);
    }
    grad /= T(n);
    return f / T(n);
  }
  double full_value(const Vec<T>& x) {
    Vec<T> g(dim());
    return double(value_grad(x, g));
  }
  VecD w_true, x_star;
  std::vector<std::vector<int>> batches;

 private:
  Mat<T> A_;
  Vec<T> y_, r_;
};

// The network cost J(theta) of bpl::cost_and_gradient on a fixed training set.
template <class T>
class NetworkObjective final : public Objective<T> {
 public:
  NetworkObjective(const Architecture& A, Mat<T> X, Mat<T> Y, T lambda)
      : A_(A), X_(std::move(X)), Y_(std::move(Y)), lambda_(lambda), Xb_(X_.rows(), X_.cols()), Yb_(Y_.rows(), Y_.cols()) {}
  Index dim() const override { return A_.param_count(); }
  Index samples() const override { return X_.cols(); }
  T value_grad(Eigen::Ref<const Vec<T>> x, Eigen::Ref<Vec<T>> grad) override {
    const T J = cost_and_gradient<T>(A_, x, X_, Y_, lambda_, X_.cols(), &g_, cache_);
    grad = g_;
    return J;
  }
  T batch_value_grad(Eigen::Ref<const Vec<T>> x, const int* idx, Index n, Eigen::Ref<Vec<T>> grad) override {
    for (Index k = 0; k < n; ++k) {
      Xb_.col(k) = X_.col(idx[k]);
      Yb_.col(k) = Y_.col(idx[k]);
    }
    const T J = cost_and_gradient<T>(A_, x, Xb_.leftCols(n), Yb_.leftCols(n), lambda_, X_.cols(), &g_, cache_);
    grad = g_;
    return J;
  }

 private:
  Architecture A_;
  Mat<T> X_, Y_;
  T lambda_;
  Mat<T> Xb_, Yb_;
  Vec<T> g_;
  Cache<T> cache_;
};

template <class T>
std::unique_ptr<Optimizer<T>> make(const OptimizerConfig& cfg) {
  Status st;
  std::unique_ptr<Optimizer<T>> opt = make_optimizer<T>(cfg, &st);
  EXPECT_TRUE(st.ok()) << st.message();
  EXPECT_NE(opt, nullptr);
  return opt;
}

OptimizerConfig config(OptimizerKind k) { return OptimizerConfig::for_kind(k); }

// ------------------------------------------------------------------ config

TEST(OptimConfig, KindsRoundTrip) {
  for (OptimizerKind k : {OptimizerKind::CG, OptimizerKind::LBFGS, OptimizerKind::SGD, OptimizerKind::Momentum,
                          OptimizerKind::Adam}) {
    OptimizerKind parsed = OptimizerKind::CG;
    ASSERT_TRUE(parse_optimizer(to_string(k), &parsed)) << to_string(k);
    EXPECT_EQ(parsed, k);
    EXPECT_TRUE(config(k).validate().ok()) << config(k).describe();
    EXPECT_EQ(config(k).describe().rfind(to_string(k), 0), 0u);
  }
  EXPECT_STREQ(to_string(OptimizerKind::LBFGS), "lbfgs");
  OptimizerKind k = OptimizerKind::Adam;
  EXPECT_FALSE(parse_optimizer("CG", &k));
  EXPECT_FALSE(parse_optimizer("bfgs", &k));
  EXPECT_FALSE(parse_optimizer("", &k));
  EXPECT_EQ(k, OptimizerKind::Adam);  // untouched on failure
  EXPECT_TRUE(is_minibatch(OptimizerKind::Adam));
  EXPECT_FALSE(is_minibatch(OptimizerKind::CG));
  EXPECT_DOUBLE_EQ(default_learning_rate(OptimizerKind::SGD), 0.5);
  EXPECT_DOUBLE_EQ(default_learning_rate(OptimizerKind::Momentum), 0.1);
  EXPECT_DOUBLE_EQ(default_learning_rate(OptimizerKind::Adam), 1e-3);
  EXPECT_DOUBLE_EQ(config(OptimizerKind::LBFGS).wolfe_c2, 0.9);
  EXPECT_DOUBLE_EQ(config(OptimizerKind::CG).wolfe_c2, 0.1);
  EXPECT_TRUE(OptimizerConfig().validate().ok());
}

TEST(OptimConfig, InvalidConfigsRejectedWithMessages) {
  const double nan = std::nan(""), inf = INFINITY;
  std::vector<std::pair<std::string, OptimizerConfig>> bad;
  auto add = [&](const std::string& field, auto edit) {
    OptimizerConfig c;
    edit(c);
    bad.emplace_back(field, c);
  };
  add("learning_rate", [](OptimizerConfig& c) { c.learning_rate = 0; });
  add("learning_rate", [](OptimizerConfig& c) { c.learning_rate = -1; });
  add("learning_rate", [&](OptimizerConfig& c) { c.learning_rate = nan; });
  add("learning_rate", [&](OptimizerConfig& c) { c.learning_rate = inf; });
  add("batch_size", [](OptimizerConfig& c) { c.batch_size = 0; });
  add("batch_size", [](OptimizerConfig& c) { c.batch_size = 65537; });
  add("momentum", [](OptimizerConfig& c) { c.momentum = 1; });
  add("momentum", [](OptimizerConfig& c) { c.momentum = -0.1; });
  add("momentum", [&](OptimizerConfig& c) { c.momentum = nan; });
  add("beta1", [](OptimizerConfig& c) { c.beta1 = 1; });
  add("beta1", [&](OptimizerConfig& c) { c.beta1 = nan; });
  add("beta2", [](OptimizerConfig& c) { c.beta2 = 1.5; });
  add("beta2", [](OptimizerConfig& c) { c.beta2 = -1e-9; });
  add("epsilon", [](OptimizerConfig& c) { c.epsilon = 0; });
  add("epsilon", [&](OptimizerConfig& c) { c.epsilon = inf; });
  add("lbfgs_memory", [](OptimizerConfig& c) { c.lbfgs_memory = 0; });
  add("lbfgs_memory", [](OptimizerConfig& c) { c.lbfgs_memory = 101; });
  add("max_line_search", [](OptimizerConfig& c) { c.max_line_search = 0; });
  add("wolfe_c1", [](OptimizerConfig& c) { c.wolfe_c1 = 0; });
  add("wolfe_c1", [&](OptimizerConfig& c) { c.wolfe_c1 = nan; });
  add("wolfe_c2", [](OptimizerConfig& c) { c.wolfe_c2 = 1; });
  add("wolfe_c2", [](OptimizerConfig& c) { c.wolfe_c1 = 0.5; c.wolfe_c2 = 0.4; });
  add("kind", [](OptimizerConfig& c) { c.kind = static_cast<OptimizerKind>(42); });
  for (const auto& [field, cfg] : bad) {
    const Status st = cfg.validate();
    ASSERT_FALSE(st.ok()) << field;
    EXPECT_EQ(st.message().rfind(field, 0), 0u) << st.message();
    EXPECT_NE(st.message().find("must be"), std::string::npos) << st.message();
    Status err;
    EXPECT_EQ(make_optimizer<double>(cfg, &err), nullptr) << field;
    EXPECT_EQ(err.message(), st.message());
    EXPECT_EQ(make_optimizer<float>(cfg), nullptr) << field;  // err is optional
  }
  OptimizerConfig c;
  c.learning_rate = -2;
  EXPECT_EQ(c.validate().message(), "learning_rate must be a finite number > 0 (got -2)");
}

TEST(OptimConfig, MakesEachKind) {
  for (OptimizerKind k : {OptimizerKind::CG, OptimizerKind::LBFGS, OptimizerKind::SGD, OptimizerKind::Momentum,
                          OptimizerKind::Adam}) {
    std::unique_ptr<Optimizer<float>> f = make<float>(config(k));
    std::unique_ptr<Optimizer<double>> d = make<double>(config(k));
    ASSERT_TRUE(f && d);
    EXPECT_EQ(f->kind(), k);
    EXPECT_EQ(d->kind(), k);
    EXPECT_EQ(d->total_evaluations(), 0);
  }
}

// ------------------------------------------------------------------ line search

TEST(LineSearch, CubicMinimizerIsExactOnQuadratics) {
  // phi(a) = (a - 2)^2 + 1
  auto f = [](double a) { return (a - 2) * (a - 2) + 1; };
  auto d = [](double a) { return 2 * (a - 2); };
  EXPECT_NEAR(cubic_minimizer(0, f(0), d(0), 5, f(5), d(5)), 2.0, 1e-12);
  EXPECT_NEAR(cubic_minimizer(3, f(3), d(3), 0.5, f(0.5), d(0.5)), 2.0, 1e-12);
  // phi(a) = a^3 - 3a: local minimizer at 1
  EXPECT_NEAR(cubic_minimizer(0, 0, -3, 2, 2, 9), 1.0, 1e-12);
}

// The strong Wolfe conditions, checked from fresh evaluations at both ends of the step s = x1 - x0:
//   f1 <= f0 + c1 g0's     and     |g1's| <= c2 |g0's|      (phi'(a) a = g(x0 + a d)' s)
template <class T>
::testing::AssertionResult strong_wolfe_holds(Objective<T>& f, const Vec<T>& x0, const Vec<T>& x1, double c1,
                                              double c2) {
  Vec<T> g0(x0.size()), g1(x0.size());
  const double f0 = f.value_grad(x0, g0), f1 = f.value_grad(x1, g1);
  const Vec<T> s = x1 - x0;
  const double slope0 = g0.dot(s), slope1 = g1.dot(s);
  const double slack = 1e-12 * (std::abs(f0) + 1);
  if (!(slope0 < 0)) return ::testing::AssertionFailure() << "not a descent step: g0's = " << slope0;
  if (!(f1 <= f0 + c1 * slope0 + slack))
    return ::testing::AssertionFailure() << "sufficient decrease fails: f0 " << f0 << " f1 " << f1 << " g0's " << slope0;
  if (!(std::abs(slope1) <= c2 * std::abs(slope0) * (1 + 1e-9)))
    return ::testing::AssertionFailure() << "curvature fails: |g1's| " << std::abs(slope1) << " > c2 |g0's| "
                                         << c2 * std::abs(slope0);
  return ::testing::AssertionSuccess();
}

TEST(LineSearch, FindsStrongWolfeStepsFromTinyAndHugeFirstSteps) {
  Rosenbrock<double> f;
  LineSearchParams p;
  p.max_evaluations = 40;
  for (double c2 : {0.9, 0.1, 0.01}) {
    p.c2 = c2;
    for (double alpha1 : {1e-8, 1e-4, 1e-3, 1.0, 100.0}) {
      for (const VecD& x0 : {VecD((VecD(2) << -1.2, 1.0).finished()), VecD((VecD(2) << 0.3, -0.4).finished())}) {
        VecD g0(2), x(2), g(2);
        const double f0 = f.value_grad(x0, g0);
        const VecD d = -g0;
        const LineSearchResult r =
            line_search_strong_wolfe<double>(f, x0, f0, g0.dot(d), d, alpha1, p, x, g);
        ASSERT_TRUE(r.ok) << "c2 " << c2 << " alpha1 " << alpha1;
        EXPECT_LE(r.evaluations, p.max_evaluations);
        EXPECT_TRUE(strong_wolfe_holds<double>(f, x0, x, p.c1, c2)) << "c2 " << c2 << " alpha1 " << alpha1;
        EXPECT_NEAR((x - x0).norm(), r.alpha * d.norm(), 1e-12 * (1 + r.alpha * d.norm()));
        VecD gcheck(2);
        EXPECT_DOUBLE_EQ(f.value_grad(x, gcheck), r.f);
        EXPECT_EQ(g, gcheck);  // g returns the gradient at the accepted point
      }
    }
  }
}

TEST(LineSearch, RejectsAscentDirectionsAndRespectsTheBudget) {
  Rosenbrock<double> f;
  const VecD x0 = (VecD(2) << -1.2, 1.0).finished();
  VecD g0(2), x(2), g(2);
  const double f0 = f.value_grad(x0, g0);
  LineSearchParams p;
  const VecD up = g0;
  LineSearchResult r = line_search_strong_wolfe<double>(f, x0, f0, g0.dot(up), up, 1.0, p, x, g);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.evaluations, 0);
  p.max_evaluations = 2;
  p.c2 = 1e-9;  // (almost) exact line search: impossible in 2 evaluations
  p.c1 = 1e-10;
  const VecD d = -g0;
  r = line_search_strong_wolfe<double>(f, x0, f0, g0.dot(d), d, 1e-6, p, x, g);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.evaluations, 2);
}

TEST(LineSearch, SurvivesNonFiniteValues) {
  // f = -log(1 - x) for x < 1, +inf beyond: a huge first step lands in the infinite region.
  class Barrier final : public Objective<double> {
   public:
    Index dim() const override { return 1; }
    Index samples() const override { return 1; }
    double value_grad(Eigen::Ref<const VecD> x, Eigen::Ref<VecD> g) override {
      if (x(0) >= 1) {
        g(0) = std::nan("");
        return INFINITY;
      }
      g(0) = 1 / (1 - x(0)) - 1;  // f = -log(1 - x) - x, minimum at 0
      return -std::log(1 - x(0)) - x(0);
    }
    double batch_value_grad(Eigen::Ref<const VecD> x, const int*, Index, Eigen::Ref<VecD> g) override {
      return value_grad(x, g);
    }
  } f;
  const VecD x0 = VecD::Constant(1, -3.0);
  VecD g0(1), x(1), g(1);
  const double f0 = f.value_grad(x0, g0);
  const VecD d = -g0;
  LineSearchParams p;
  const LineSearchResult r = line_search_strong_wolfe<double>(f, x0, f0, g0.dot(d), d, 1000.0, p, x, g);
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(strong_wolfe_holds<double>(f, x0, x, p.c1, p.c2));
}

// ------------------------------------------------------------------ CG and L-BFGS

template <class T>
struct RunResult {
  int iterations = 0;
  bool converged = false;
};

template <class T>
RunResult<T> run(Optimizer<T>& opt, Objective<T>& f, Vec<T>& x, int max_iterations) {
  RunResult<T> r;
  for (; r.iterations < max_iterations; ++r.iterations) {
    const StepInfo info = opt.step(f, x);
    EXPECT_TRUE(info.epoch_done);
    if (info.converged) {
      r.converged = true;
      break;
    }
  }
  return r;
}

TEST(ConjugateGradient, QuadraticMinimizedWithinNIterations) {
  const int n = 12;
  Quadratic<double> f(n, 7);
  // Near-exact line searches make nonlinear CG the linear CG method: n iterations at most.
  OptimizerConfig cfg = config(OptimizerKind::CG);
  cfg.wolfe_c1 = 1e-10;
  cfg.wolfe_c2 = 1e-8;
  cfg.max_line_search = 50;
  std::unique_ptr<Optimizer<double>> cg = make<double>(cfg);
  VecD x = VecD::Zero(n);
  for (int k = 0; k < n; ++k) cg->step(f, x);
  EXPECT_LT((x - f.x_star).norm(), 1e-6 * f.x_star.norm());
  // With the default (inexact) line search it still gets there quickly.
  cg = make<double>(config(OptimizerKind::CG));
  x.setZero();
  for (int k = 0; k < 3 * n; ++k) cg->step(f, x);
  EXPECT_LT((x - f.x_star).norm(), 1e-6 * f.x_star.norm());
}

TEST(Lbfgs, QuadraticConvergesFast) {
  const int n = 12;
  Quadratic<double> f(n, 11);
  std::unique_ptr<Optimizer<double>> opt = make<double>(config(OptimizerKind::LBFGS));
  VecD x = VecD::Zero(n);
  int k = 0;
  for (; k < 4 * n && (x - f.x_star).norm() >= 1e-8 * f.x_star.norm(); ++k) opt->step(f, x);
  std::printf("[ lbfgs   ] quadratic n=%d: |x - x*| < 1e-8 |x*| after %d iterations, %lld evaluations\n", n, k,
              opt->total_evaluations());
  EXPECT_LT((x - f.x_star).norm(), 1e-8 * f.x_star.norm());
  EXPECT_LE(k, 3 * n);  // (LBFGSpp, m = 10, needs ~57 evaluations on this problem)
  EXPECT_LE(opt->total_evaluations(), 3 * k / 2 + 1);
}

template <class T>
void rosenbrock_converges(OptimizerKind kind, int max_iterations, double tol) {
  Rosenbrock<T> f;
  std::unique_ptr<Optimizer<T>> opt = make<T>(config(kind));
  Vec<T> x(2);
  x << T(-1.2), T(1);
  const RunResult<T> r = run(*opt, f, x, max_iterations);
  EXPECT_NEAR(double(x(0)), 1.0, tol) << to_string(kind) << " after " << r.iterations << " iterations";
  EXPECT_NEAR(double(x(1)), 1.0, tol) << to_string(kind) << " after " << r.iterations << " iterations";
  // Run on until no progress is possible: converged must be reported, then stick.
  const RunResult<T> r2 = run(*opt, f, x, 500);
  EXPECT_TRUE(r2.converged) << to_string(kind);
  const long long evals = opt->total_evaluations();
  const StepInfo again = opt->step(f, x);
  EXPECT_TRUE(again.converged);
  EXPECT_EQ(again.evaluations, 0);
  EXPECT_EQ(opt->total_evaluations(), evals);
}

TEST(ConjugateGradient, RosenbrockReachesOneOne) {
  rosenbrock_converges<double>(OptimizerKind::CG, 300, 1e-5);
  rosenbrock_converges<float>(OptimizerKind::CG, 300, 2e-2);
}

TEST(Lbfgs, RosenbrockReachesOneOne) {
  rosenbrock_converges<double>(OptimizerKind::LBFGS, 60, 1e-5);
  rosenbrock_converges<float>(OptimizerKind::LBFGS, 60, 2e-2);
}

TEST(ConjugateGradient, EveryAcceptedStepSatisfiesStrongWolfe) {
  Rosenbrock<double> f;
  const OptimizerConfig cfg = config(OptimizerKind::CG);
  ConjugateGradient<double> cg(cfg);
  VecD x = (VecD(2) << -1.2, 1.0).finished();
  int accepted = 0;
  for (int k = 0; k < 40; ++k) {
    const VecD x0 = x;
    const StepInfo info = cg.step(f, x);
    if (info.converged) break;
    EXPECT_EQ(info.evaluations, cg.last_line_search().evaluations + (k == 0 ? 1 : 0));
    if (x == x0) continue;  // failed search: x stays
    ++accepted;
    EXPECT_TRUE(cg.last_line_search().ok);
    EXPECT_TRUE(strong_wolfe_holds<double>(f, x0, x, cfg.wolfe_c1, cfg.wolfe_c2)) << "iteration " << k;
  }
  EXPECT_GT(accepted, 15);
}

TEST(Lbfgs, EveryAcceptedStepSatisfiesStrongWolfe) {
  Quadratic<double> f(20, 3);
  const OptimizerConfig cfg = config(OptimizerKind::LBFGS);
  Lbfgs<double> opt(cfg);
  VecD x = VecD::Zero(20);
  for (int k = 0; k < 15; ++k) {
    const VecD x0 = x;
    opt.step(f, x);
    ASSERT_TRUE(opt.last_line_search().ok) << k;
    EXPECT_TRUE(strong_wolfe_holds<double>(f, x0, x, cfg.wolfe_c1, cfg.wolfe_c2)) << "iteration " << k;
  }
  EXPECT_EQ(opt.stored_pairs(), cfg.lbfgs_memory);
}

TEST(ConjugateGradient, CountsEvaluations) {
  Quadratic<double> f(8, 5);
  std::unique_ptr<Optimizer<double>> cg = make<double>(config(OptimizerKind::CG));
  VecD x = VecD::Zero(8);
  long long sum = 0;
  for (int k = 0; k < 5; ++k) {
    const StepInfo info = cg->step(f, x);
    EXPECT_GE(info.evaluations, 1);
    sum += info.evaluations;
    EXPECT_EQ(cg->total_evaluations(), sum);
    EXPECT_EQ(f.evaluations, sum);
    VecD g(8);
    EXPECT_NEAR(info.f, f.value_grad(x, g), 1e-12);  // f after the step
    f.evaluations -= 1;
  }
}

TEST(ConjugateGradient, ZeroGradientIsConverged) {
  for (OptimizerKind k : {OptimizerKind::CG, OptimizerKind::LBFGS}) {
    Rosenbrock<double> f;  // the gradient at (1, 1) is exactly zero
    std::unique_ptr<Optimizer<double>> opt = make<double>(config(k));
    VecD x = VecD::Ones(2);
    const StepInfo info = opt->step(f, x);
    EXPECT_TRUE(info.converged) << to_string(k);
    EXPECT_EQ(info.evaluations, 1);
    EXPECT_EQ(info.f, 0.0);
    EXPECT_EQ(x, VecD::Ones(2));
  }
}

TEST(OptimConfig, MismatchedSizesDoNothing) {
  Rosenbrock<double> f;  // dim 2
  for (OptimizerKind k : {OptimizerKind::CG, OptimizerKind::LBFGS, OptimizerKind::SGD, OptimizerKind::Momentum,
                          OptimizerKind::Adam}) {
    std::unique_ptr<Optimizer<double>> opt = make<double>(config(k));
    VecD x = VecD::Ones(3);
    EXPECT_EQ(opt->step(f, x).evaluations, 0) << to_string(k);
    EXPECT_EQ(x, VecD::Ones(3));
  }
}

TEST(ConjugateGradient, StepAfterRestartAndAfterEditingX) {
  for (OptimizerKind k : {OptimizerKind::CG, OptimizerKind::LBFGS}) {
    Rosenbrock<double> f;
    std::unique_ptr<Optimizer<double>> opt = make<double>(config(k));
    VecD x = (VecD(2) << -1.2, 1.0).finished();
    for (int i = 0; i < 5; ++i) opt->step(f, x);
    // restart(): the next step re-evaluates at x and starts along steepest descent,
    // exactly as a fresh optimizer would.
    opt->restart();
    std::unique_ptr<Optimizer<double>> fresh = make<double>(config(k));
    VecD y = x;
    for (int i = 0; i < 10; ++i) {
      const StepInfo a = opt->step(f, x), b = fresh->step(f, y);
      EXPECT_EQ(a.evaluations, b.evaluations) << to_string(k);
      EXPECT_EQ(x, y) << to_string(k);
    }
    // The caller edits x between steps: the stale gradient is dropped automatically.
    x << 0.0, 0.0;
    y << 0.0, 0.0;
    fresh->restart();
    for (int i = 0; i < 10; ++i) {
      const StepInfo a = opt->step(f, x), b = fresh->step(f, y);
      EXPECT_EQ(a.evaluations, b.evaluations) << to_string(k);
      EXPECT_EQ(x, y) << to_string(k);
    }
    VecD g(2);
    EXPECT_LT(f.value_grad(x, g), 0.5);
  }
}

// ------------------------------------------------------------------ minibatch family

template <class T>
void minibatch_solves_least_squares(OptimizerKind kind, double lr, int epochs) {
  LeastSquares<T> f(200, 5, 0.01, 3);
  OptimizerConfig cfg = config(kind);
  cfg.learning_rate = lr;
  cfg.batch_size = 16;
  std::unique_ptr<Optimizer<T>> opt = make<T>(cfg);
  Vec<T> x = Vec<T>::Zero(5);
  const double f0 = f.full_value(x);
  const double d0 = (x.template cast<double>() - f.x_star).norm();
  double prev_epoch_f = f0;
  int epoch = 0, steps = 0, decreases = 0;
  while (epoch < epochs) {
    const StepInfo info = opt->step(f, x);
    ASSERT_EQ(info.evaluations, 1);
    ASSERT_TRUE(std::isfinite(info.f));
    ++steps;
    if (info.epoch_done) {
      ++epoch;
      const double fe = f.full_value(x);
      if (fe < prev_epoch_f) ++decreases;
      prev_epoch_f = fe;
    }
  }
  EXPECT_EQ(steps, epochs * 13);  // ceil(200 / 16)
  EXPECT_EQ(opt->total_evaluations(), steps);
  const double f1 = f.full_value(x);
  const double f_star = f.full_value(f.x_star.template cast<T>());
  EXPECT_LT(f1, 0.01 * f0) << to_string(kind);
  EXPECT_LT(f1 - f_star, 1e-3 * (f0 - f_star)) << to_string(kind);
  EXPECT_LT((x.template cast<double>() - f.x_star).norm(), 0.05 * d0) << to_string(kind);
  EXPECT_GE(decreases, epochs / 2) << to_string(kind);
}

TEST(Minibatch, SgdMomentumAdamSolveLeastSquares) {
  minibatch_solves_least_squares<double>(OptimizerKind::SGD, 0.5, 40);
  minibatch_solves_least_squares<double>(OptimizerKind::Momentum, 0.05, 40);
  minibatch_solves_least_squares<double>(OptimizerKind::Adam, 0.05, 80);
  minibatch_solves_least_squares<float>(OptimizerKind::SGD, 0.5, 40);
  minibatch_solves_least_squares<float>(OptimizerKind::Momentum, 0.05, 40);
  minibatch_solves_least_squares<float>(OptimizerKind::Adam, 0.05, 80);
}

TEST(Minibatch, EpochsCoverEverySampleOnceInBatchesOfBatchSize) {
  for (int n : {10, 12, 1, 7}) {
    for (int batch : {3, 4, 1, 50}) {
      LeastSquares<double> f(n, 2, 0.0, 1);
      OptimizerConfig cfg = config(OptimizerKind::SGD);
      cfg.batch_size = batch;
      cfg.learning_rate = 0.01;
      std::unique_ptr<Optimizer<double>> opt = make<double>(cfg);
      VecD x = VecD::Zero(2);
      const int per_epoch = (n + batch - 1) / batch;  // ceil(n / batch)
      std::vector<int> done_at;
      for (int s = 1; s <= 3 * per_epoch; ++s)
        if (opt->step(f, x).epoch_done) done_at.push_back(s);
      EXPECT_EQ(done_at, (std::vector<int>{per_epoch, 2 * per_epoch, 3 * per_epoch})) << n << " " << batch;
      ASSERT_EQ(f.batches.size(), std::size_t(3 * per_epoch));
      for (int e = 0; e < 3; ++e) {
        std::vector<int> seen;
        for (int b = 0; b < per_epoch; ++b) {
          const std::vector<int>& idx = f.batches[std::size_t(e * per_epoch + b)];
          EXPECT_EQ(int(idx.size()), b + 1 < per_epoch ? std::min(batch, n) : n - (per_epoch - 1) * batch);
          seen.insert(seen.end(), idx.begin(), idx.end());
        }
        std::sort(seen.begin(), seen.end());
        std::vector<int> all(std::size_t(n), 0);
        for (int i = 0; i < n; ++i) all[std::size_t(i)] = i;
        EXPECT_EQ(seen, all) << "epoch " << e;
      }
    }
  }
}

template <class T>
std::vector<std::vector<int>> trajectory(OptimizerKind kind, std::uint64_t seed, int steps, Vec<T>* x_out) {
  LeastSquares<T> f(50, 4, 0.1, 9);
  OptimizerConfig cfg = config(kind);
  cfg.batch_size = 8;
  cfg.shuffle_seed = seed;
  std::unique_ptr<Optimizer<T>> opt = make<T>(cfg);
  Vec<T> x = Vec<T>::Zero(4);
  for (int s = 0; s < steps; ++s) opt->step(f, x);
  *x_out = x;
  return f.batches;
}

TEST(Minibatch, ReshuffleIsDeterministicInTheSeed) {
  for (OptimizerKind k : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam}) {
    VecD a, b, c;
    const std::vector<std::vector<int>> ta = trajectory<double>(k, 5, 40, &a);
    const std::vector<std::vector<int>> tb = trajectory<double>(k, 5, 40, &b);
    const std::vector<std::vector<int>> tc = trajectory<double>(k, 6, 40, &c);
    EXPECT_EQ(ta, tb);
    EXPECT_EQ(a, b);  // bit-identical
    EXPECT_NE(ta, tc);
    EXPECT_NE(a, c);
    // Each epoch (7 batches of 50 samples) is reshuffled: epoch 1's order differs from epoch 0's.
    std::vector<int> e0, e1;
    for (int i = 0; i < 7; ++i) {
      e0.insert(e0.end(), ta[std::size_t(i)].begin(), ta[std::size_t(i)].end());
      e1.insert(e1.end(), ta[std::size_t(i + 7)].begin(), ta[std::size_t(i + 7)].end());
    }
    EXPECT_NE(e0, e1);
    // Epoch 0 is exactly bpl::permutation(50, seed) (the same Fisher-Yates on the same generator).
    EXPECT_EQ(e0, permutation(50, 5));
  }
}

TEST(Minibatch, RestartReplaysTheSameTrajectory) {
  for (OptimizerKind k : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam}) {
    LeastSquares<float> f(30, 3, 0.1, 4);
    OptimizerConfig cfg = config(k);
    cfg.batch_size = 7;
    std::unique_ptr<Optimizer<float>> opt = make<float>(cfg);
    VecF x = VecF::Zero(3);
    for (int s = 0; s < 11; ++s) opt->step(f, x);  // mid-epoch, with momentum state
    opt->restart();
    std::unique_ptr<Optimizer<float>> fresh = make<float>(cfg);
    VecF y = x;
    for (int s = 0; s < 12; ++s) {
      const StepInfo a = opt->step(f, x), b = fresh->step(f, y);
      EXPECT_EQ(a.epoch_done, b.epoch_done);
      EXPECT_EQ(a.f, b.f);
    }
    EXPECT_EQ(x, y) << to_string(k);
    EXPECT_EQ(opt->total_evaluations(), 23);
  }
}

TEST(Minibatch, AdamFirstStepIsLearningRateTimesSign) {
  // With bias correction the first Adam step is -lr * g / (|g| + eps) per coordinate.
  LeastSquares<double> f(20, 3, 0.0, 8);
  OptimizerConfig cfg = config(OptimizerKind::Adam);
  cfg.batch_size = 20;
  cfg.learning_rate = 0.01;
  std::unique_ptr<Optimizer<double>> opt = make<double>(cfg);
  VecD x = VecD::Zero(3), g(3);
  f.value_grad(x, g);
  opt->step(f, x);
  for (Index i = 0; i < 3; ++i) EXPECT_NEAR(x(i), -0.01 * g(i) / (std::abs(g(i)) + 1e-8), 1e-12);
}

TEST(Minibatch, MomentumAccumulatesVelocity) {
  // Full batch on a 1-d problem: v1 = -lr g0, x1 = x0 + v1; v2 = mu v1 - lr g1, x2 = x1 + v2.
  LeastSquares<double> f(4, 1, 0.0, 2);
  OptimizerConfig cfg = config(OptimizerKind::Momentum);
  cfg.batch_size = 4;
  cfg.learning_rate = 0.1;
  cfg.momentum = 0.5;
  std::unique_ptr<Optimizer<double>> opt = make<double>(cfg);
  VecD x = VecD::Zero(1), g(1);
  f.value_grad(x, g);
  const double v1 = -0.1 * g(0), x1 = v1;
  opt->step(f, x);
  EXPECT_NEAR(x(0), x1, 1e-14);
  f.value_grad(x, g);
  const double v2 = 0.5 * v1 - 0.1 * g(0);
  opt->step(f, x);
  EXPECT_NEAR(x(0), x1 + v2, 1e-14);
}

// ------------------------------------------------------------------ a real network

template <class T>
void cg_trains_network() {
  ASSERT_TRUE(digits_loaded());
  const Dataset& data = digits();
  const Index m = 1000;
  ASSERT_GE(data.size(), m);
  const Mat<T> X = (data.X.leftCols(m) / 16.0).template cast<T>();
  const std::vector<int> y(data.y.begin(), data.y.begin() + m);
  Architecture A;  // 64-25-10 sigmoid, SigmoidBCE
  A.hidden = {25};
  Network<T> net;
  ASSERT_TRUE(net.configure(A, 1).ok());
  NetworkObjective<T> f(A, X, one_hot<T>(y, 10), T(1));

  Vec<T> g(A.param_count());
  const double J0 = f.value_grad(net.theta(), g);
  std::unique_ptr<Optimizer<T>> cg = make<T>(config(OptimizerKind::CG));
  double J = J0;
  int iterations = 0;
  for (; iterations < 50; ++iterations) {
    const StepInfo info = cg->step(f, net.theta());
    EXPECT_LE(info.f, J + 1e-6);  // monotone
    J = info.f;
    if (info.converged) break;
  }
  const double evals_per_iteration = double(cg->total_evaluations()) / iterations;
  std::printf("[ network ] %s CG: J %.4f -> %.4f in %d iterations, %.2f f/g evaluations per iteration\n",
              sizeof(T) == 4 ? "float" : "double", J0, J, iterations, evals_per_iteration);
  EXPECT_EQ(iterations, 50);
  EXPECT_GT(J0, 5.0);
  // lambda = 1 over 1000 samples: the regularizer alone is ~0.38 here, the minimum J ~0.57.
  EXPECT_LT(J, 0.7);
  EXPECT_NEAR(double(f.value_grad(net.theta(), g)), J, 1e-5 * J);
  EXPECT_LT(evals_per_iteration, 4.0);
  const std::vector<int> pred = net.predict(X);
  int correct = 0;
  for (Index i = 0; i < m; ++i) correct += pred[std::size_t(i)] == y[std::size_t(i)];
  EXPECT_GT(correct, 980);  // training accuracy
}

TEST(Network, ConjugateGradientTrainsFloat) { cg_trains_network<float>(); }
TEST(Network, ConjugateGradientTrainsDouble) { cg_trains_network<double>(); }

TEST(Network, AdamTrainsOnMinibatches) {
  ASSERT_TRUE(digits_loaded());
  const Dataset& data = digits();
  const Index m = 1000;
  const MatF X = (data.X.leftCols(m) / 16.0).cast<float>();
  const std::vector<int> y(data.y.begin(), data.y.begin() + m);
  Architecture A;
  A.hidden = {64};
  A.activation = Activation::Relu;
  A.output = OutputKind::SoftmaxCE;
  Network<float> net;
  ASSERT_TRUE(net.configure(A, 2).ok());
  NetworkObjective<float> f(A, X, one_hot<float>(y, 10), 0.0f);
  VecF g(A.param_count());
  const double J0 = f.value_grad(net.theta(), g);
  OptimizerConfig cfg = config(OptimizerKind::Adam);
  std::unique_ptr<Optimizer<float>> adam = make<float>(cfg);
  int epochs = 0;
  while (epochs < 10)
    if (adam->step(f, net.theta()).epoch_done) ++epochs;
  const double J = f.value_grad(net.theta(), g);
  EXPECT_LT(J, 0.3 * J0);
  EXPECT_EQ(adam->total_evaluations(), 10 * 32);  // ceil(1000 / 32) = 32 steps per epoch
}

}  // namespace
}  // namespace bpl
