// The Backprop panel's stepper (src/app/backprop_stepper.hpp) on a real AppState: the steps, the
// weights version it keys on, explanations that add up, and "apply this update".
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/app_state.hpp"
#include "app/backprop_stepper.hpp"
#include "digits_fixture.hpp"
#include "train/config_json.hpp"

namespace bpl {
namespace {

class Stepper : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(app.load_data_csv(digits_csv()).ok());   // the CSV text the browser hands AppState
  }
  void use(OptimizerKind k, double lr = 0) {
    TrainConfig c = app.config();
    c.optim = OptimizerConfig::for_kind(k);
    if (lr > 0) c.optim.learning_rate = lr;
    ASSERT_TRUE(app.set_config(c).ok());
  }
  AppState app;
};

TEST_F(Stepper, StepsOfATwoLayerNetwork) {
  const std::vector<Step> s = make_steps(2);
  std::string names;
  for (const Step& st : s) names += step_name(st) + " ";
  EXPECT_EQ(names, "input z1 a1 z2 a2 loss delta2 delta1 grad2 grad1 update ");
  EXPECT_EQ(make_steps(4).size(), 1u + 8u + 1u + 1u + 3u + 4u + 1u);
  EXPECT_EQ(step_formula({StepKind::Z, 1}, app.config().arch), "z\u207D\u00B9\u207E = W\u207D\u00B9\u207Ea\u207D\u2070\u207E + b\u207D\u00B9\u207E");
}

TEST_F(Stepper, FollowsTheCurrentInputAndKeysOnTheWeightsVersion) {
  BackpropStepper& bp = app.backprop();
  app.select_dataset_image(17);   // as a click in the Data panel does
  bp.sync(app);
  ASSERT_TRUE(bp.has_trace()) << bp.error();
  EXPECT_EQ(bp.index(), 17);
  EXPECT_EQ(bp.label(), app.data().y[17]);
  EXPECT_FALSE(bp.stale(app));
  bp.go(3);
  app.step(1);   // training moves the weights: the trace is now stale, and kept as it was
  EXPECT_TRUE(bp.stale(app));
  EXPECT_EQ(bp.position(), 3);
  const double z_old = bp.trace().layer(1).z[0];
  bp.sync(app);  // no new input: nothing is re-traced silently
  EXPECT_TRUE(bp.stale(app));
  EXPECT_EQ(bp.trace().layer(1).z[0], z_old);
  ASSERT_TRUE(bp.rerun(app).ok());
  EXPECT_FALSE(bp.stale(app));
  EXPECT_NE(bp.trace().layer(1).z[0], z_old);
  // A new example starts at the first step.
  ASSERT_TRUE(bp.select_index(app, 5).ok());
  EXPECT_EQ(bp.position(), 0);
  EXPECT_EQ(app.selected_index(), 5);
  EXPECT_FALSE(bp.select_index(app, 100000).ok());
  EXPECT_FALSE(bp.select_sketch(app, VecD::Zero(64)).ok());
}

TEST_F(Stepper, PositionClampsAndPlayAdvancesOncePerInterval) {
  BackpropStepper& bp = app.backprop();
  ASSERT_TRUE(bp.select_index(app, 0).ok());
  const int last = static_cast<int>(bp.steps().size()) - 1;
  bp.go(-5);
  EXPECT_EQ(bp.position(), 0);
  bp.go(1000);
  EXPECT_EQ(bp.position(), last);
  bp.set_playing(true);   // from the end: starts again at 0
  EXPECT_EQ(bp.position(), 0);
  bp.tick(0.5 * BackpropStepper::kPlaySeconds);
  EXPECT_EQ(bp.position(), 0);
  bp.tick(0.6 * BackpropStepper::kPlaySeconds);
  EXPECT_EQ(bp.position(), 1);
  bp.tick(100 * BackpropStepper::kPlaySeconds);
  EXPECT_EQ(bp.position(), last);
  EXPECT_FALSE(bp.playing());
}

TEST_F(Stepper, ExplanationsShowTheirNumbers) {
  BackpropStepper& bp = app.backprop();
  app.step(3);
  ASSERT_TRUE(bp.select_index(app, 42).ok());
  const ExampleTrace& t = bp.trace();
  const ValueRef z{Quantity::Z, 1, 4, 0};
  EXPECT_EQ(bp.value(z), t.layer(1).z[4]);
  const Explanation ez = bp.explain(z);
  EXPECT_NE(ez.title.find("z\u207D\u00B9\u207E\u2084"), std::string::npos) << ez.title;   // unit 4
  EXPECT_NE(ez.text().find("smaller terms, summed"), std::string::npos);   // 64 inputs: the rest is summed
  char last[64];
  std::snprintf(last, sizeof last, "= %.4g", t.layer(1).z[4]);
  EXPECT_EQ(ez.lines.back(), last);
  const Explanation eg = bp.explain({Quantity::GradW, 2, 3, 7});
  EXPECT_NE(eg.text().find("data part"), std::string::npos);
  EXPECT_NE(eg.text().find("\u03BB part"), std::string::npos);
  EXPECT_NE(bp.explain({Quantity::Delta, 1, 2, 0}).text().find("g\u2032(z)"), std::string::npos);
  EXPECT_EQ(bp.explain({Quantity::Z, 1, 999, 0}).title, "(no such value)");
}

