// The optimizer registry: every optimizer reachable by id and label, unique ids, valid defaults,
// the factory making the same optimizer as the class itself, the texts built from the table, and
// the Backprop panel's preview stepping exactly as the live optimizer does.
#include <gtest/gtest.h>

#include <iterator>
#include <memory>
#include <set>
#include <string>

#include "app/race.hpp"
#include "core/rng.hpp"
#include "optim/cg.hpp"
#include "optim/lbfgs.hpp"
#include "optim/optimizer_registry.hpp"
#include "optim/sgd.hpp"
#include "optim/update_preview.hpp"

namespace bpl {
namespace {

const OptimizerKind kAll[] = {OptimizerKind::CG, OptimizerKind::LBFGS, OptimizerKind::SGD, OptimizerKind::Momentum,
                              OptimizerKind::Adam};

// f = 1/2 sum_i c_i (x_i - 1)^2 with one "sample": the minibatch gradient is the full one.
template <class T>
class Bowl final : public Objective<T> {
 public:
  explicit Bowl(Index n) : c_(n) {
    Rng rng(5);
    for (Index i = 0; i < n; ++i) c_(i) = static_cast<T>(rng.uniform(0.5, 3.0));
  }
  Index dim() const override { return c_.size(); }
  Index samples() const override { return 1; }
  T value_grad(Eigen::Ref<const Vec<T>> x, Eigen::Ref<Vec<T>> g) override {
    g = (c_.array() * (x.array() - T(1))).matrix();
    return T(0.5) * (c_.array() * (x.array() - T(1)).square()).sum();
  }
  T batch_value_grad(Eigen::Ref<const Vec<T>> x, const int*, Index, Eigen::Ref<Vec<T>> g) override {
    return value_grad(x, g);
  }

