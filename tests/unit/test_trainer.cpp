// Trainer: setup on shared data, reconfigure (what keeps the weights, what re-initializes),
// evaluation counting across optimizer rebuilds.
#include <gtest/gtest.h>

#include <functional>
#include <vector>
#include <memory>
#include <string>

#include "data/dataset.hpp"
#include "digits_fixture.hpp"
#include "train/config_json.hpp"
#include "train/trainer.hpp"

using namespace bpl;

namespace {

TrainConfig small_config() { return plain_config({12}, 50); }

VecF weights(const Trainer& t) { return t.net().theta(); }

}  // namespace

TEST(Trainer, SharesTheDatasetInsteadOfCopyingIt) {
  Trainer t;
  ASSERT_TRUE(t.setup(shared_digits(), small_config()).ok());
  EXPECT_EQ(&t.data(), shared_digits().get());
  EXPECT_EQ(t.X(Subset::Train).cols() + t.X(Subset::Validation).cols() + t.X(Subset::Test).cols(), 1797);
}

TEST(Trainer, SessionsWithTheSameRecipeShareThePreparedData) {
  Trainer a, b;
  ASSERT_TRUE(a.setup(shared_digits(), small_config()).ok());
  TrainConfig cb = small_config();
  cb.optim = OptimizerConfig::for_kind(OptimizerKind::Adam);
  cb.lambda = 0.1;
  ASSERT_TRUE(b.setup(a.prepared(), cb).ok());
  EXPECT_EQ(a.prepared().get(), b.prepared().get());
  // Same architecture and seed: the same initial weights (what the optimizer race relies on).
  EXPECT_EQ(weights(a), weights(b));
  // A recipe that does not match is refused and changes nothing.
  TrainConfig other = small_config();
  other.split.seed = 7;
  Trainer c;
  Status s = c.setup(a.prepared(), other);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(c.data().size(), 0);
}

TEST(TrainerReconfigure, OptimizerChangeKeepsWeightsHistoryAndEvaluationCount) {
  Trainer t;
  ASSERT_TRUE(t.setup(shared_digits(), small_config()).ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(t.step());
  const VecF w = weights(t);
  const long long evals = t.evaluations();
  const std::size_t points = t.history().size();
  ASSERT_GT(evals, 3);
  EXPECT_EQ(t.history().back().evaluations, evals);

  TrainConfig c = t.config();
  c.optim = OptimizerConfig::for_kind(OptimizerKind::Adam);
  ASSERT_TRUE(t.reconfigure(c).ok());
  EXPECT_EQ(weights(t), w);
  EXPECT_EQ(t.history().size(), points);
  EXPECT_EQ(t.iteration(), 3);
  EXPECT_EQ(t.evaluations(), evals);        // the count survives the rebuilt optimizer
  ASSERT_TRUE(t.step());                     // one Adam minibatch: one more evaluation
  EXPECT_EQ(t.evaluations(), evals + 1);
  EXPECT_NE(weights(t), w);
}

TEST(TrainerReconfigure, LambdaChangeKeepsWeightsAndChangesTheObjective) {
  Trainer t, same;
  ASSERT_TRUE(t.setup(shared_digits(), small_config()).ok());
  ASSERT_TRUE(same.setup(t.prepared(), small_config()).ok());
  ASSERT_TRUE(t.step());
  ASSERT_TRUE(same.step());
  const VecF w = weights(t);
  ASSERT_EQ(weights(same), w);
  const PreparedData* prep = t.prepared().get();
  TrainConfig c = t.config();
  c.lambda = 10.0;
  ASSERT_TRUE(t.reconfigure(c).ok());
  EXPECT_EQ(weights(t), w);
  EXPECT_EQ(t.config().lambda, 10.0);
  EXPECT_EQ(t.prepared().get(), prep);       // no re-split for a lambda change
  // The next step minimizes the new objective: it goes elsewhere than with lambda = 1, and the
  // stronger penalty shrinks the weights more.
  ASSERT_TRUE(t.step());
  ASSERT_TRUE(same.step());
  EXPECT_NE(weights(t), weights(same));
  EXPECT_LT(weights(t).squaredNorm(), weights(same).squaredNorm());
}

TEST(TrainerReconfigure, ArchitectureOrSeedChangeReinitializes) {
  Trainer t;
  ASSERT_TRUE(t.setup(shared_digits(), small_config()).ok());
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(t.step());
  TrainConfig c = t.config();
  c.arch.hidden = {8, 6};
  ASSERT_TRUE(t.reconfigure(c).ok());
  EXPECT_EQ(t.iteration(), 0);
  EXPECT_EQ(t.history().size(), 1u);
  EXPECT_EQ(t.evaluations(), 0);
  EXPECT_EQ(t.net().theta().size(), c.arch.param_count());

  const VecF w = weights(t);
  c.init_seed = 99;
  ASSERT_TRUE(t.reconfigure(c).ok());
  EXPECT_NE(weights(t), w);
}

TEST(TrainerReconfigure, SplitOrScalingChangeResplitsTheSameData) {
  Trainer t;
  ASSERT_TRUE(t.setup(shared_digits(), small_config()).ok());
  const PreparedData* before = t.prepared().get();
  const std::vector<int> test_before = t.indices(Subset::Test);
  TrainConfig c = t.config();
  c.split.seed = 5;
  ASSERT_TRUE(t.reconfigure(c).ok());
  EXPECT_NE(t.prepared().get(), before);
  EXPECT_NE(t.indices(Subset::Test), test_before);
  EXPECT_EQ(&t.data(), shared_digits().get());      // still the one shared dataset
  c.scaling = Scaling::Standardize;
  ASSERT_TRUE(t.reconfigure(c).ok());
  EXPECT_EQ(t.scaler().kind, Scaling::Standardize);
}

TEST(TrainerReconfigure, InvalidConfigChangesNothing) {
  Trainer t;
  ASSERT_TRUE(t.setup(shared_digits(), small_config()).ok());
  ASSERT_TRUE(t.step());
  const VecF w = weights(t);
  const TrainConfig before = t.config();
  TrainConfig c = before;
  c.optim.kind = OptimizerKind::Adam;
  c.optim.learning_rate = -1;
  c.arch.hidden = {4};
  Status s = t.reconfigure(c);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("learning_rate"), std::string::npos) << s.message();
  EXPECT_EQ(weights(t), w);
  EXPECT_EQ(t.config().arch, before.arch);
  EXPECT_EQ(t.config().optim.kind, before.optim.kind);
  c = before;
  c.split.train = 0.99;  // leaves nothing for validation + test
  EXPECT_FALSE(t.reconfigure(c).ok());
  EXPECT_EQ(weights(t), w);
}