// Pausing, or a pause that is already in place (a lesson's setup says "not training"), changes no
// weight: the trace stays fresh, and the test accuracy becomes known.
TEST_F(Stepper, PausingLeavesTheTraceFresh) {
  BackpropStepper& bp = app.backprop();
  app.set_training(true);
  ASSERT_EQ(app.train_for(5.0) > 0, true);
  app.set_training(false);
  ASSERT_TRUE(bp.select_index(app, 9).ok());
  const unsigned long long v = app.weights_version();
  app.set_training(false);
  EXPECT_EQ(app.weights_version(), v);
  EXPECT_FALSE(bp.stale(app));
  EXPECT_FALSE(std::isnan(app.test_accuracy()));
  app.set_training(true);
  app.set_training(false);   // a Train/Pause toggle without a frame between: no step, no change
  EXPECT_EQ(app.weights_version(), v);
  EXPECT_FALSE(bp.stale(app));
  EXPECT_FALSE(std::isnan(app.test_accuracy()));
}

TEST_F(Stepper, ApplyThisUpdateMovesTheLiveWeightsByThePreview) {
  use(OptimizerKind::SGD, 0.2);
  BackpropStepper& bp = app.backprop();
  ASSERT_TRUE(bp.select_index(app, 9).ok());
  const VecF before = app.trainer().net().theta();
  const VecD delta = bp.update().delta;
  const double loss_before = bp.trace().loss;
  const unsigned long long v = app.weights_version();
  ASSERT_TRUE(bp.apply_update(app).ok());
  EXPECT_GT(app.weights_version(), v);
  EXPECT_EQ(app.trainer().net().theta(), VecF(before + delta.cast<float>()));
  EXPECT_FALSE(bp.stale(app));   // re-traced under the new weights
  EXPECT_TRUE(bp.has_applied());
  EXPECT_LT(bp.trace().loss, loss_before);   // one small gradient step on this example lowers its loss
  EXPECT_EQ(bp.output_after(), bp.trace().layer(2).a);
  EXPECT_NE(bp.output_before(), bp.output_after());
  // A stale trace's update is refused (it belongs to other weights).
  app.step(1);
  const VecF now = app.trainer().net().theta();
  EXPECT_FALSE(bp.apply_update(app).ok());
  EXPECT_EQ(app.trainer().net().theta(), now);
}

// Issue 19 item 4: the stepper opens on an example with something to learn.
TEST_F(Stepper, OpensOnAMisreadValidationImageAndStepsThroughTheMistakes) {
  TrainConfig c = app.config();
  c.arch.hidden = {10};
  c.augment = false;
  ASSERT_TRUE(app.set_config(c).ok());
  app.step(2);   // barely trained: it misreads many validation images
  BackpropStepper& bp = app.backprop();
  ASSERT_TRUE(bp.open_instructive(app).ok()) << bp.error();
  ASSERT_EQ(bp.chosen(), BackpropStepper::Chosen::Mistake);
  const std::vector<int>& validation = app.trainer().indices(Subset::Validation);
  EXPECT_NE(std::find(validation.begin(), validation.end(), bp.index()), validation.end()) << "a validation image";
  Index answer = 0;
  app.predict_raw(bp.pixels()).maxCoeff(&answer);
  EXPECT_NE(static_cast<int>(answer), bp.label()) << "the network reads it right";
  EXPECT_NE(bp.chosen_note().find("gets wrong"), std::string::npos) << bp.chosen_note();
  // The most confidently wrong first: no other mistake gives its label less probability.
  const std::vector<int> mistakes = bp.mistakes(app);
  ASSERT_GE(mistakes.size(), 3u);
  EXPECT_EQ(mistakes.front(), bp.index());
  const float p0 = app.predict_raw(bp.pixels())[bp.label()];
  for (int i : mistakes) EXPECT_GE(app.predict_raw(app.data().X.col(i))[app.data().y[static_cast<std::size_t>(i)]], p0 - 1e-6f);
  // Next mistake walks the list, and a step into the trace is not kept by a new example.
  bp.go(3);
  ASSERT_TRUE(bp.next_mistake(app).ok());
  EXPECT_EQ(bp.index(), mistakes[1]);
  EXPECT_EQ(bp.position(), 0);
  ASSERT_TRUE(bp.next_mistake(app).ok());
  EXPECT_EQ(bp.index(), mistakes[2]);
  EXPECT_NE(bp.chosen_note().find("Mistake 3 of"), std::string::npos) << bp.chosen_note();
  // A student's own pick says nothing about mistakes.
  ASSERT_TRUE(bp.select_index(app, 5).ok());
  EXPECT_EQ(bp.chosen(), BackpropStepper::Chosen::ByUser);
  EXPECT_TRUE(bp.chosen_note().empty());
}

