// Divergence that loses nothing, the size limit, and adopting a loaded model (issue 9).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "digits_fixture.hpp"
#include "train/config_json.hpp"
#include "train/model_io.hpp"
#include "train/trainer.hpp"

namespace bpl {
namespace {

TrainConfig minibatch(OptimizerKind k, double lr) {
  TrainConfig c = plain_config({16}, 30);
  c.optim = OptimizerConfig::for_kind(k);
  c.optim.learning_rate = lr;
  return c;
}

bool history_finite(const Trainer& t) {
  for (const HistoryPoint& p : t.history())
    if (!std::isfinite(p.cost) || !std::isfinite(p.train.loss) || !std::isfinite(p.validation.loss) ||
        !std::isfinite(p.train.accuracy) || !std::isfinite(p.validation.accuracy))
      return false;
  return true;
}

// Trains until it stops; expects divergence, restored finite weights equal to those of the last
// history point, finite history, and a message that names the learning rate.
void ExpectDivergenceLosesNothing(const TrainConfig& cfg, const char* label, bool must_diverge = true) {
  SCOPED_TRACE(label);
  Trainer t;
  ASSERT_TRUE(t.setup(digits(), cfg).ok());
  VecF last_point_theta = t.net().theta();
  std::size_t points = t.history().size();
  int steps = 0;
  while (t.step() && steps < 100000) {
    ++steps;
    if (t.history().size() != points) {   // a new history point: remember its weights
      points = t.history().size();
      last_point_theta = t.net().theta();
    }
  }
  EXPECT_TRUE(t.net().theta().allFinite());
  EXPECT_TRUE(history_finite(t));
  if (!must_diverge && t.stop_reason() != StopReason::Diverged) return;   // only saturated
  ASSERT_EQ(t.stop_reason(), StopReason::Diverged) << "did not diverge in " << steps << " steps";
  EXPECT_TRUE(t.net().theta() == last_point_theta) << "not the weights of the last finite history point";
  EXPECT_TRUE(history_finite(t));
  EXPECT_FALSE(t.history().empty());
  EXPECT_EQ(t.iteration(), t.history().back().iteration);
  ASSERT_TRUE(t.divergence().happened);
  EXPECT_GE(t.divergence().epoch, t.history().back().epoch);
  const std::string m = t.divergence_message();
  EXPECT_NE(m.find("diverged"), std::string::npos) << m;
  EXPECT_NE(m.find("restored"), std::string::npos) << m;
  // The restored model is usable: it predicts, can be saved and loaded.
  EXPECT_TRUE(t.evaluate(Subset::Validation).loss < 1e30);
  EXPECT_TRUE(load_model(save_model(t.net(), t.scaler(), t.config())).ok());
  // Continuing after a smaller learning rate works from the restored weights.
  TrainConfig calmer = t.config();
  calmer.optim.learning_rate = 1e-3;
  calmer.optim.momentum = 0.5;
  calmer.max_iterations = t.config().max_iterations + 2;
  ASSERT_TRUE(t.reconfigure(calmer).ok());
  EXPECT_TRUE(t.step());
  EXPECT_TRUE(t.net().theta().allFinite());
}

TEST(Divergence, SgdHugeLearningRate) {
  ExpectDivergenceLosesNothing(minibatch(OptimizerKind::SGD, 1e6), "SGD lr 1e6");
}

TEST(Divergence, AdamHugeLearningRate) {
  // Adam's step is bounded by the learning rate per weight (~1e3 a step), so the weights may
  // only grow huge and saturate the units instead of overflowing: either way they stay finite.
  TrainConfig c = minibatch(OptimizerKind::Adam, 1e3);
  ExpectDivergenceLosesNothing(c, "Adam lr 1e3, sigmoid", /*must_diverge=*/false);
  c.arch.hidden = {32, 32, 32};
  c.arch.activation = Activation::Relu;
  c.arch.output = OutputKind::SoftmaxCE;
  ExpectDivergenceLosesNothing(c, "Adam lr 1e3, relu", /*must_diverge=*/false);
}

TEST(Divergence, MomentumAlmostOne) {
  TrainConfig c = minibatch(OptimizerKind::Momentum, 10);
  c.optim.momentum = 0.9999;
  c.arch.activation = Activation::Relu;
  c.arch.output = OutputKind::SoftmaxCE;
  ExpectDivergenceLosesNothing(c, "momentum 0.9999 lr 10");
}

TEST(Divergence, FullBatchOptimizersCheckedToo) {
  // CG/L-BFGS line searches rarely diverge; a huge lambda-free ReLU net with enormous initial
  // weights is forced instead through adopt(): the cost at those weights is not finite.
  TrainConfig c;
  c.arch.hidden = {8};
  c.augment = false;
  Trainer t;
  ASSERT_TRUE(t.setup(digits(), c).ok());
  VecF huge = VecF::Constant(c.arch.param_count(), 3e38f);
  ASSERT_TRUE(t.adopt(c, Scaler::divide16(), huge).ok());
  EXPECT_TRUE(t.stopped());
  EXPECT_EQ(t.stop_reason(), StopReason::Diverged);
  EXPECT_TRUE(history_finite(t));
  EXPECT_FALSE(t.step());
}

TEST(Limits, LargestNetworksAreRefusedWithAMessage) {
  TrainConfig c;
  c.arch.hidden = std::vector<int>(8, 1024);
  Status s = c.validate_for(digits().size());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("too large"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("limit"), std::string::npos) << s.message();
  Trainer t;
  EXPECT_FALSE(t.setup(digits(), c).ok());
}

TEST(Limits, RefusedReconfigureChangesNothing) {
  Trainer t;
  TrainConfig c;
  c.augment = false;
  c.arch.hidden = {25};
  ASSERT_TRUE(t.setup(digits(), c).ok());
  ASSERT_TRUE(t.step());
  const VecF before = t.net().theta();
  const std::size_t points = t.history().size();
  TrainConfig big = c;
  big.arch.hidden = {1024, 1024};
  EXPECT_FALSE(t.reconfigure(big).ok());
  EXPECT_TRUE(t.net().theta() == before);
  EXPECT_EQ(t.history().size(), points);
  EXPECT_TRUE(t.config().arch == c.arch);
}

TEST(Limits, DefaultsAndTheCliRecipeFit) {
  TrainConfig cli;   // 64-64-10 with augmentation: the command line's default
  EXPECT_TRUE(cli.validate_for(digits().size()).ok());
  const WorkEstimate w = estimate_work(cli, digits().size());
  EXPECT_EQ(w.params, cli.arch.param_count());
  EXPECT_EQ(w.fit_samples, 5 * 1078);
  EXPECT_GT(w.bytes, 4.0 * w.params);
  // Augmentation multiplies the work by 5: the limit bites earlier with it.
  TrainConfig wide;
  wide.arch.hidden = {256};
  wide.augment = true;
  EXPECT_FALSE(wide.validate_for(digits().size()).ok());
  wide.augment = false;
  EXPECT_TRUE(wide.validate_for(digits().size()).ok());
}

TEST(Limits, TheCommandLineMayGoFurther) {
  TrainConfig c;   // 64-64-32-10 with augmentation: over the app's limit
  c.arch.hidden = {64, 32};
  c.max_iterations = 1;
  Trainer app;
  EXPECT_FALSE(app.setup(digits(), c).ok());
  Trainer cli;
  cli.set_max_pass_work(kMaxPassWorkBatch);
  EXPECT_TRUE(cli.setup(digits(), c).ok());
}

TEST(Adopt, LoadedModelReplacesWeightsScalingAndConfig) {
  TrainConfig a;
  a.arch.hidden = {12};
  a.augment = false;
  a.scaling = Scaling::Standardize;
  Trainer src;
  ASSERT_TRUE(src.setup(digits(), a).ok());
  for (int i = 0; i < 5; ++i) src.step();
  Result<LoadedModel> m = load_model(save_model(src.net(), src.scaler(), src.config()));
  ASSERT_TRUE(m.ok()) << m.message();

  Trainer dst;
  TrainConfig b;
  b.arch.hidden = {7, 5};
  b.augment = false;
  ASSERT_TRUE(dst.setup(digits(), b).ok());
  for (int i = 0; i < 3; ++i) dst.step();
  ASSERT_TRUE(dst.adopt(m.value.config, m.value.scaler, m.value.theta).ok());
  EXPECT_TRUE(dst.net().theta() == src.net().theta());
  EXPECT_TRUE(dst.config().arch == a.arch);
  EXPECT_EQ(dst.scaler().kind, Scaling::Standardize);
  EXPECT_EQ(dst.history().size(), 1u);
  EXPECT_EQ(dst.iteration(), 0);
  EXPECT_NEAR(dst.evaluate(Subset::Validation).accuracy, src.evaluate(Subset::Validation).accuracy, 1e-12);
  // A wrong-sized parameter vector is refused and changes nothing.
  const VecF keep = dst.net().theta();
  EXPECT_FALSE(dst.adopt(m.value.config, m.value.scaler, VecF::Zero(3)).ok());
  EXPECT_TRUE(dst.net().theta() == keep);
}

}  // namespace
}  // namespace bpl