TEST(TrainerReconfigure, HigherIterationLimitLetsAStoppedRunContinue) {
  Trainer t;
  TrainConfig c = small_config();
  c.max_iterations = 2;
  ASSERT_TRUE(t.setup(shared_digits(), c).ok());
  EXPECT_TRUE(t.step());
  EXPECT_FALSE(t.step());
  EXPECT_EQ(t.stop_reason(), StopReason::MaxIterations);
  c.max_iterations = 4;
  ASSERT_TRUE(t.reconfigure(c).ok());
  EXPECT_FALSE(t.stopped());
  EXPECT_TRUE(t.step());
  EXPECT_EQ(t.iteration(), 3);
}

TEST(Trainer, ResetClearsTheEvaluationCount) {
  Trainer t;
  ASSERT_TRUE(t.setup(shared_digits(), small_config()).ok());
  ASSERT_TRUE(t.step());
  ASSERT_GT(t.evaluations(), 0);
  t.reset();
  EXPECT_EQ(t.evaluations(), 0);
  EXPECT_EQ(t.history().back().evaluations, 0);
}

TEST(OptimConfig, SwitchingKindTakesItsDefaultsAndKeepsTheRest) {
  OptimizerConfig o = OptimizerConfig::for_kind(OptimizerKind::CG);
  o.batch_size = 64;
  o.wolfe_c1 = 1e-3;
  o.lbfgs_memory = 5;
  const OptimizerConfig a = o.switched_to(OptimizerKind::Adam);
  EXPECT_EQ(a.kind, OptimizerKind::Adam);
  EXPECT_EQ(a.learning_rate, default_learning_rate(OptimizerKind::Adam));
  EXPECT_EQ(a.batch_size, 64);
  EXPECT_EQ(a.wolfe_c1, 1e-3);
  EXPECT_EQ(a.lbfgs_memory, 5);
  const OptimizerConfig l = a.switched_to(OptimizerKind::LBFGS);
  EXPECT_EQ(l.wolfe_c2, OptimizerConfig::for_kind(OptimizerKind::LBFGS).wolfe_c2);
  OptimizerConfig custom = a;
  custom.learning_rate = 0.05;
  EXPECT_EQ(custom.switched_to(OptimizerKind::Adam).learning_rate, 0.05);  // same kind: unchanged
}

// TrainConfig's == compares every field: each value of the config's JSON form (which holds every
// setting, config_json.hpp), changed alone, makes the configs differ.
TEST(TrainConfigEquality, EveryFieldOfTheJsonFormCounts) {
  const TrainConfig base;
  EXPECT_TRUE(base == TrainConfig());
  const nlohmann::json j0 = config_to_json(base);
  // A text setting takes another of the names the parser knows (the first it accepts there).
  const std::vector<std::string> names = {"sigmoid", "softmax", "relu", "tanh", "cg", "lbfgs", "sgd",
                                          "momentum", "adam", "divide16", "standardize"};
  int leaves = 0;
  // Changes the leaf at `ptr` of a copy of j0 and checks the parsed config differs from base.
  std::function<void(const nlohmann::json&, const nlohmann::json::json_pointer&)> walk =
      [&](const nlohmann::json& v, const nlohmann::json::json_pointer& ptr) {
        if (v.is_object()) {
          for (auto it = v.begin(); it != v.end(); ++it) walk(it.value(), ptr / it.key());
          return;
        }
        nlohmann::json j = j0;
        nlohmann::json& leaf = j[ptr];
        if (v.is_boolean()) leaf = !v.get<bool>();
        else if (v.is_number_integer() || v.is_number_unsigned()) leaf = v.get<long long>() + 1;
        else if (v.is_number_float()) leaf = v.get<double>() == 0 ? 0.01 : v.get<double>() * 0.5;
        else if (v.is_array()) leaf.push_back(5);
        else if (v.is_string()) {
          for (const std::string& n : names) {
            leaf = n;
            if (n != v.get<std::string>() && config_from_json(j, base).ok()) break;
          }
          ASSERT_NE(leaf, v) << ptr.to_string() << " = " << v << ": no other name accepted";
        }
        ++leaves;
        Result<TrainConfig> c = config_from_json(j, base);
        ASSERT_TRUE(c.ok()) << ptr.to_string() << ": " << c.message();
        EXPECT_FALSE(c.value == base) << ptr.to_string() << " is not compared by TrainConfig::operator==";
        EXPECT_TRUE(c.value != base) << ptr.to_string();
      };
  walk(j0, nlohmann::json::json_pointer());
  EXPECT_GE(leaves, 25);
}
