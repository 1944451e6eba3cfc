// AppState: the data once, any number of sessions scheduled together, versions, the shared
// focus, and bad input that changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/app_state.hpp"
#include "data/dataset.hpp"
#include "digits_fixture.hpp"

using namespace bpl;

namespace {

TrainConfig with_optimizer(const TrainConfig& base, OptimizerKind k) {
  TrainConfig c = base;
  c.optim = OptimizerConfig::for_kind(k);
  return c;
}

}  // namespace

TEST(AppState, BeforeDataNothingTrainsAndErrorsAreClear) {
  AppState app;
  EXPECT_FALSE(app.has_data());
  EXPECT_EQ(app.data().size(), 0);
  EXPECT_EQ(app.session_ids(), std::vector<SessionId>{kMainSession});
  EXPECT_FALSE(app.set_config(app.config()).ok());
  Result<SessionId> r = app.add_session(default_app_config());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(app.train_for(5), 0);
  app.set_training(true);
  EXPECT_FALSE(app.training());
}

TEST(AppState, BadCsvChangesNothing) {
  AppState app;
  load_small_app(app);
  const unsigned long long split = app.split_version();
  const VecF w = app.trainer().net().theta();
  EXPECT_FALSE(app.load_data_csv("1,2,3\n").ok());
  EXPECT_FALSE(app.last_error().empty());
  EXPECT_EQ(app.data().size(), 1797);
  EXPECT_EQ(app.split_version(), split);
  EXPECT_EQ(app.trainer().net().theta(), w);
}

TEST(AppState, SessionsShareTheDataAndTheSplit) {
  AppState app;
  load_small_app(app);
  Result<SessionId> a = app.add_session(with_optimizer(app.config(), OptimizerKind::Adam), "adam");
  ASSERT_TRUE(a.ok()) << a.message();
  TrainConfig other = app.config();
  other.split.seed = 3;
  Result<SessionId> b = app.add_session(other);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(app.session_ids(), (std::vector<SessionId>{kMainSession, a.value, b.value}));
  const Session* sa = app.session(a.value);
  const Session* sb = app.session(b.value);
  ASSERT_TRUE(sa && sb);
  EXPECT_EQ(sa->label, "adam");
  EXPECT_FALSE(sb->label.empty());
  // One dataset for everybody; the split matrices are shared when the recipe is the same.
  EXPECT_EQ(&sa->trainer.data(), &app.data());
  EXPECT_EQ(&sb->trainer.data(), &app.data());
  EXPECT_EQ(sa->trainer.prepared().get(), app.trainer().prepared().get());
  EXPECT_NE(sb->trainer.prepared().get(), app.trainer().prepared().get());
  // Same architecture and seed: same initial weights as the main session.
  EXPECT_EQ(sa->trainer.net().theta(), app.trainer().net().theta());
}

TEST(AppState, TrainForSchedulesEveryTrainingSessionAndBumpsVersions) {
  AppState app;
  load_small_app(app);
  Result<SessionId> a = app.add_session(with_optimizer(app.config(), OptimizerKind::Adam));
  Result<SessionId> b = app.add_session(with_optimizer(app.config(), OptimizerKind::LBFGS));
  ASSERT_TRUE(a.ok() && b.ok());
  app.set_session_training(a.value, true);
  app.set_session_training(b.value, true);
  EXPECT_FALSE(app.training());     // the main session is not affected
  EXPECT_TRUE(app.any_training());
  const unsigned long long w_main = app.weights_version();
  const unsigned long long wa = app.session(a.value)->weights_version;
  const unsigned long long hb = app.session(b.value)->history_version;
  for (int f = 0; f < 20; ++f) app.train_for(20.0);
  EXPECT_GT(app.session(a.value)->trainer.iteration(), 0);
  EXPECT_GT(app.session(b.value)->trainer.iteration(), 0);
  EXPECT_EQ(app.trainer().iteration(), 0);
  EXPECT_EQ(app.weights_version(), w_main);
  EXPECT_GT(app.session(a.value)->weights_version, wa);
  EXPECT_GT(app.session(b.value)->history_version, hb);   // L-BFGS records a point per iteration
  EXPECT_GT(app.scheduler().served_ms(a.value), 0);
  EXPECT_GT(app.scheduler().served_ms(b.value), 0);

  app.set_session_training(a.value, false);
  const int it = app.session(a.value)->trainer.iteration();
  app.train_for(10.0);
  EXPECT_EQ(app.session(a.value)->trainer.iteration(), it);
}

TEST(AppState, StepAndResetActOnOneSession) {
  AppState app;
  load_small_app(app);
  Result<SessionId> a = app.add_session(app.config());
  ASSERT_TRUE(a.ok());
  app.step_session(a.value, 2);
  EXPECT_EQ(app.session(a.value)->trainer.iteration(), 2);
  EXPECT_EQ(app.trainer().iteration(), 0);
  const unsigned long long h = app.session(a.value)->history_version;
  app.reset_session(a.value);
  EXPECT_EQ(app.session(a.value)->trainer.iteration(), 0);
  EXPECT_GT(app.session(a.value)->history_version, h);
  app.step(1);
  EXPECT_EQ(app.trainer().iteration(), 1);
}

