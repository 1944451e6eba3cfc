// The teaching variants of the notebook's bugs (nn/notebook_mistakes.hpp) against the
// one-parameter-at-a-time gradient check the Gradient check panel runs (nn/gradcheck_run.hpp):
// the clean engine passes, every broken variant fails on the layer (and the entries) where it
// breaks, and the log-init variant passes because a gradient check cannot see it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "digits_fixture.hpp"
#include "nn/gradcheck_run.hpp"
#include "nn/notebook_mistakes.hpp"
#include "train/trainer.hpp"

namespace bpl {
namespace {

// The app's default network (64-25-10 sigmoid, sigmoid outputs, lambda 1, CG, no augmentation)
// on the real digits, and the batch the app checks on: the first 20 training images.
struct CheckData {
  TrainConfig cfg;
  Trainer trainer;
  MatD X, Y;
  Index m_reg = 0;
  VecD initial, trained;   // weights at init and after 30 CG iterations
};

CheckData& data() {
  static CheckData* s = [] {
    auto* p = new CheckData;
    p->cfg = plain_config({25});
    Status st = p->trainer.setup(digits(), p->cfg);
    EXPECT_TRUE(st.ok()) << st.message();
    p->X = p->trainer.X(Subset::Train).leftCols(20).cast<double>();
    const std::vector<int>& y = p->trainer.y(Subset::Train);
    p->Y = one_hot<double>(std::vector<int>(y.begin(), y.begin() + 20), kClasses);
    p->m_reg = p->trainer.X(Subset::Train).cols();
    p->initial = p->trainer.net().theta().cast<double>();
    for (int i = 0; i < 30; ++i) p->trainer.step();
    p->trained = p->trainer.net().theta().cast<double>();
    return p;
  }();
  return *s;
}

std::vector<Index> every_parameter(const Architecture& A) {
  std::vector<Index> all;
  for (Index i = 0; i < A.param_count(); ++i) all.push_back(i);
  return all;
}

// Runs the check to the end, as the app's job does across frames.
GradCheckRun run_check(NotebookMistake mistake, const Architecture& A, const VecD& theta, const MatD& X,
                       const MatD& Y, double lambda, Index m_reg, std::vector<Index> params,
                       double eps = kGradCheckDefaultEpsilon) {
  GradCheckRun r;
  const Status s = r.start(A, theta, mistaken_cost_function(mistake, A, X, Y, lambda, m_reg), std::move(params), eps);
  EXPECT_TRUE(s.ok()) << s.message();
  while (!r.done()) r.step();
  return r;
}

GradCheckRun run_default(NotebookMistake mistake, const VecD& theta, double lambda = 1.0) {
  CheckData& s = data();
  return run_check(mistake, s.cfg.arch, theta, s.X, s.Y, lambda, s.m_reg, every_parameter(s.cfg.arch));
}

std::string describe(const GradCheckRun& r) {
  std::ostringstream o;
  o << "max " << r.max_rel_error();
  for (const LayerCheck& L : r.layers())
    o << " | layer " << L.layer << ": " << L.failed << "/" << L.checked << " failed, max " << L.max_rel_error;
  return o.str();
}

// ---------------------------------------------------------------- the clean engine and log_init

TEST(NotebookMistakes, CleanEnginePassesAtInitAndAfterTraining) {
  CheckData& s = data();
  for (const VecD* theta : {&s.initial, &s.trained})
    for (double lambda : {1.0, 0.0}) {
      const GradCheckRun r = run_default(NotebookMistake::None, *theta, lambda);
      EXPECT_TRUE(r.pass()) << describe(r);
      EXPECT_EQ(r.checked(), static_cast<std::size_t>(s.cfg.arch.param_count()));
      // Not a vacuous pass: the gradient is not zero and the numerical derivatives follow it.
      double biggest = 0;
      for (const ParamCheck& p : r.results()) biggest = std::max(biggest, std::fabs(p.analytic));
      EXPECT_GT(biggest, 1e-3);
      std::printf("[ clean    ] %s lambda %g: %s\n", theta == &s.initial ? "init   " : "trained", lambda,
                  describe(r).c_str());
    }
}

TEST(NotebookMistakes, CleanEngineFailsWithAnEpsilonFarTooLargeOrTooSmall) {
  // The check itself depends on eps: truncation (~eps^2) at 1e-2, round-off (~1/eps) at 1e-8.
  CheckData& s = data();
  for (double eps : {1e-2, 1e-8}) {
    const GradCheckRun r = run_check(NotebookMistake::None, s.cfg.arch, s.trained, s.X, s.Y, 1.0, s.m_reg,
                                     every_parameter(s.cfg.arch), eps);
    EXPECT_FALSE(r.pass()) << "eps " << eps << ": " << describe(r);
  }
}

TEST(NotebookMistakes, LogInitPassesTheCheckButChangesTheRange) {
  CheckData& s = data();
  const Architecture& A = s.cfg.arch;
  VecD theta;
  mistaken_init(NotebookMistake::LogInit, A, s.cfg.init_seed, theta);
  const GradCheckRun r = run_default(NotebookMistake::LogInit, theta);
  EXPECT_TRUE(r.pass()) << describe(r);
  // The ranges: log(6)/log(89) = 0.39918 vs sqrt(6)/sqrt(89) = 0.25965 for 64 -> 25;
  // log(6)/log(35) = 0.50396 vs sqrt(6/35) = 0.41404 for 25 -> 10.
  EXPECT_NEAR(mistaken_init_range(NotebookMistake::LogInit, 64, 25), 0.39918, 1e-5);
  EXPECT_NEAR(mistaken_init_range(NotebookMistake::None, 64, 25), 0.25965, 1e-5);
  EXPECT_NEAR(mistaken_init_range(NotebookMistake::LogInit, 25, 10), 0.50396, 1e-5);
  EXPECT_DOUBLE_EQ(mistaken_init_range(NotebookMistake::None, 25, 10), init_range(25, 10));
  // The drawn weights use the wider range (some exceed the sqrt range), in init_uniform's order:
  // the clean variant with the same seed reproduces the engine's init exactly.
  const double lim1 = mistaken_init_range(NotebookMistake::LogInit, 64, 25);
  const auto W1 = weights<double>(A, theta.data(), 1);
  EXPECT_LE(W1.cwiseAbs().maxCoeff(), lim1);
  EXPECT_GT(W1.cwiseAbs().maxCoeff(), init_range(64, 25));
  VecD clean, engine(A.param_count());
  mistaken_init(NotebookMistake::None, A, s.cfg.init_seed, clean);
  init_uniform<double>(A, s.cfg.init_seed, engine);
  EXPECT_EQ((clean - engine).cwiseAbs().maxCoeff(), 0.0) << "None must reproduce init_uniform";
  // ... and the ratio of the two inits is the ratio of the ranges, entry by entry.
  EXPECT_NEAR(theta[0] / clean[0], lim1 / init_range(64, 25), 1e-12);
}

// ---------------------------------------------------------------- the broken variants

TEST(NotebookMistakes, Log10FailsInEveryLayerByTheFactorLn10) {
  CheckData& s = data();
  for (const VecD* theta : {&s.initial, &s.trained}) {
    const GradCheckRun r = run_default(NotebookMistake::Log10, *theta, 0.0);
    EXPECT_FALSE(r.pass());
    for (const LayerCheck& L : r.layers()) EXPECT_GT(L.failed, 0) << "layer " << L.layer << ": " << describe(r);
    // With lambda = 0 the whole cost is divided by ln 10, so numeric = analytic / ln 10.
    for (const ParamCheck& p : r.results())
      if (std::fabs(p.analytic) > 1e-4) {
        EXPECT_NEAR(p.numeric / p.analytic, 1.0 / std::log(10.0), 1e-4);
      }
  }
  const GradCheckRun with_reg = run_default(NotebookMistake::Log10, s.trained, 1.0);
  for (const LayerCheck& L : with_reg.layers()) EXPECT_GT(L.failed, 0) << describe(with_reg);
}

TEST(NotebookMistakes, SigmoidPrimeOfABreaksTheHiddenLayersOnly) {
  CheckData& s = data();
  for (const VecD* theta : {&s.initial, &s.trained}) {
    const GradCheckRun r = run_default(NotebookMistake::SigmoidPrimeOfA, *theta);
    ASSERT_EQ(r.layers().size(), 2u);
    EXPECT_GT(r.layers()[0].failed, 100) << describe(r);   // the hidden layer: most entries wrong
    EXPECT_EQ(r.layers()[1].failed, 0) << describe(r);     // the output layer: delta_L has no g'
    EXPECT_EQ(r.worst_layer(), 1);
  }
  // Two hidden layers: both hidden layers break, the output layer does not.
  Architecture A = s.cfg.arch;
  A.hidden = {12, 8};
  VecD theta;
  mistaken_init(NotebookMistake::None, A, 7, theta);
  const GradCheckRun deep = run_check(NotebookMistake::SigmoidPrimeOfA, A, theta, s.X, s.Y, 1.0, s.m_reg,
                                      every_parameter(A));
  EXPECT_GT(deep.layers()[0].failed, 0) << describe(deep);
  EXPECT_GT(deep.layers()[1].failed, 0) << describe(deep);
  EXPECT_EQ(deep.layers()[2].failed, 0) << describe(deep);
  // tanh: g'(a) = 1 - tanh(a)^2 is just as wrong; ReLU: a > 0 exactly when z > 0, so harmless.
  A.activation = Activation::Tanh;
  const GradCheckRun tanh = run_check(NotebookMistake::SigmoidPrimeOfA, A, theta, s.X, s.Y, 1.0, s.m_reg,
                                      every_parameter(A));
  EXPECT_FALSE(tanh.pass());
  A.activation = Activation::Relu;
  VecD g_bug, g_ok;
  Cache<double> c;
  mistaken_cost_and_gradient(NotebookMistake::SigmoidPrimeOfA, A, theta, s.X, s.Y, 1.0, s.m_reg, &g_bug, c);
  cost_and_gradient<double>(A, theta, s.X, s.Y, 1.0, s.m_reg, &g_ok, c);
  EXPECT_LT((g_bug - g_ok).cwiseAbs().maxCoeff(), 1e-15);
}

TEST(NotebookMistakes, RegularizeWrongColumnFailsOnExactlyColumnZeroAndTheBiases) {
  CheckData& s = data();
  for (const VecD* theta : {&s.initial, &s.trained}) {
    const GradCheckRun r = run_default(NotebookMistake::RegularizeWrongColumn, *theta);
    EXPECT_FALSE(r.pass()) << describe(r);
    for (const LayerCheck& L : r.layers()) EXPECT_GT(L.failed, 0) << describe(r);
    for (const ParamCheck& p : r.results()) {
      const bool touched = p.ref.bias() || p.ref.col == 0;
      if (!touched) {
        EXPECT_LT(p.rel_error, kGradCheckThreshold) << "layer " << p.ref.layer << " (" << p.ref.row << ", "
                                                    << p.ref.col << ")";
      }
      // The gradient's lambda term is (lambda/m) W with column 0 left out and the bias put in.
      const double expected_shift = p.ref.bias() || p.ref.col == 0 ? (*theta)[p.index] / double(s.m_reg) : 0.0;
      EXPECT_NEAR(std::fabs(p.analytic - p.numeric), std::fabs(expected_shift), 1e-9);
    }
    // Pixel 0 (top-left) is never inked in the digits: its weights have no data gradient, so
    // their numerical derivative is (lambda/m) W alone while backprop says 0: relative error 1.
    for (const ParamCheck& p : r.results())
      if (p.ref.layer == 1 && p.ref.col == 0) {  // NOLINT
        EXPECT_EQ(p.analytic, 0.0);
        EXPECT_NEAR(p.rel_error, 1.0, 1e-6);
      }
  }
  // With lambda = 0 the regularizer is gone and so is the bug: the check cannot see it.
  const GradCheckRun no_reg = run_default(NotebookMistake::RegularizeWrongColumn, s.trained, 0.0);
  EXPECT_TRUE(no_reg.pass()) << describe(no_reg);
}

TEST(NotebookMistakes, SameOffsetBreaksLayerTwoAndTheEntriesOfLayerOneItAliases) {
  CheckData& s = data();
  const Architecture& A = s.cfg.arch;
  const Index aliased = A.weight_offset(3) - A.weight_offset(2);   // layer 2's block size: 10 x 26 = 260
  ASSERT_EQ(aliased, 260);
  for (const VecD* theta : {&s.initial, &s.trained}) {
    const GradCheckRun r = run_default(NotebookMistake::SameOffset, *theta);
    EXPECT_EQ(r.worst_layer(), 2);
    const LayerCheck& L2 = r.layers()[1];
    EXPECT_EQ(L2.failed, L2.checked) << describe(r);   // every entry of layer 2
    int fail_alias = 0, fail_rest = 0;
    for (const ParamCheck& p : r.results()) {
      if (p.ref.layer == 2) {
        EXPECT_EQ(p.numeric, 0.0);   // the cost never reads layer 2's own block
        EXPECT_NE(p.analytic, 0.0);
      } else if (p.index < aliased) {
        fail_alias += p.rel_error >= kGradCheckThreshold ? 1 : 0;
      } else {
        fail_rest += p.rel_error >= kGradCheckThreshold ? 1 : 0;
      }
    }
    EXPECT_GT(fail_alias, static_cast<int>(aliased) / 2) << describe(r);
    EXPECT_EQ(fail_rest, 0) << describe(r);
  }
}

TEST(NotebookMistakes, EveryBrokenVariantFailsARandomSampleOfTheDefaultSize) {
  // What the panel does by default: 200 parameters spread over the layers.
  CheckData& s = data();
  const Architecture& A = s.cfg.arch;
  for (int k = 0; k < kNotebookMistakes; ++k) {
    const NotebookMistake m = static_cast<NotebookMistake>(k);
    VecD theta = s.trained;
    if (m == NotebookMistake::LogInit) mistaken_init(m, A, s.cfg.init_seed, theta);
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      const GradCheckRun r =
          run_check(m, A, theta, s.X, s.Y, 1.0, s.m_reg, sample_parameters(A, 200, seed));
      EXPECT_EQ(r.pass(), !mistake_breaks_gradient(m)) << mistake_id(m) << " seed " << seed << ": " << describe(r);
    }
  }
}

// ---------------------------------------------------------------- the check's own pieces

TEST(NotebookMistakes, NamesRoundTrip) {
  std::set<std::string> ids;
  for (int k = 0; k < kNotebookMistakes; ++k) {
    const NotebookMistake m = static_cast<NotebookMistake>(k);
    NotebookMistake back = NotebookMistake::None;
    ASSERT_TRUE(parse_mistake(mistake_id(m), &back));
    EXPECT_EQ(back, m);
    ids.insert(mistake_id(m));
    EXPECT_GT(std::string(mistake_why(m)).size(), 20u);
    EXPECT_GT(std::string(mistake_title(m)).size(), 4u);
  }
  EXPECT_EQ(ids, (std::set<std::string>{"none", "log10", "sigmoid_prime_of_a", "regularize_wrong_column",
                                        "same_offset", "log_init"}));
  NotebookMistake m;
  EXPECT_FALSE(parse_mistake("Log10", &m));
  EXPECT_FALSE(parse_mistake("", &m));
}

TEST(NotebookMistakes, ParamRefFollowsTheLayout) {
  Architecture A;
  A.inputs = 3;
  A.hidden = {2};
  A.outputs = 2;
  // Layer 1: W1 (2x3, column-major) at 0..5, b1 at 6..7; layer 2: W2 (2x2) at 8..11, b2 at 12..13.
  ParamRef r = param_ref(A, 3);
  EXPECT_EQ(r.layer, 1);
  EXPECT_EQ(r.row, 1);
  EXPECT_EQ(r.col, 1);
  r = param_ref(A, 7);
  EXPECT_TRUE(r.bias());
  EXPECT_EQ(r.row, 1);
  r = param_ref(A, 10);
  EXPECT_EQ(r.layer, 2);
  EXPECT_EQ(r.row, 0);
  EXPECT_EQ(r.col, 1);
  r = param_ref(A, 12);
  EXPECT_EQ(r.layer, 2);
  EXPECT_TRUE(r.bias());
  EXPECT_EQ(r.row, 0);
  EXPECT_EQ(param_ref(A, 14).layer, 0);   // out of range
  EXPECT_EQ(layer_parameters(A, 2), (std::vector<Index>{8, 9, 10, 11, 12, 13}));
  EXPECT_TRUE(layer_parameters(A, 3).empty());
}

TEST(NotebookMistakes, SamplesAreDistinctSpreadOverLayersAndReproducible) {
  Architecture A;   // 64-25-10: 1625 + 260 parameters
  const std::vector<Index> a = sample_parameters(A, 200, 5);
  ASSERT_EQ(a.size(), 200u);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(std::set<Index>(a.begin(), a.end()).size(), 200u);
  const auto in_layer2 = std::count_if(a.begin(), a.end(), [&](Index i) { return i >= A.weight_offset(2); });
  EXPECT_EQ(in_layer2, 100);
  EXPECT_EQ(sample_parameters(A, 200, 5), a);
  EXPECT_NE(sample_parameters(A, 200, 6), a);
  // A quota larger than a layer takes all of it and gives the rest to the other layer.
  const std::vector<Index> b = sample_parameters(A, 1000, 1);
  EXPECT_EQ(std::count_if(b.begin(), b.end(), [&](Index i) { return i >= A.weight_offset(2); }), 260);
  EXPECT_EQ(b.size(), 1000u);
  EXPECT_EQ(sample_parameters(A, 100000, 1).size(), static_cast<std::size_t>(A.param_count()));
  EXPECT_TRUE(sample_parameters(A, 0, 1).empty());
}

TEST(NotebookMistakes, StartRejectsBadArguments) {
  CheckData& s = data();
  const Architecture& A = s.cfg.arch;
  const CostFunction f = mistaken_cost_function(NotebookMistake::None, A, s.X, s.Y, 1.0, s.m_reg);
  GradCheckRun r;
  EXPECT_FALSE(r.start(A, s.trained, f, {0, 1}, 0.1).ok());
  EXPECT_FALSE(r.start(A, s.trained, f, {0, 1}, 1e-9).ok());
  EXPECT_FALSE(r.start(A, s.trained, f, {0, 1}, std::nan("")).ok());
  EXPECT_FALSE(r.start(A, s.trained, f, {}, 1e-4).ok());
  EXPECT_FALSE(r.start(A, s.trained, f, {A.param_count()}, 1e-4).ok());
  EXPECT_FALSE(r.start(A, s.trained, f, {-1}, 1e-4).ok());
  EXPECT_FALSE(r.start(A, VecD::Zero(3), f, {0}, 1e-4).ok());
  EXPECT_FALSE(r.start(A, s.trained, nullptr, {0}, 1e-4).ok());
  EXPECT_FALSE(r.started());
  ASSERT_TRUE(r.start(A, s.trained, f, {0, 1700}, 1e-2).ok());
  EXPECT_EQ(r.total(), 2u);
  r.step();
  EXPECT_EQ(r.checked(), 1u);
  EXPECT_FALSE(r.done());
  r.step();
  r.step();   // no-op once done
  EXPECT_TRUE(r.done());
  EXPECT_EQ(r.results().size(), 2u);
  EXPECT_EQ(r.results()[1].ref.layer, 2);
}

TEST(NotebookMistakes, RelativeErrorHasTheStatedFloor) {
  EXPECT_DOUBLE_EQ(check_relative_error(1.0, 3.0), 0.5);
  EXPECT_DOUBLE_EQ(check_relative_error(0.0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(check_relative_error(1e-12, 0.0), 1e-12 / kGradCheckTiny);
  EXPECT_DOUBLE_EQ(check_relative_error(2e-7, 0.0), 1.0);
}

TEST(NotebookMistakes, TheRealEngineNeverCallsTheTeachingFile) {
  // The variants are for the Gradient check panel and window.lab.gradcheck only.
  for (const char* file : {"nn/network.cpp", "nn/network.hpp", "nn/gradcheck.cpp", "train/trainer.cpp",
                           "train/trainer.hpp", "train/objective_net.hpp"}) {
    std::ifstream in(std::string(BPL_ASSETS_DIR) + "/../src/" + file);
    ASSERT_TRUE(in.good()) << file;
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str().find("notebook_mistakes"), std::string::npos) << file;
    EXPECT_EQ(text.str().find("gradcheck_run"), std::string::npos) << file;
  }
}

}  // namespace
}  // namespace bpl
