// The Backprop panel's stepper (src/app/backprop_stepper.hpp) on a real AppState: the steps, the
// weights version it keys on, explanations that add up, and "apply this update".
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace bpl