TEST(AppState, RemoveSession) {
  AppState app;
  load_small_app(app);
  Result<SessionId> a = app.add_session(app.config());
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(app.remove_session(kMainSession));
  EXPECT_TRUE(app.remove_session(a.value));
  EXPECT_FALSE(app.remove_session(a.value));
  EXPECT_EQ(app.session(a.value), nullptr);
  EXPECT_EQ(app.session_ids(), std::vector<SessionId>{kMainSession});
  // Ids are never reused.
  Result<SessionId> b = app.add_session(app.config());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(b.value, a.value);
}

TEST(AppState, InvalidSessionConfigChangesNothing) {
  AppState app;
  load_small_app(app);
  TrainConfig bad = app.config();
  bad.lambda = -1;
  EXPECT_FALSE(app.add_session(bad).ok());
  EXPECT_EQ(app.session_ids().size(), 1u);
  const unsigned long long w = app.weights_version();
  const TrainConfig before = app.config();
  EXPECT_FALSE(app.set_config(bad).ok());
  EXPECT_EQ(app.weights_version(), w);
  EXPECT_EQ(app.config().lambda, before.lambda);
  EXPECT_FALSE(app.set_session_config(12345, before).ok());
}

TEST(AppState, SplitVersionChangesOnlyWithTheSplit) {
  AppState app;
  load_small_app(app);
  const unsigned long long v = app.split_version();
  TrainConfig c = app.config();
  c.lambda = 0.5;
  ASSERT_TRUE(app.set_config(c).ok());
  EXPECT_EQ(app.split_version(), v);
  c.split.seed = 11;
  ASSERT_TRUE(app.set_config(c).ok());
  EXPECT_GT(app.split_version(), v);
}

TEST(AppState, MainSessionTrainsAndTestAccuracyIsKnownWhenPaused) {
  AppState app;
  load_small_app(app);
  app.set_training(true);
  EXPECT_TRUE(app.training());
  for (int f = 0; f < 5; ++f) app.train_for(10.0);
  EXPECT_GT(app.trainer().iteration(), 0);
  EXPECT_TRUE(std::isnan(app.test_accuracy()));
  app.set_training(false);
  EXPECT_GT(app.test_accuracy(), 0.1);
}

TEST(AppState, FocusIsSharedAndValidated) {
  AppState app;
  load_small_app(app);
  const unsigned long long v0 = app.focus_version();
  app.set_focus_example(17);
  EXPECT_EQ(app.focus().example, 17);
  EXPECT_EQ(app.input_source(), InputSource::Dataset);
  EXPECT_EQ(app.selected_index(), 17);
  EXPECT_GT(app.focus_version(), v0);
  app.set_focus_example(5000);              // out of range: ignored
  EXPECT_EQ(app.focus().example, 17);

  app.set_focus_unit(1, 9);                 // hidden layer of 10 units
  EXPECT_TRUE(app.focus().has_unit());
  EXPECT_EQ(app.focus().layer, 1);
  EXPECT_EQ(app.focus().unit, 9);
  app.set_focus_unit(2, 3);                 // the output layer
  EXPECT_TRUE(app.focus().has_unit());
  app.set_focus_unit(1, 10);                // no such unit
  EXPECT_FALSE(app.focus().has_unit());
  app.set_focus_unit(1, 9);
  TrainConfig c = app.config();
  c.arch.hidden = {5};                      // unit 9 no longer exists
  ASSERT_TRUE(app.set_config(c).ok());
  EXPECT_FALSE(app.focus().has_unit());
  EXPECT_EQ(app.focus().example, 17);       // the example still does
  app.set_focus_unit(1, 2);
  app.clear_focus_unit();
  EXPECT_FALSE(app.focus().has_unit());
}

TEST(AppState, NearestTrainingImagesOfTheInput) {
  AppState app;
  load_small_app(app);
  EXPECT_TRUE(app.input_neighbours().index.empty());   // no input yet
  const int i = app.trainer().indices(Subset::Train)[7];
  app.select_dataset_image(i);
  const InputNeighbours& nb = app.input_neighbours();
  ASSERT_EQ(nb.index.size(), static_cast<std::size_t>(InputNeighbours::kShown));
  EXPECT_EQ(nb.index[0], i);                 // a training image is its own nearest neighbour
  EXPECT_EQ(nb.distance[0], 0.0);
  for (std::size_t j = 1; j < nb.distance.size(); ++j) EXPECT_GE(nb.distance[j], nb.distance[j - 1]);
  for (std::size_t j = 0; j < nb.index.size(); ++j) EXPECT_EQ(nb.label[j], app.data().y[static_cast<std::size_t>(nb.index[j])]);
  EXPECT_GE(nb.votes, 1);
  // A new split: the neighbours come from the new training split.
  TrainConfig c = app.config();
  c.split.seed = 99;
  ASSERT_TRUE(app.set_config(c).ok());
  const std::vector<int>& train = app.trainer().indices(Subset::Train);
  for (int j : app.input_neighbours().index) EXPECT_NE(std::find(train.begin(), train.end(), j), train.end());
}

