// Principal component analysis of the digits (the Decision map's plane).
//
// Samples are COLUMNS: X is (d x n). With the mean m = (1/n) sum_i x_i and the centred data
// Xc = X - m 1^T, the sample covariance is
//   C = Xc Xc^T / (n - 1)                       (d x d, symmetric)
// and its eigenvectors, by decreasing eigenvalue, are the principal axes. The explained
// variance of axis j is its eigenvalue lambda_j; the ratio is lambda_j / trace(C). These are
// scikit-learn's PCA explained_variance_ and explained_variance_ratio_ (it gets them from the
// SVD of Xc: lambda_j = s_j^2 / (n - 1)). An axis' sign is arbitrary; ours makes the entry of
// largest magnitude positive.
//
// Projection of x on axis j: u_j = pc_j . (x - m). A point (u, v) of the plane maps back to
// x = m + u pc_1 + v pc_2.
#pragma once
#include "core/status.hpp"
#include "core/types.hpp"

namespace bpl {

struct Pca {
  VecD mean;                       // (d)
  MatD components;                 // (k x d): row j is the unit axis pc_{j+1}
  VecD explained_variance;         // (k) eigenvalues of C, decreasing
  VecD explained_variance_ratio;   // (k) explained_variance / trace(C)

  int count() const { return static_cast<int>(components.rows()); }
  // (k x m) coordinates of the columns of X (d x m).
  MatD project(const Eigen::Ref<const MatD>& X) const;
  // (d x m) points of the data space for plane coordinates UV (k x m): m + components^T UV.
  MatD reconstruct(const Eigen::Ref<const MatD>& UV) const;
};

// The first k principal axes of X (d x n). Errors: fewer than 2 samples, k outside 1..d,
// non-finite values.
Result<Pca> fit_pca(const Eigen::Ref<const MatD>& X, int k);

}  // namespace bpl
