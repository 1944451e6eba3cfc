// Loss-independent classification metrics.
#pragma once
#include <Eigen/Core>
#include <vector>

namespace bpl {

using ConfusionMatrix = Eigen::MatrixXi;  // (classes x classes): row = true class, column = predicted

double accuracy(const std::vector<int>& predicted, const std::vector<int>& truth);
ConfusionMatrix confusion_matrix(const std::vector<int>& predicted, const std::vector<int>& truth, int classes);
// Per-class recall: correct / total for each true class (NaN-free: 0 for an empty class).
std::vector<double> per_class_accuracy(const ConfusionMatrix& cm);

}  // namespace bpl