// ---- a trained network is set aside, never lost (issue 17: undo)

TEST(AppState, AnUntrainedNetworkIsReplacedWithNothingKept) {
  AppState app;
  load_small_app(app);
  TrainConfig c = app.config();
  c.arch.hidden = {12};
  EXPECT_FALSE(app.would_set_aside(c));
  ASSERT_TRUE(app.set_config(c).ok());
  app.reset();
  EXPECT_TRUE(app.set_aside().empty());
  EXPECT_FALSE(app.undo_set_aside().ok());
}

TEST(AppState, ANewArchitectureKeepsTheTrainedNetworkAndUndoBringsItBackWhole) {
  AppState app;
  load_small_app(app);
  app.step(3);
  const TrainConfig trained_cfg = app.config();
  const VecF theta = app.trainer().net().theta();
  const std::size_t points = app.trainer().history().size();
  const std::string preset = app.preset();
  TrainConfig c = trained_cfg;
  c.arch.hidden = {12};
  // Said first (the Network panel), only for changes that start from new weights.
  EXPECT_TRUE(app.would_set_aside(c));
  TrainConfig lambda_only = trained_cfg;
  lambda_only.lambda = trained_cfg.lambda + 0.5;
  EXPECT_FALSE(app.would_set_aside(lambda_only));
  const unsigned long long w0 = app.weights_version(), h0 = app.history_version();
  ASSERT_TRUE(app.set_config(c).ok());
  EXPECT_EQ(app.config().arch.hidden, std::vector<int>{12});
  EXPECT_EQ(app.trainer().iteration(), 0);
  EXPECT_NE(app.set_aside().find("after 3 iterations"), std::string::npos) << app.set_aside();
  EXPECT_NE(app.last_notice().find("Undo"), std::string::npos);
  EXPECT_GT(app.weights_version(), w0);   // versions go on: no cache takes the new one for the old
  EXPECT_GT(app.history_version(), h0);
  app.step(1);
  const unsigned long long w1 = app.weights_version();
  ASSERT_TRUE(app.undo_set_aside().ok());
  EXPECT_TRUE(app.set_aside().empty());
  EXPECT_EQ(app.config().arch.hidden, trained_cfg.arch.hidden);
  EXPECT_EQ(app.trainer().iteration(), 3);
  EXPECT_EQ(app.trainer().net().theta(), theta);
  EXPECT_EQ(app.trainer().history().size(), points);
  EXPECT_EQ(app.preset(), preset);
  EXPECT_FALSE(app.training());
  EXPECT_GT(app.weights_version(), w1);
  // It trains on from where it was: the optimizer state came back with it.
  app.step(1);
  EXPECT_EQ(app.trainer().iteration(), 4);
  EXPECT_FALSE(app.undo_set_aside().ok());   // one level
}

TEST(AppState, ResetKeepsTheTrainedNetworkForUndo) {
  AppState app;
  load_small_app(app);
  app.step(2);
  const VecF theta = app.trainer().net().theta();
  app.reset();
  EXPECT_EQ(app.trainer().iteration(), 0);
  EXPECT_NE(app.trainer().net().theta(), theta);
  EXPECT_FALSE(app.set_aside().empty());
  ASSERT_TRUE(app.undo_set_aside().ok());
  EXPECT_EQ(app.trainer().iteration(), 2);
  EXPECT_EQ(app.trainer().net().theta(), theta);
}

TEST(AppState, ANewerChangeReplacesWhatIsKeptAndNewDataDropsIt) {
  AppState app;
  load_small_app(app);
  app.step(2);
  app.reset();   // keeps the 2-iteration network
  app.step(1);
  TrainConfig c = app.config();
  c.init_seed += 1;
  ASSERT_TRUE(app.set_config(c).ok());   // keeps the 1-iteration one instead
  EXPECT_NE(app.set_aside().find("after 1 iteration,"), std::string::npos) << app.set_aside();
  ASSERT_TRUE(app.undo_set_aside().ok());
  EXPECT_EQ(app.trainer().iteration(), 1);
  app.step(1);
  app.reset();
  EXPECT_FALSE(app.set_aside().empty());
  ASSERT_TRUE(app.load_data_csv(digits_csv()).ok());
  EXPECT_TRUE(app.set_aside().empty());
  EXPECT_FALSE(app.undo_set_aside().ok());
}

TEST(AppState, AnInvalidConfigKeepsNothingAndChangesNothing) {
  AppState app;
  load_small_app(app);
  app.step(2);
  TrainConfig bad = app.config();
  bad.arch.hidden = {12};
  bad.lambda = -1;
  EXPECT_FALSE(app.would_set_aside(bad));
  EXPECT_FALSE(app.set_config(bad).ok());
  EXPECT_TRUE(app.set_aside().empty());
  EXPECT_EQ(app.trainer().iteration(), 2);
}