 private:
  Vec<T> c_;
};

template <class T>
Vec<T> start_point(Index n) {
  Vec<T> x(n);
  Rng rng(9);
  for (Index i = 0; i < n; ++i) x(i) = static_cast<T>(rng.uniform(-2.0, 2.0));
  return x;
}

// The optimizer class itself, made without the registry.
template <class T>
std::unique_ptr<Optimizer<T>> direct(const OptimizerConfig& c) {
  switch (c.kind) {
    case OptimizerKind::CG: return std::make_unique<ConjugateGradient<T>>(c);
    case OptimizerKind::LBFGS: return std::make_unique<Lbfgs<T>>(c);
    case OptimizerKind::SGD: return std::make_unique<Sgd<T>>(c);
    case OptimizerKind::Momentum: return std::make_unique<Momentum<T>>(c);
    case OptimizerKind::Adam: return std::make_unique<Adam<T>>(c);
  }
  return nullptr;
}

TEST(OptimizerRegistry, EveryOptimizerIsReachableByIdAndLabel) {
  EXPECT_EQ(optimizers().size(), std::size(kAll));
  for (OptimizerKind k : kAll) {
    ASSERT_TRUE(is_registered(k));
    const OptimizerInfo& o = optimizer_info(k);
    EXPECT_EQ(o.kind, k);
    ASSERT_NE(find_optimizer(o.id), nullptr) << o.id;
    EXPECT_EQ(find_optimizer(o.id)->kind, k) << o.id;
    int with_label = 0;
    for (const OptimizerInfo& e : optimizers()) with_label += std::string(e.label) == o.label;
    EXPECT_EQ(with_label, 1) << o.label;
    EXPECT_STRNE(o.help, "");
    EXPECT_STRNE(o.short_label, "");
  }
  EXPECT_STREQ(optimizer_info(OptimizerKind::Momentum).label, "SGD + momentum");
  EXPECT_STREQ(optimizer_info(OptimizerKind::CG).label, "Conjugate gradient");
  EXPECT_EQ(find_optimizer("Adam"), nullptr);   // ids are exact
  EXPECT_EQ(find_optimizer(""), nullptr);
  EXPECT_FALSE(is_registered(static_cast<OptimizerKind>(99)));
  EXPECT_STREQ(optimizer_info(static_cast<OptimizerKind>(99)).id, "?");
}

TEST(OptimizerRegistry, IdsAndLabelsAreUnique) {
  std::set<std::string> ids, labels;
  std::set<OptimizerKind> kinds;
  for (const OptimizerInfo& o : optimizers()) {
    EXPECT_TRUE(ids.insert(o.id).second) << o.id;
    EXPECT_TRUE(labels.insert(o.label).second) << o.label;
    EXPECT_TRUE(kinds.insert(o.kind).second) << o.id;
  }
  EXPECT_EQ(optimizer_ids(", ", " or ", "\""), "\"cg\", \"lbfgs\", \"sgd\", \"momentum\" or \"adam\"");
  EXPECT_EQ(optimizer_ids(" | ", " | "), "cg | lbfgs | sgd | momentum | adam");
}

TEST(OptimizerRegistry, EveryEntrysDefaultsPassValidation) {
  for (const OptimizerInfo& o : optimizers()) {
    const OptimizerConfig d = o.defaults();
    EXPECT_EQ(d.kind, o.kind);
    EXPECT_TRUE(d.validate().ok()) << o.id << ": " << d.validate().message();
    EXPECT_EQ(OptimizerConfig::for_kind(o.kind), d) << o.id;
    EXPECT_EQ(o.minibatch, o.uses(OptimizerSetting::BatchSize)) << o.id;
    EXPECT_NE(o.uses(OptimizerSetting::LineSearch), o.minibatch) << o.id;   // one family or the other
  }
  EXPECT_EQ(OptimizerConfig::for_kind(OptimizerKind::LBFGS).wolfe_c2, 0.9);
  EXPECT_EQ(OptimizerConfig::for_kind(OptimizerKind::SGD).learning_rate, 0.5);
  OptimizerConfig bad;
  bad.kind = static_cast<OptimizerKind>(7);
  EXPECT_EQ(bad.validate().message(), "kind must be one of cg, lbfgs, sgd, momentum, adam (got 7)");
}

TEST(OptimizerRegistry, TextsBuiltFromTheSettingsEachOptimizerReads) {
  const char* describe[] = {"cg c1=0.0001 c2=0.1 max_ls=20", "lbfgs m=10 c1=0.0001 c2=0.9 max_ls=20",
                            "sgd lr=0.5 batch=32 seed=1", "momentum lr=0.1 mu=0.9 batch=32 seed=1",
                            "adam lr=0.001 batch=32 beta1=0.9 beta2=0.999 eps=1e-08 seed=1"};
  const char* race[] = {"CG", "L-BFGS m=10", "SGD lr=0.5 b=32", "Momentum lr=0.1 mu=0.9 b=32", "Adam lr=0.001 b=32"};
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    const OptimizerConfig c = OptimizerConfig::for_kind(kAll[i]);
    EXPECT_EQ(c.describe(), describe[i]);
    EXPECT_EQ(race_label(c), race[i]);
  }
}

TEST(OptimizerRegistry, MemoryCostIsStateVectorsPerParameter) {
  OptimizerConfig c = OptimizerConfig::for_kind(OptimizerKind::LBFGS);
  c.lbfgs_memory = 7;
  EXPECT_EQ(optimizer_info(OptimizerKind::LBFGS).memory_vectors(c), 2.0 * 7 + 2);
  EXPECT_EQ(optimizer_info(OptimizerKind::CG).memory_vectors(c), 3);
  EXPECT_EQ(optimizer_info(OptimizerKind::SGD).memory_vectors(c), 0);
  EXPECT_EQ(optimizer_info(OptimizerKind::Momentum).memory_vectors(c), 1);   // v
  EXPECT_EQ(optimizer_info(OptimizerKind::Adam).memory_vectors(c), 2);       // m, v
}

template <class T>
void factory_matches_the_class(OptimizerKind k) {
  const OptimizerConfig c = OptimizerConfig::for_kind(k);
  Status err;
  std::unique_ptr<Optimizer<T>> made = make_optimizer<T>(c, &err);
  ASSERT_TRUE(made) << err.message();
  EXPECT_EQ(made->kind(), k);
  std::unique_ptr<Optimizer<T>> own = direct<T>(c);
  Bowl<T> f1(6), f2(6);
  Vec<T> x1 = start_point<T>(6), x2 = x1;
  const Vec<T> x0 = x1;
  const StepInfo a = made->step(f1, x1), b = own->step(f2, x2);
  EXPECT_EQ(x1, x2) << to_string(k);   // the same code: bit for bit
  EXPECT_EQ(a.evaluations, b.evaluations) << to_string(k);
  EXPECT_GT((x1 - x0).norm(), T(1e-4)) << to_string(k);   // it moved
}

TEST(OptimizerRegistry, FactoryMakesTheRightOptimizer) {
  for (OptimizerKind k : kAll) {
    factory_matches_the_class<float>(k);
    factory_matches_the_class<double>(k);
  }
  OptimizerConfig bad = OptimizerConfig::for_kind(OptimizerKind::Adam);
  bad.beta1 = 1;
  Status err;
  EXPECT_EQ(make_optimizer<float>(bad, &err), nullptr);
  EXPECT_FALSE(err.ok());
}

// A live float optimizer after `steps` steps: its state read through the registry, the preview
// from that state, then the optimizer's real next step: x + dx must be where the step lands.
void preview_is_the_next_step(OptimizerKind k, int steps) {
  OptimizerConfig c = OptimizerConfig::for_kind(k);
  c.batch_size = 1;
  c.learning_rate = 0.05;
  std::unique_ptr<Optimizer<float>> opt = make_optimizer<float>(c);
  ASSERT_TRUE(opt);
  Bowl<float> f(6);
  VecF x = start_point<float>(6);
  for (int i = 0; i < steps; ++i) opt->step(f, x);
  UpdateRule rule;
  rule.cfg = c;
  const OptimizerInfo& info = optimizer_info(k);
  ASSERT_NE(info.read_state, nullptr);
  info.read_state(*opt, &rule);
  EXPECT_EQ(rule.state_from_optimizer, steps > 0);
  VecF g(6);
  f.value_grad(x, g);
  const UpdatePreview p = preview_update(rule, g.cast<double>());
  const VecF before = x;
  opt->step(f, x);
  const VecD dx = (x - before).cast<double>();
  EXPECT_LE((p.delta - dx).cwiseAbs().maxCoeff(), 1e-6 * (1 + dx.cwiseAbs().maxCoeff()))
      << to_string(k) << " after " << steps << " steps";
  EXPECT_GT(dx.norm(), 1e-3);
}

TEST(OptimizerRegistry, PreviewIsTheOptimizersOwnStep) {
  for (int steps : {0, 1, 4}) {
    preview_is_the_next_step(OptimizerKind::Momentum, steps);
    preview_is_the_next_step(OptimizerKind::Adam, steps);
  }
  // After a few steps the state matters: the preview is not the plain gradient step.
  OptimizerConfig c = OptimizerConfig::for_kind(OptimizerKind::Momentum);
  UpdateRule rule;
  rule.cfg = c;
  rule.velocity = VecD::Constant(3, 0.5);
  const VecD g = VecD::Constant(3, 1.0);
  EXPECT_LE((preview_update(rule, g).delta - VecD::Constant(3, 0.9 * 0.5 - 0.1)).norm(), 1e-15);
}

}  // namespace
}  // namespace bpl
