// The C++ double path against an independent numpy oracle (scripts/gen_oracle_fixture.py, which
// re-implements SplitMix64, the split, the initialization and Ng's cost/backprop without calling
// this code). Regenerate the fixture with: /usr/bin/python3 scripts/gen_oracle_fixture.py
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "data/dataset.hpp"
#include "digits_fixture.hpp"
#include "nn/network.hpp"

namespace bpl {
namespace {

using nlohmann::json;

const json& fixture() {
  static const json j = fixture_json("oracle_64_25_10.json");
  return j;
}

VecD to_vec(const json& a) {
  VecD v(static_cast<Index>(a.size()));
  for (std::size_t i = 0; i < a.size(); ++i) v[static_cast<Index>(i)] = a[i].get<double>();
  return v;
}

class Oracle : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(fixture().is_discarded()) << "cannot read " BPL_FIXTURES_DIR "/oracle_64_25_10.json";
#ifndef BPL_HAVE_ZLIB
    GTEST_SKIP() << "this build cannot read assets/digits.csv.gz (no zlib)";
#endif
    ASSERT_TRUE(digits_loaded());
    data_ = digits();
  }
  Dataset data_;
};

TEST_F(Oracle, SameData) {
  const json& f = fixture()["data"];
  EXPECT_EQ(data_.size(), f["samples"].get<Index>());
  EXPECT_EQ(static_cast<long long>(data_.X.sum()), f["pixel_sum"].get<long long>());
  long long ysum = 0;
  for (int v : data_.y) ysum += v;
  EXPECT_EQ(ysum, f["label_sum"].get<long long>());
}

TEST_F(Oracle, RngAndSplitIdentical) {
  const json& f = fixture();
  Rng rng(f["rng_check"]["seed"].get<std::uint64_t>());
  for (const json& s : f["rng_check"]["next_u64_first3"])
    EXPECT_EQ(rng.next_u64(), std::stoull(s.get<std::string>()));
  EXPECT_EQ(permutation(10, 42), f["permutation_head"].get<std::vector<int>>());

  SplitConfig cfg;  // defaults: 0.6 / 0.2 / seed 42
  ASSERT_EQ(cfg.seed, f["split"]["seed"].get<std::uint64_t>());
  ASSERT_EQ(cfg.train, f["split"]["train_fraction"].get<double>());
  ASSERT_EQ(cfg.validation, f["split"]["validation_fraction"].get<double>());
  Result<Split> sp = make_split(data_.size(), cfg);
  ASSERT_TRUE(sp.ok()) << sp.message();
  EXPECT_EQ(sp.value.train, f["split"]["train"].get<std::vector<int>>());
  EXPECT_EQ(sp.value.validation, f["split"]["validation"].get<std::vector<int>>());
  EXPECT_EQ(sp.value.test, f["split"]["test"].get<std::vector<int>>());
  EXPECT_EQ(sp.value.train.size(), 1078u);  // llround(1797 * 0.6)
  EXPECT_EQ(sp.value.validation.size(), 359u);
  EXPECT_EQ(sp.value.test.size(), 360u);
}

TEST_F(Oracle, InitialParametersBitIdentical) {
  const json& f = fixture();
  const Architecture A;  // 64-25-10 sigmoid, sigmoid outputs
  ASSERT_EQ(A.param_count(), f["param_count"].get<Index>());
  VecD theta(A.param_count());
  init_uniform<double>(A, f["init_seed"].get<std::uint64_t>(), theta);
  const VecD expect = to_vec(f["initial_parameters"]);
  ASSERT_EQ(expect.size(), theta.size());
  Index mismatches = 0, first = -1;
  for (Index i = 0; i < theta.size(); ++i)
    if (theta[i] != expect[i]) {  // exact equality: same bits
      if (first < 0) first = i;
      ++mismatches;
    }
  EXPECT_EQ(mismatches, 0) << "first mismatch at " << first << ": C++ " << theta[first < 0 ? 0 : first]
                           << " oracle " << expect[first < 0 ? 0 : first];
  // The float network draws the same numbers, rounded to float.
  Network<float> net;
  ASSERT_TRUE(net.configure(A, 1).ok());
  EXPECT_EQ(net.theta(), expect.cast<float>());
}

TEST_F(Oracle, CostAndGradientMatch) {
  const json& f = fixture();
  const Architecture A;
  Result<Split> sp = make_split(data_.size(), SplitConfig());
  ASSERT_TRUE(sp.ok());
  const MatD X = Scaler::divide16().apply<double>(gather_columns(data_.X, sp.value.train));
  const MatD Y = one_hot<double>(gather(data_.y, sp.value.train), kClasses);
  const VecD theta = to_vec(f["initial_parameters"]);
  Cache<double> c;
  VecD g;
  const double J = cost_and_gradient<double>(A, theta, X, Y, f["lambda"].get<double>(), 0, &g, c);
  const double J_oracle = f["cost"].get<double>();
  EXPECT_LE(std::fabs(J - J_oracle), 1e-9 * std::fabs(J_oracle)) << "C++ " << J << " oracle " << J_oracle;

  const VecD go = to_vec(f["gradient"]);
  ASSERT_EQ(go.size(), g.size());
  // Tolerances (the two sides sum in different orders, so they differ by round-off only):
  //  * norm-wise: max_i |g_i - o_i| / max_i |o_i| <= 1e-9;
  //  * per entry: |g_i - o_i| <= 1e-9 |o_i| + 1e-12 max_j |o_j|  (1e-9 relative, with a small
  //    absolute floor for entries near zero, e.g. weights of pixels that are always 0, whose
  //    gradient is only the regularizer term).
  const double gmax = go.cwiseAbs().maxCoeff();
  ASSERT_GT(gmax, 0.0);
  EXPECT_LE((g - go).cwiseAbs().maxCoeff() / gmax, 1e-9);
  int bad = 0;
  for (Index i = 0; i < g.size(); ++i) {
    const double tol = 1e-9 * std::fabs(go[i]) + 1e-12 * gmax;
    if (!(std::fabs(g[i] - go[i]) <= tol)) {
      if (++bad <= 10) ADD_FAILURE() << "gradient[" << i << "]: C++ " << g[i] << " oracle " << go[i];
    }
  }
  EXPECT_EQ(bad, 0);
}

}  // namespace
}  // namespace bpl
