#include "data/pca.hpp"

#include <Eigen/Eigenvalues>
#include <string>

namespace bpl {

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
  Eigen::SelfAdjointEigenSolver<MatD> eig(C);                                // ascending eigenvalues
  if (eig.info() != Eigen::Success) return Status::Error("pca: the eigen-decomposition did not converge");

  const double total = C.trace();
  p.components.resize(k, d);
  p.explained_variance.resize(k);
  p.explained_variance_ratio.resize(k);
  for (int j = 0; j < k; ++j) {
    const Index col = d - 1 - j;                                             // j-th largest
    VecD axis = eig.eigenvectors().col(col);
    Index big = 0;
    axis.cwiseAbs().maxCoeff(&big);
    if (axis[big] < 0) axis = -axis;                                         // sign convention
    p.components.row(j) = axis.transpose();
    const double lambda = std::max(0.0, eig.eigenvalues()[col]);
    p.explained_variance[j] = lambda;
    p.explained_variance_ratio[j] = total > 0 ? lambda / total : 0.0;
  }
  return Result<Pca>(std::move(p));
}

}  // namespace bpl
