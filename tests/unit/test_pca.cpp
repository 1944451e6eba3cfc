// PCA of the digits against scikit-learn (fixture written by scripts/gen_pca_fixture.py):
// explained variance (ratio) and the two components, compared up to sign; projections; errors.
#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "digits_fixture.hpp"
#include "data/pca.hpp"

namespace bpl {
namespace {

std::vector<double> vec(const nlohmann::json& j) {
  std::vector<double> v;
  if (!j.is_array()) return v;
  for (const auto& x : j)
    if (x.is_number()) v.push_back(x.get<double>());
  return v;
}

TEST(Pca, DigitsMatchScikitLearnUpToSign) {
  ASSERT_TRUE(digits_loaded());
  const Dataset& d = digits();
  const nlohmann::json fx = fixture_json("pca_sklearn.json");
  ASSERT_FALSE(fx.is_discarded());
  ASSERT_EQ(fx["n_samples"].get<int>(), d.size());

  Result<Pca> p = fit_pca(d.X / 16.0, 2);
  ASSERT_TRUE(p.ok()) << p.message();
  const Pca& pca = p.value;
  ASSERT_EQ(pca.count(), 2);

  const std::vector<double> mean = vec(fx["mean"]);
  ASSERT_EQ(mean.size(), 64u);
  for (int i = 0; i < 64; ++i) EXPECT_NEAR(pca.mean[i], mean[static_cast<std::size_t>(i)], 1e-12);

  const std::vector<double> ev = vec(fx["explained_variance"]), ratio = vec(fx["explained_variance_ratio"]);
  ASSERT_EQ(ratio.size(), 2u);
  for (int j = 0; j < 2; ++j) {
    EXPECT_NEAR(pca.explained_variance[j], ev[static_cast<std::size_t>(j)], 1e-10 * ev[0]) << "axis " << j;
    EXPECT_NEAR(pca.explained_variance_ratio[j], ratio[static_cast<std::size_t>(j)], 1e-10) << "axis " << j;
  }

  std::vector<double> sign(2, 1.0);
  for (int j = 0; j < 2; ++j) {
    const std::vector<double> c = vec(fx["components"][static_cast<std::size_t>(j)]);
    ASSERT_EQ(c.size(), 64u);
    double dot = 0;
    for (int i = 0; i < 64; ++i) dot += pca.components(j, i) * c[static_cast<std::size_t>(i)];
    sign[static_cast<std::size_t>(j)] = dot < 0 ? -1.0 : 1.0;
    for (int i = 0; i < 64; ++i)
      EXPECT_NEAR(sign[static_cast<std::size_t>(j)] * pca.components(j, i), c[static_cast<std::size_t>(i)], 1e-8)
          << "component " << j << " pixel " << i;
    EXPECT_NEAR(pca.components.row(j).norm(), 1.0, 1e-12);
  }

  const MatD uv = pca.project(d.X.leftCols(20) / 16.0);
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 2; ++j)
      EXPECT_NEAR(sign[static_cast<std::size_t>(j)] * uv(j, i),
                  fx["first_20_projected"][static_cast<std::size_t>(i)][static_cast<std::size_t>(j)].get<double>(), 1e-8)
          << "image " << i << " axis " << j;
}

TEST(Pca, ReconstructInvertsProjectionInThePlane) {
  MatD X(3, 5);
  X << 0, 1, 2, 3, 4,   //
      0, 2, 4, 6, 8.5,  //
      1, 1, 1, 1, 1.5;
  Result<Pca> p = fit_pca(X, 2);
  ASSERT_TRUE(p.ok());
  MatD uv(2, 2);
  uv << 0.5, -1.0, 0.25, 2.0;
  const MatD back = p.value.project(p.value.reconstruct(uv));
  EXPECT_LT((back - uv).norm(), 1e-12);
  EXPECT_GT(p.value.explained_variance_ratio[0], p.value.explained_variance_ratio[1]);
  EXPECT_GT(p.value.explained_variance_ratio[0], 0.9);  // the data lie almost on a line
}

TEST(Pca, BadInputsReportErrors) {
  EXPECT_FALSE(fit_pca(MatD::Zero(3, 1), 1).ok());
  EXPECT_FALSE(fit_pca(MatD::Zero(3, 4), 0).ok());
  EXPECT_FALSE(fit_pca(MatD::Zero(3, 4), 4).ok());
  MatD bad = MatD::Zero(3, 4);
  bad(1, 2) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(fit_pca(bad, 2).ok());
}

}  // namespace
}  // namespace bpl
