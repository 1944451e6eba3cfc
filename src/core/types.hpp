// Scalar and matrix types shared by the whole engine.
// Convention: samples are COLUMNS. A batch X is (features x m); W is (out x in);
// so a layer reads z = W a + b with shapes (out x m) = (out x in)(in x m) + (out x 1).
#pragma once
#include <Eigen/Core>
#include <cstdint>

namespace bpl {

using Index = Eigen::Index;
template <class T> using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T> using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <class T> using RowVec = Eigen::Matrix<T, 1, Eigen::Dynamic>;
using MatF = Mat<float>;
using MatD = Mat<double>;
using VecF = Vec<float>;
using VecD = Vec<double>;
using VecI = Vec<int>;

}  // namespace bpl
