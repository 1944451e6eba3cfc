// Network basics and gradient checking (backprop against Richardson-extrapolated central
// differences, see nn/gradcheck.hpp), plus one test per bug of the original notebook.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "data/dataset.hpp"
#include "digits_fixture.hpp"
#include "nn/gradcheck.hpp"
#include "nn/network.hpp"

namespace bpl {
namespace {

MatD random_matrix(Index rows, Index cols, double lo, double hi, std::uint64_t seed) {
  Rng rng(seed);
  MatD M(rows, cols);
  for (Index j = 0; j < cols; ++j)
    for (Index i = 0; i < rows; ++i) M(i, j) = rng.uniform(lo, hi);
  return M;
}

std::vector<int> random_labels(Index m, int classes, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<int> y(static_cast<std::size_t>(m));
  for (auto& v : y) v = static_cast<int>(rng.below(static_cast<std::uint64_t>(classes)));
  return y;
}

Architecture make_arch(int inputs, std::vector<int> hidden, int outputs, Activation g, OutputKind o) {
  Architecture A;
  A.inputs = inputs;
  A.hidden = std::move(hidden);
  A.outputs = outputs;
  A.activation = g;
  A.output = o;
  return A;
}

VecD init_params(const Architecture& A, std::uint64_t seed) {
  VecD t(A.param_count());
  init_uniform<double>(A, seed, t);
  return t;
}

// Parameters of a larger scale than the default init so that hidden units are far from linear
// and gradients are not all tiny: uniform in +-1.
VecD wide_params(const Architecture& A, std::uint64_t seed) {
  return random_matrix(A.param_count(), 1, -1.0, 1.0, seed).col(0);
}

// ---------------------------------------------------------------- gradient checking

struct GradCase {
  std::vector<int> hidden;
  Activation g;
  OutputKind out;
  double lambda;
};

std::string case_name(const GradCase& c) {
  std::string s = "hidden={";
  for (std::size_t i = 0; i < c.hidden.size(); ++i) s += (i ? "," : "") + std::to_string(c.hidden[i]);
  s += std::string("} ") + to_string(c.g) + " " + to_string(c.out) + " lambda=" + std::to_string(c.lambda);
  return s;
}

TEST(GradCheck, GenericArchitecturesEveryActivationAndOutput) {
  const std::vector<std::vector<int>> hiddens = {{}, {5}, {7, 3}, {4, 6, 5}};
  const Activation acts[] = {Activation::Sigmoid, Activation::Tanh, Activation::Relu};
  const OutputKind outs[] = {OutputKind::SigmoidBCE, OutputKind::SoftmaxCE};
  const double lambdas[] = {0.0, 0.7};
  const int inputs = 8, outputs = 3;
  const Index m = 7;
  const MatD X = random_matrix(inputs, m, -1.0, 1.0, 11);
  const MatD Y = one_hot<double>(random_labels(m, outputs, 12), outputs);
  int cases = 0;
  std::uint64_t seed = 100;
  for (const auto& h : hiddens)
    for (Activation g : acts)
      for (OutputKind o : outs)
        for (double lambda : lambdas) {
          const GradCase c{h, g, o, lambda};
          const Architecture A = make_arch(inputs, h, outputs, g, o);
          ASSERT_TRUE(A.validate().ok());
          // Both the library's own init and wider random parameters.
          for (int wide = 0; wide < 2; ++wide) {
            const VecD theta = wide ? wide_params(A, ++seed) : init_params(A, ++seed);
            const GradCheckResult r = gradient_check(A, theta, X, Y, lambda);
            EXPECT_LT(r.max_rel_error, 1e-7) << case_name(c) << (wide ? " wide" : " init") << ": worst index "
                                             << r.worst_index << " numeric " << r.numeric << " analytic "
                                             << r.analytic;
            ++cases;
          }
        }
  EXPECT_EQ(cases, 4 * 3 * 2 * 2 * 2);
}

TEST(GradCheck, OddSizesAndRegularizerNormalizedByAnotherSetSize) {
  // m_reg != m is what minibatches use: the data term over the batch, the regularizer over the set.
  const Architecture A = make_arch(5, {9, 1, 2}, 7, Activation::Tanh, OutputKind::SoftmaxCE);
  const MatD X = random_matrix(5, 3, -2.0, 2.0, 21);
  const MatD Y = one_hot<double>(random_labels(3, 7, 22), 7);
  const GradCheckResult r = gradient_check(A, wide_params(A, 23), X, Y, 2.5, 40);
  EXPECT_LT(r.max_rel_error, 1e-7) << "worst " << r.worst_index;
}

TEST(GradCheck, RealDigitsNetwork64_25_10On20Samples) {
  // 64-25-10 with digit-like inputs: integers 0..16 divided by 16, about half of them zero.
  const Architecture A;  // defaults: 64-25-10 sigmoid, sigmoid outputs
  Rng rng(31);
  MatD X(64, 20);
  for (Index j = 0; j < X.cols(); ++j)
    for (Index i = 0; i < X.rows(); ++i) X(i, j) = rng.below(2) ? double(rng.below(17)) / 16.0 : 0.0;
  const MatD Y = one_hot<double>(random_labels(20, 10, 32), 10);
  const VecD theta = init_params(A, 1);
  for (double lambda : {0.0, 1.0}) {
    const GradCheckResult r = gradient_check(A, theta, X, Y, lambda);
    EXPECT_LT(r.max_rel_error, 1e-7) << "lambda " << lambda << " worst " << r.worst_index << " numeric "
                                     << r.numeric << " analytic " << r.analytic;
  }
  Architecture S = A;
  S.activation = Activation::Relu;
  S.output = OutputKind::SoftmaxCE;
  const GradCheckResult r = gradient_check(S, init_params(S, 2), X, Y, 1.0);
  EXPECT_LT(r.max_rel_error, 1e-7) << "relu/softmax worst " << r.worst_index;
}

TEST(GradCheck, RealImages64_64_10And64_16_12_10Relu) {
  // The first real images: many gradient entries are ~1e-7 (weights of rarely-inked pixels,
  // data and regularizer terms cancelling), which plain central differences cannot resolve.
#ifndef BPL_HAVE_ZLIB
  GTEST_SKIP() << "this build cannot read assets/digits.csv.gz (no zlib)";
#else
  ASSERT_TRUE(digits_loaded());
  const Dataset& d = digits();
  const Index n = 10;
  const MatD X = d.X.leftCols(n) / 16.0;
  const MatD Y = one_hot<double>(std::vector<int>(d.y.begin(), d.y.begin() + n), 10);
  Architecture A;
  A.hidden = {64};
  GradCheckResult r = gradient_check(A, init_params(A, 1), X, Y, 1.0);
  EXPECT_LT(r.max_rel_error, 1e-7) << "64-64-10 worst " << r.worst_index << " numeric " << r.numeric << " analytic "
                                   << r.analytic;
  Architecture B = make_arch(64, {16, 12}, 10, Activation::Relu, OutputKind::SoftmaxCE);
  r = gradient_check(B, init_params(B, 1), X, Y, 0.5);
  EXPECT_LT(r.max_rel_error, 1e-7) << "relu worst " << r.worst_index << " numeric " << r.numeric << " analytic "
                                   << r.analytic;
#endif
}

// A minimal re-implementation of one hidden sigmoid layer + sigmoid outputs whose backward pass
// can be given the notebook's bug: sigma' evaluated at the activation a instead of at z.
VecD hand_gradient(const Architecture& A, const VecD& theta, const MatD& X, const MatD& Y, bool bug) {
  auto sig = [](const MatD& z) { return (1.0 / (1.0 + (-z.array()).exp())).matrix().eval(); };
  const Index m = X.cols();
  const MatD W1 = weights<double>(A, theta.data(), 1), W2 = weights<double>(A, theta.data(), 2);
  const VecD b1 = biases<double>(A, theta.data(), 1), b2 = biases<double>(A, theta.data(), 2);
  const MatD z1 = (W1 * X).colwise() + b1;
  const MatD a1 = sig(z1);
  const MatD a2 = sig((W2 * a1).colwise() + b2);
  const MatD d2 = (a2 - Y) / double(m);
  const MatD at = bug ? a1 : z1;  // the bug: sigma'(a) = sigma(a)(1 - sigma(a))
  const MatD s = sig(at);
  const MatD d1 = ((W2.transpose() * d2).array() * s.array() * (1.0 - s.array())).matrix();
  VecD g(A.param_count());
  weights<double>(A, g.data(), 1) = d1 * X.transpose();
  biases<double>(A, g.data(), 1) = d1.rowwise().sum();
  weights<double>(A, g.data(), 2) = d2 * a1.transpose();
  biases<double>(A, g.data(), 2) = d2.rowwise().sum();
  return g;
}

TEST(GradCheck, CatchesSigmoidDerivativeAtActivationInsteadOfPreActivation) {
  const Architecture A = make_arch(6, {5}, 3, Activation::Sigmoid, OutputKind::SigmoidBCE);
  const MatD X = random_matrix(6, 9, -1.0, 1.0, 41);
  const MatD Y = one_hot<double>(random_labels(9, 3, 42), 3);
  const VecD theta = wide_params(A, 43);
  Cache<double> c;
  auto f = [&](const VecD& t) { return cost_and_gradient<double>(A, t, X, Y, 0.0, 0, nullptr, c); };
  const VecD numeric = numerical_gradient(f, theta);
  const GradCheckResult good = compare_gradients(numeric, hand_gradient(A, theta, X, Y, false));
  const GradCheckResult bad = compare_gradients(numeric, hand_gradient(A, theta, X, Y, true));
  EXPECT_LT(good.max_rel_error, 1e-7);
  EXPECT_GT(bad.max_rel_error, 1e-2);
  // The library's own gradient is the correct one.
  VecD g;
  cost_and_gradient<double>(A, theta, X, Y, 0.0, 0, &g, c);
  EXPECT_LT((g - hand_gradient(A, theta, X, Y, false)).cwiseAbs().maxCoeff(), 1e-14);
}

TEST(GradCheck, PlainCentralDifferenceIsCoarserButClose) {
  const Architecture A = make_arch(4, {3}, 2, Activation::Tanh, OutputKind::SoftmaxCE);
  const MatD X = random_matrix(4, 5, -1.0, 1.0, 51);
  const MatD Y = one_hot<double>(random_labels(5, 2, 52), 2);
  GradCheckOptions opt;
  opt.extrapolate = false;
  opt.h0 = 1e-5;
  const GradCheckResult r = gradient_check(A, wide_params(A, 53), X, Y, 0.3, 0, opt);
  EXPECT_LT(r.max_rel_error, 1e-4);
}

TEST(GradCheck, RelativeErrorDefinition) {
  EXPECT_DOUBLE_EQ(relative_error(1.0, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(relative_error(1.0, 3.0), 0.5);
  EXPECT_DOUBLE_EQ(relative_error(0.0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(relative_error(1e-12, 0.0), 1e-4);  // absolute below the 1e-8 floor
  const GradCheckResult r = compare_gradients(VecD::Constant(3, 1.0), (VecD(3) << 1.0, 2.0, 1.0).finished());
  EXPECT_EQ(r.worst_index, 1);
  EXPECT_NEAR(r.max_rel_error, 1.0 / 3.0, 1e-15);
}

// ---------------------------------------------------------------- the notebook's bugs

TEST(NotebookBugs, CostUsesNaturalLog) {
  // 1 input, no hidden layer, 2 sigmoid outputs; W = [2; -1], b = [0.5; 0.25], x = 1, y = class 0.
  const Architecture A = make_arch(1, {}, 2, Activation::Sigmoid, OutputKind::SigmoidBCE);
  ASSERT_EQ(A.param_count(), 4);
  VecD theta(4);
  theta << 2.0, -1.0, 0.5, 0.25;
  MatD X(1, 1);
  X << 1.0;
  const MatD Y = one_hot<double>({0}, 2);
  // z = (2.5, -0.75); J = -ln sigma(2.5) - ln(1 - sigma(-0.75)) = ln(1+e^-2.5) + ln(1+e^-0.75)
  const double expected = std::log(1.0 + std::exp(-2.5)) + std::log(1.0 + std::exp(-0.75));
  Cache<double> c;
  const double J = cost_and_gradient<double>(A, theta, X, Y, 0.0, 0, nullptr, c);
  EXPECT_NEAR(J, expected, 1e-15);
  EXPECT_NEAR(J, 0.46576074040745, 1e-13);  // 0.0788897342925 + 0.3868710061149
  EXPECT_GT(std::fabs(J - expected / std::log(10.0)), 0.2);  // the log10 version would be 0.2023
  // data_loss on the probabilities agrees with the cost computed from the logits.
  EXPECT_NEAR(data_loss<double>(OutputKind::SigmoidBCE, c.a.back(), Y), expected, 1e-14);
  // Softmax: J = -ln p_0 = ln(1 + e^(z1 - z0)).
  Architecture S = A;
  S.output = OutputKind::SoftmaxCE;
  EXPECT_NEAR(cost_and_gradient<double>(S, theta, X, Y, 0.0, 0, nullptr, c), std::log(1.0 + std::exp(-3.25)), 1e-15);
  EXPECT_NEAR(data_loss<double>(OutputKind::SoftmaxCE, c.a.back(), Y), std::log(1.0 + std::exp(-3.25)), 1e-14);
}

TEST(NotebookBugs, BiasesAreNotRegularized) {
  const Architecture A = make_arch(6, {5, 4}, 3, Activation::Tanh, OutputKind::SigmoidBCE);
  const MatD X = random_matrix(6, 8, -1.0, 1.0, 61);
  const MatD Y = one_hot<double>(random_labels(8, 3, 62), 3);
  const VecD theta = wide_params(A, 63);
  const double lambda = 1.7;
  const Index m = X.cols();
  Cache<double> c;
  VecD g0, g1;
  const double J0 = cost_and_gradient<double>(A, theta, X, Y, 0.0, 0, &g0, c);
  const double J1 = cost_and_gradient<double>(A, theta, X, Y, lambda, 0, &g1, c);
  double sumW2 = 0, sumAll2 = theta.squaredNorm();
  for (int l = 1; l <= A.layers(); ++l) sumW2 += weights<double>(A, theta.data(), l).squaredNorm();
  ASSERT_GT(sumAll2 - sumW2, 0.5);  // the biases would make a visible difference
  EXPECT_NEAR(J1 - J0, lambda / (2.0 * double(m)) * sumW2, 1e-13);
  for (int l = 1; l <= A.layers(); ++l) {
    const MatD dW = weights<double>(A, g1.data(), l) - weights<double>(A, g0.data(), l);
    const MatD expect = (lambda / double(m)) * weights<double>(A, theta.data(), l);
    EXPECT_LT((dW - expect).cwiseAbs().maxCoeff(), 1e-15) << "layer " << l;
    // Bias gradient: no lambda term at all, bit for bit.
    for (Index i = 0; i < A.units(l); ++i)
      EXPECT_EQ(biases<double>(A, g1.data(), l)[i], biases<double>(A, g0.data(), l)[i]) << "layer " << l;
  }
  // m_reg normalizes the regularizer (minibatches use the training-set size).
  const double J2 = cost_and_gradient<double>(A, theta, X, Y, lambda, 100, nullptr, c);
  EXPECT_NEAR(J2 - J0, lambda / 200.0 * sumW2, 1e-13);
}

TEST(NotebookBugs, PerLayerOffsetsAndParamCount) {
  const Architecture A;  // 64-25-10
  EXPECT_EQ(A.layers(), 2);
  EXPECT_EQ(A.weight_offset(1), 0);
  EXPECT_EQ(A.bias_offset(1), 1600);
  EXPECT_EQ(A.weight_offset(2), 1625);
  EXPECT_EQ(A.bias_offset(2), 1875);
  EXPECT_EQ(A.param_count(), 1885);  // 25*(64+1) + 10*(25+1)
  VecD theta(A.param_count());
  for (Index i = 0; i < theta.size(); ++i) theta[i] = double(i);
  const auto W1 = weights<double>(A, theta.data(), 1);
  const auto W2 = weights<double>(A, theta.data(), 2);
  EXPECT_EQ(W2.data(), theta.data() + A.weight_offset(2));
  EXPECT_EQ(W1.rows(), 25);
  EXPECT_EQ(W1.cols(), 64);
  EXPECT_EQ(W2.rows(), 10);
  EXPECT_EQ(W2.cols(), 25);
  // Column-major: W(i, j) = theta[offset + i + j * rows].
  EXPECT_EQ(W1(3, 2), 3.0 + 2 * 25);
  EXPECT_EQ(W2(0, 0), 1625.0);
  EXPECT_EQ(W2(7, 4), 1625.0 + 7 + 4 * 10);
  EXPECT_EQ(biases<double>(A, theta.data(), 1)[0], 1600.0);
  EXPECT_EQ(biases<double>(A, theta.data(), 2)[9], 1884.0);

  const Architecture B = make_arch(3, {4, 5}, 2, Activation::Relu, OutputKind::SoftmaxCE);
  EXPECT_EQ(B.weight_offset(2), 4 * 4);
  EXPECT_EQ(B.weight_offset(3), 16 + 5 * 5);
  EXPECT_EQ(B.param_count(), 16 + 25 + 2 * 6);
  const Architecture C = make_arch(64, {}, 10, Activation::Sigmoid, OutputKind::SoftmaxCE);
  EXPECT_EQ(C.param_count(), 650);
}

TEST(NotebookBugs, InitRangeIsSqrt6OverSqrtFanInPlusFanOut) {
  EXPECT_DOUBLE_EQ(init_range(64, 25), std::sqrt(6.0) / std::sqrt(89.0));
  EXPECT_DOUBLE_EQ(init_range(25, 10), std::sqrt(6.0) / std::sqrt(35.0));
  const Architecture A = make_arch(64, {30, 12}, 10, Activation::Tanh, OutputKind::SigmoidBCE);
  const VecD theta = init_params(A, 7);
  for (int l = 1; l <= A.layers(); ++l) {
    const double eps = init_range(A.units(l - 1), A.units(l));
    const Index begin = A.weight_offset(l), end = A.weight_offset(l + 1);
    double lo = 1, hi = -1;
    for (Index i = begin; i < end; ++i) {
      ASSERT_GE(theta[i], -eps) << i;
      ASSERT_LT(theta[i], eps) << i;
      lo = std::min(lo, theta[i]);
      hi = std::max(hi, theta[i]);
    }
    // The whole range is used (not e.g. a smaller one), biases included.
    EXPECT_LT(lo, -0.9 * eps) << "layer " << l;
    EXPECT_GT(hi, 0.9 * eps) << "layer " << l;
    const auto b = biases<double>(A, theta.data(), l);
    EXPECT_GT(b.cwiseAbs().maxCoeff(), 0.0) << "biases are initialized too";
  }
  // Deterministic and seed-dependent; float and double draw the same numbers.
  EXPECT_EQ(init_params(A, 7), theta);
  EXPECT_NE(init_params(A, 8), theta);
  VecF tf(A.param_count());
  init_uniform<float>(A, 7, tf);
  EXPECT_EQ(tf, theta.cast<float>());
}

TEST(Network, SoftmaxColumnsSumToOne) {
  // Samples are columns, so each column of the output is one sample's distribution.
  const Architecture A = make_arch(8, {6}, 5, Activation::Relu, OutputKind::SoftmaxCE);
  MatD X = random_matrix(8, 11, -3.0, 3.0, 71);
  X(0, 3) = 800.0;  // huge logits must not overflow
  Cache<double> c;
  forward<double>(A, wide_params(A, 72), X, c);
  const MatD& P = c.a.back();
  ASSERT_EQ(P.rows(), 5);
  ASSERT_EQ(P.cols(), 11);
  for (Index j = 0; j < P.cols(); ++j) {
    EXPECT_NEAR(P.col(j).sum(), 1.0, 1e-14) << j;
    EXPECT_GE(P.col(j).minCoeff(), 0.0);
    EXPECT_TRUE(P.col(j).allFinite());
  }
}

TEST(Network, FusedOutputGradientIsPMinusY) {
  // With no hidden layer dJ/db = mean over samples of (p - y), dJ/dW = (P - Y) X^T / m.
  for (OutputKind o : {OutputKind::SigmoidBCE, OutputKind::SoftmaxCE}) {
    const Architecture A = make_arch(4, {}, 3, Activation::Sigmoid, o);
    const MatD X = random_matrix(4, 6, -1.0, 1.0, 81);
    const MatD Y = one_hot<double>(random_labels(6, 3, 82), 3);
    const VecD theta = wide_params(A, 83);
    Cache<double> c;
    VecD g;
    cost_and_gradient<double>(A, theta, X, Y, 0.0, 0, &g, c);
    const MatD D = c.a.back() - Y;
    EXPECT_LT((VecD(biases<double>(A, g.data(), 1)) - D.rowwise().sum() / 6.0).cwiseAbs().maxCoeff(), 1e-15);
    EXPECT_LT((MatD(weights<double>(A, g.data(), 1)) - D * X.transpose() / 6.0).cwiseAbs().maxCoeff(), 1e-15);
  }
}

TEST(Network, FloatPathAgreesWithDoublePath) {
  const Architecture A;  // 64-25-10
  Rng rng(91);
  MatD X(64, 30);
  for (Index j = 0; j < X.cols(); ++j)
    for (Index i = 0; i < X.rows(); ++i) X(i, j) = double(rng.below(17)) / 16.0;
  const std::vector<int> y = random_labels(30, 10, 92);
  const MatD Y = one_hot<double>(y, 10);
  for (OutputKind o : {OutputKind::SigmoidBCE, OutputKind::SoftmaxCE}) {
    Architecture B = A;
    B.output = o;
    const VecD theta = init_params(B, 3) * 4.0;  // larger weights: not all outputs at 0.5
    Cache<double> cd;
    Cache<float> cf;
    VecD gd;
    VecF gf;
    const double Jd = cost_and_gradient<double>(B, theta, X, Y, 1.0, 0, &gd, cd);
    const MatF Xf = X.cast<float>(), Yf = one_hot<float>(y, 10);
    const float Jf = cost_and_gradient<float>(B, theta.cast<float>(), Xf, Yf, 1.0f, 0, &gf, cf);
    EXPECT_NEAR(double(Jf), Jd, 1e-4 * std::fabs(Jd));
    const double gmax = gd.cwiseAbs().maxCoeff();
    EXPECT_LT((gf.cast<double>() - gd).cwiseAbs().maxCoeff() / gmax, 1e-4);
    EXPECT_LT((cf.a.back().cast<double>() - cd.a.back()).cwiseAbs().maxCoeff(), 1e-5);
  }
}

TEST(Network, ArchitectureValidate) {
  Architecture A;
  EXPECT_TRUE(A.validate().ok());
  A.hidden = {0};
  EXPECT_FALSE(A.validate().ok());
  EXPECT_NE(A.validate().message().find("units"), std::string::npos) << A.validate().message();
  A.hidden = {1025};
  EXPECT_FALSE(A.validate().ok());
  A.hidden = {1024};
  EXPECT_TRUE(A.validate().ok());
  A.hidden = {25, -3};
  EXPECT_FALSE(A.validate().ok());
  EXPECT_NE(A.validate().message().find("hidden layer 2"), std::string::npos) << A.validate().message();
  A.hidden = std::vector<int>(kMaxHiddenLayers, 4);
  EXPECT_TRUE(A.validate().ok());
  A.hidden = std::vector<int>(kMaxHiddenLayers + 1, 4);
  EXPECT_FALSE(A.validate().ok());
  EXPECT_NE(A.validate().message().find("hidden layers"), std::string::npos) << A.validate().message();
  A.hidden = {};
  EXPECT_TRUE(A.validate().ok());
  A.outputs = 1;
  EXPECT_FALSE(A.validate().ok());
  A.outputs = 10;
  A.inputs = 0;
  EXPECT_FALSE(A.validate().ok());
}

TEST(Network, ConfigurePredictAndHelpers) {
  Network<float> net;
  Architecture bad;
  bad.hidden = {0};
  EXPECT_FALSE(net.configure(bad, 1).ok());
  ASSERT_TRUE(net.configure(Architecture(), 1).ok());
  EXPECT_EQ(net.theta().size(), 1885);
  VecF t(1885);
  init_uniform<float>(Architecture(), 1, t);
  EXPECT_EQ(net.theta(), t);
  EXPECT_EQ(net.W(2).data(), net.theta().data() + 1625);
  EXPECT_EQ(net.b(1).data(), net.theta().data() + 1600);
  const MatF X = random_matrix(64, 4, 0.0, 1.0, 5).cast<float>();
  const MatF& P = net.predict_proba(X);
  EXPECT_EQ(P.rows(), 10);
  EXPECT_EQ(P.cols(), 4);
  const std::vector<int> pred = net.predict(X);
  EXPECT_EQ(pred, argmax_columns<float>(net.predict_proba(X)));

  MatD Q(3, 2);
  Q << 0.2, 0.5, 0.5, 0.1, 0.5, 0.4;  // column 0 ties between rows 1 and 2: lowest index wins
  EXPECT_EQ(argmax_columns<double>(Q), (std::vector<int>{1, 0}));
  const MatD Y = one_hot<double>({2, 0, 9}, 3);  // out-of-range labels give a zero column
  EXPECT_EQ(Y.col(0), (VecD(3) << 0, 0, 1).finished());
  EXPECT_EQ(Y.col(1), (VecD(3) << 1, 0, 0).finished());
  EXPECT_EQ(Y.col(2).sum(), 0.0);
  Activation a;
  OutputKind o;
  EXPECT_TRUE(parse_activation("tanh", &a));
  EXPECT_EQ(a, Activation::Tanh);
  EXPECT_FALSE(parse_activation("Tanh", &a));
  EXPECT_TRUE(parse_output("softmax", &o));
  EXPECT_EQ(o, OutputKind::SoftmaxCE);
  EXPECT_EQ(Architecture().describe(), "64-25-10 sigmoid, sigmoid outputs");
}

}  // namespace
}  // namespace bpl
