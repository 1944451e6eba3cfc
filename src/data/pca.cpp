#include "data/pca.hpp"

#include <Eigen/Jacobi>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace bpl {
namespace {

// The eigen-decomposition of a symmetric C (d x d) by cyclic Jacobi rotations: each rotation
// J(p, q) zeroes C(p, q) in C <- J^T C J, and V <- V J collects them, so that C = V diag V^T at
// the end. Sweeps over every pair (p < q) until the off-diagonal mass is negligible (quadratic
// convergence: 6-10 sweeps for the digits' 64 x 64). Accurate to rounding for small eigenvalues
// too. It replaces Eigen's SelfAdjointEigenSolver, whose tridiagonal QR is 13 KB of the
// page's gzipped module for the one 64 x 64 problem the page solves (issue 17: the site's size).
// On return `values` (d) and the columns of `vectors` (d x d) are the eigenpairs, unsorted.
bool jacobi_eigen(MatD C, VecD* values, MatD* vectors) {
  const Index d = C.rows();
  MatD V = MatD::Identity(d, d);
  // An off-diagonal entry this small next to the largest diagonal one counts as 0 (as in
  // Eigen's JacobiSVD): below it a rotation only stirs rounding errors.
  const double threshold = std::max(2.0 * std::numeric_limits<double>::epsilon() * C.diagonal().cwiseAbs().maxCoeff(),
                                    std::numeric_limits<double>::min());
  for (int sweep = 0; sweep < 60; ++sweep) {
    bool rotated = false;
    for (Index p = 0; p < d - 1; ++p) {
      for (Index q = p + 1; q < d; ++q) {
        if (std::abs(C(p, q)) <= threshold) continue;
        Eigen::JacobiRotation<double> J;
        J.makeJacobi(C, p, q);
        C.applyOnTheLeft(p, q, J.adjoint());       // C <- J^T C
        C.applyOnTheRight(p, q, J);                //      ... J: C(p, q) = 0
        V.applyOnTheRight(p, q, J);                // V <- V J
        rotated = true;
      }
    }
    if (!rotated) {
      *values = C.diagonal();
      *vectors = std::move(V);
      return true;
    }
  }
  return false;
}

}  // namespace

MatD Pca::project(const Eigen::Ref<const MatD>& X) const {
  return components * (X.colwise() - mean);  // (k x d)(d x m)
}

MatD Pca::reconstruct(const Eigen::Ref<const MatD>& UV) const {
  MatD X = components.transpose() * UV;  // (d x k)(k x m)
  X.colwise() += mean;
  return X;
}

Result<Pca> fit_pca(const Eigen::Ref<const MatD>& X, int k) {
  const Index d = X.rows(), n = X.cols();
  if (n < 2) return Status::Error("pca: needs at least 2 samples, got " + std::to_string(n));
  if (k < 1 || k > d) return Status::Error("pca: k = " + std::to_string(k) + " must be in 1.." + std::to_string(d));
  if (!X.allFinite()) return Status::Error("pca: the data contain NaN or infinity");

  Pca p;
  p.mean = X.rowwise().mean();
  const MatD Xc = X.colwise() - p.mean;                                      // (d x n)
  const MatD C = (Xc * Xc.transpose()) / static_cast<double>(n - 1);         // (d x d)
  VecD values;                                                               // (d) unsorted
  MatD vectors;                                                              // (d x d) columns
  if (!jacobi_eigen(C, &values, &vectors))
    return Status::Error("pca: the eigen-decomposition did not converge");
  // The k largest eigenvalues' columns, largest first (ties: the lower column; k <= d is small, so
  // a selection pass per axis, not a sort).
  std::vector<Index> order;
  std::vector<bool> taken(static_cast<std::size_t>(d), false);
  for (int j = 0; j < k; ++j) {
    Index best = -1;
    for (Index c = 0; c < d; ++c)
      if (!taken[static_cast<std::size_t>(c)] && (best < 0 || values[c] > values[best])) best = c;
    taken[static_cast<std::size_t>(best)] = true;
    order.push_back(best);
  }

  const double total = C.trace();
  p.components.resize(k, d);
  p.explained_variance.resize(k);
  p.explained_variance_ratio.resize(k);
  for (int j = 0; j < k; ++j) {
    const Index col = order[static_cast<std::size_t>(j)];                    // j-th largest
    VecD axis = vectors.col(col);
    Index big = 0;
    axis.cwiseAbs().maxCoeff(&big);
    if (axis[big] < 0) axis = -axis;                                         // sign convention
    p.components.row(j) = axis.transpose();
    const double lambda = std::max(0.0, values[col]);
    p.explained_variance[j] = lambda;
    p.explained_variance_ratio[j] = total > 0 ? lambda / total : 0.0;
  }
  return Result<Pca>(std::move(p));
}

}  // namespace bpl