TEST_F(Stepper, WithNoMistakeItOpensOnTheLeastConfidentRightImage) {
  TrainConfig c = app.config();
  c.arch.hidden = {10};
  c.augment = false;
  c.arch.hidden = {25};
  c.split.train = 0.9;          // a validation split of 5 images, all of which the network reads right
  c.split.validation = 0.003;
  c.optim = OptimizerConfig::for_kind(OptimizerKind::CG);
  c.max_iterations = 100;
  ASSERT_TRUE(app.set_config(c).ok());
  app.step(100);
  BackpropStepper& bp = app.backprop();
  if (!bp.mistakes(app).empty()) GTEST_SKIP() << "this network misreads a validation image; the other test covers it";
  ASSERT_TRUE(bp.open_instructive(app).ok());
  EXPECT_EQ(bp.chosen(), BackpropStepper::Chosen::LeastConfident);
  EXPECT_NE(bp.chosen_note().find("least sure"), std::string::npos) << bp.chosen_note();
  const float p = app.predict_raw(bp.pixels())[bp.label()];
  for (int i : app.trainer().indices(Subset::Validation))
    EXPECT_GE(app.predict_raw(app.data().X.col(i))[app.data().y[static_cast<std::size_t>(i)]], p - 1e-6f);
  EXPECT_FALSE(bp.next_mistake(app).ok());   // nothing to step through: said, nothing changes
  EXPECT_EQ(bp.chosen(), BackpropStepper::Chosen::LeastConfident);
}

TEST_F(Stepper, TheUpdateStepShowsThePlainGradientStepThenTheOptimizers) {
  for (OptimizerKind k : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam, OptimizerKind::CG}) {
    TrainConfig c = app.config();
    c.arch.hidden = {10};
    c.augment = false;   // CG fits one fixed set: the small network stays within the size limit
    c.optim = OptimizerConfig::for_kind(k);
    ASSERT_TRUE(app.set_config(c).ok()) << to_string(k);
    app.step(3);   // momentum and Adam now carry state from earlier minibatches
    BackpropStepper& bp = app.backprop();
    ASSERT_TRUE(bp.select_index(app, 11).ok());
    const ExampleTrace& t = bp.trace();
    const double eta = bp.plain_eta();
    if (is_minibatch(k)) {
      EXPECT_EQ(eta, app.config().optim.learning_rate) << to_string(k);
    }
    for (int l = 1; l <= t.L(); ++l) {
      const MatD plain_W = weights<double>(t.arch, bp.plain_step().data(), l);
      const MatD want = -eta * t.layer(l).dW();
      EXPECT_LE((plain_W - want).cwiseAbs().maxCoeff(), 1e-15 * std::max(1.0, want.cwiseAbs().maxCoeff())) << to_string(k);
      EXPECT_EQ(VecD(biases<double>(t.arch, bp.plain_step().data(), l)), VecD(-eta * t.layer(l).db));
    }
    const bool differs = k == OptimizerKind::Momentum || k == OptimizerKind::Adam;
    EXPECT_EQ(bp.update_differs(), differs) << to_string(k);
    if (differs) EXPECT_GT((bp.update().delta - bp.plain_step()).norm(), 1e-6 * bp.plain_step().norm()) << to_string(k);
    else EXPECT_LE((bp.update().delta - bp.plain_step()).norm(), 1e-12 * bp.plain_step().norm()) << to_string(k);
    EXPECT_FALSE(bp.why_update_differs().empty());
    const Explanation e = bp.explain({Quantity::PlainW, 1, 0, 3});
    EXPECT_NE(e.title.find("\u2212\u03B7"), std::string::npos) << e.title;
  }
}

TEST_F(Stepper, APinnedExplanationClosesWhenTheStepChanges) {
  BackpropStepper& bp = app.backprop();
  ASSERT_TRUE(bp.select_index(app, 3).ok());
  bp.go(1);
  bp.pin({Quantity::Z, 1, 0, 0});
  ASSERT_TRUE(bp.has_pin());
  bp.go(0);   // no move: stays
  EXPECT_TRUE(bp.has_pin());
  bp.next();
  EXPECT_FALSE(bp.has_pin());
  bp.pin({Quantity::A, 1, 0, 0});
  bp.back();
  EXPECT_FALSE(bp.has_pin());
  bp.pin({Quantity::Z, 1, 0, 0});
  bp.set_playing(true);
  bp.tick(BackpropStepper::kPlaySeconds * 1.01);
  EXPECT_FALSE(bp.has_pin());
}

}  // namespace
}  // namespace bpl
