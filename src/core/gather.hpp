// Selecting samples by index: the columns of a matrix (samples are columns) or the entries of
// a label vector. Used by the splits, cross-validation folds and galleries.
#pragma once
#include <vector>

#include "core/types.hpp"

namespace bpl {

// Columns idx[0], idx[1], ... of X, in that order: (rows x idx.size()).
inline MatD gather_columns(const Eigen::Ref<const MatD>& X, const std::vector<int>& idx) {
  MatD out(X.rows(), static_cast<Index>(idx.size()));
  for (std::size_t j = 0; j < idx.size(); ++j) out.col(static_cast<Index>(j)) = X.col(idx[j]);
  return out;
}

// y[idx[0]], y[idx[1]], ...
inline std::vector<int> gather(const std::vector<int>& y, const std::vector<int>& idx) {
  std::vector<int> out(idx.size());
  for (std::size_t j = 0; j < idx.size(); ++j) out[j] = y[static_cast<std::size_t>(idx[j])];
  return out;
}

}  // namespace bpl
