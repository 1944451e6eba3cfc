// The optimizer race: setup parsing, runners as sessions with the same initial weights,
// start/pause/reset together, evaluations recorded per history point.
#include <gtest/gtest.h>

#include <string>

#include "app/app_state.hpp"
#include "app/race.hpp"
#include "data/dataset.hpp"
#include "digits_fixture.hpp"

using namespace bpl;
using nlohmann::json;

namespace {

std::string error_of(const json& j) {
  Result<RaceSetup> r = race_setup_from_json(j);
  return r.ok() ? std::string() : r.message();
}

}  // namespace

TEST(RaceSetup, ParsesNamesAndObjects) {
  Result<RaceSetup> r = race_setup_from_json(
      json::parse(R"({"optimizers": ["cg", {"optimizer": "adam", "learning_rate": 0.01, "batch_size": 64}], "max_iterations": 30})"));
  ASSERT_TRUE(r.ok()) << r.message();
  ASSERT_EQ(r.value.optimizers.size(), 2u);
  EXPECT_EQ(r.value.optimizers[0].kind, OptimizerKind::CG);
  EXPECT_EQ(r.value.optimizers[1].kind, OptimizerKind::Adam);
  EXPECT_EQ(r.value.optimizers[1].learning_rate, 0.01);
  EXPECT_EQ(r.value.optimizers[1].batch_size, 64);
  EXPECT_EQ(r.value.max_iterations, 30);
  // A name alone gets that optimizer's defaults.
  r = race_setup_from_json(json::parse(R"({"optimizers": ["sgd", "lbfgs"]})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value.optimizers[0].learning_rate, default_learning_rate(OptimizerKind::SGD));
  EXPECT_EQ(r.value.optimizers[1].wolfe_c2, OptimizerConfig::for_kind(OptimizerKind::LBFGS).wolfe_c2);
}

TEST(RaceSetup, BadSetupsAreClearErrors) {
  EXPECT_NE(error_of(json::parse(R"({"optimizers": ["cg"]})")).find("2 to 5"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"optimizers": ["cg","cg","cg","cg","cg","cg"]})")).find("2 to 5"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"optimizers": ["cg", "newton"]})")).find("optimizers[1]"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"optimizers": ["cg", {"optimizer": "adam", "hidden": [5]}]})")).find("hidden"),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"optimizers": ["cg", {"optimizer": "sgd", "learning_rate": -1}]})"))
                .find("learning_rate"),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"optimizers": ["cg", {"learning_rate": 1}]})")).find("missing"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"optimizers": ["cg", "adam"], "max_iterations": 0})")).find("max_iterations"),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"({"runners": []})")).find("unknown key"), std::string::npos);
  EXPECT_FALSE(error_of(json::parse("[1,2]")).empty());
}

TEST(Race, RunnersStartFromTheSameWeightsAndTrainTogether) {
  AppState app;
  load_small_app(app);
  RaceSetup setup = default_race_setup();   // CG, L-BFGS, Adam
  setup.max_iterations = 1000;
  ASSERT_TRUE(app.race().start(app, setup).ok());
  const Race& race = app.race();
  ASSERT_EQ(race.runners().size(), 3u);
  EXPECT_EQ(app.session_ids().size(), 4u);
  for (const Race::Runner& r : race.runners()) {
    const Session* s = app.session(r.session);
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->training);
    EXPECT_EQ(s->trainer.net().theta(), app.trainer().net().theta());   // same initial weights
    EXPECT_EQ(s->trainer.config().arch, app.config().arch);
    EXPECT_FALSE(s->trainer.config().augment) << "every runner fits the same fixed training split";
    EXPECT_EQ(s->trainer.config().optim.kind, r.optim.kind);
  }
  EXPECT_TRUE(race.running(app));
  for (int f = 0; f < 30; ++f) app.train_for(15.0);
  for (const Race::Runner& r : race.runners()) {
    const Session* s = app.session(r.session);
    EXPECT_GT(s->trainer.iteration(), 0) << r.label;
    // Evaluations are recorded per history point and never decrease.
    const auto& h = s->trainer.history();
    for (std::size_t i = 1; i < h.size(); ++i) EXPECT_GE(h[i].evaluations, h[i - 1].evaluations);
  }
  // CG and L-BFGS record a point per iteration, with at least one evaluation each.
  const Session* cg = app.session(race.runners()[0].session);
  ASSERT_GE(cg->trainer.history().size(), 2u);
  EXPECT_GE(cg->trainer.history().back().evaluations, cg->trainer.history().back().iteration);
  EXPECT_EQ(app.trainer().iteration(), 0);   // the main network was not trained

  app.race().set_running(app, false);
  EXPECT_FALSE(race.running(app));
  const int it = cg->trainer.iteration();
  app.train_for(15.0);
  EXPECT_EQ(cg->trainer.iteration(), it);

  app.race().reset(app);
  for (const Race::Runner& r : race.runners()) {
    const Session* s = app.session(r.session);
    EXPECT_EQ(s->trainer.iteration(), 0);
    EXPECT_EQ(s->trainer.evaluations(), 0);
    EXPECT_EQ(s->trainer.net().theta(), app.trainer().net().theta());
  }
  app.race().clear(app);
  EXPECT_FALSE(race.active());
  EXPECT_EQ(app.session_ids().size(), 1u);
}

TEST(Race, AnInvalidSetupLeavesTheCurrentRaceAlone) {
  AppState app;
  load_small_app(app);
  ASSERT_TRUE(app.race().start(app, default_race_setup()).ok());
  const std::vector<Race::Runner> before = app.race().runners();
  RaceSetup bad;
  bad.optimizers = {OptimizerConfig::for_kind(OptimizerKind::CG)};
  EXPECT_FALSE(app.race().start(app, bad).ok());
  ASSERT_EQ(app.race().runners().size(), before.size());
  EXPECT_EQ(app.race().runners()[0].session, before[0].session);
  EXPECT_EQ(app.session_ids().size(), 4u);
}

TEST(Race, ARunnerThatReachesTheLimitStopsAndTheRaceFinishes) {
  AppState app;
  load_small_app(app);
  RaceSetup setup;
  setup.optimizers = {OptimizerConfig::for_kind(OptimizerKind::CG), OptimizerConfig::for_kind(OptimizerKind::LBFGS)};
  setup.max_iterations = 3;
  ASSERT_TRUE(app.race().start(app, setup).ok());
  for (int f = 0; f < 200 && !app.race().finished(app); ++f) app.train_for(10.0);
  EXPECT_TRUE(app.race().finished(app));
  EXPECT_FALSE(app.race().running(app));
  for (const Race::Runner& r : app.race().runners())
    EXPECT_EQ(app.session(r.session)->trainer.iteration(), 3) << r.label;
  // Resuming a finished race does not extend it.
  app.race().set_running(app, true);
  EXPECT_FALSE(app.race().running(app));
}

// The app's default network (the reader preset: augmented, 64-100-10) with CG among the runners
// would exceed the size limit on its five-fold training data; the race fits the plain split.
TEST(Race, StartsOnTheDefaultNetwork) {
  AppState app;
  ASSERT_TRUE(app.load_data_csv(digits_csv()).ok());
  ASSERT_TRUE(app.config().augment);
  const Status s = app.race().start(app, default_race_setup());
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(app.race().runners().size(), 3u);
  EXPECT_TRUE(app.config().augment) << "the main network keeps its augmentation";
}
