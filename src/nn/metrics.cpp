#include "nn/metrics.hpp"

namespace bpl {

double accuracy(const std::vector<int>& predicted, const std::vector<int>& truth) {
  if (truth.empty() || predicted.size() != truth.size()) return 0.0;
  std::size_t ok = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) ok += predicted[i] == truth[i];
  return double(ok) / double(truth.size());
}

ConfusionMatrix confusion_matrix(const std::vector<int>& predicted, const std::vector<int>& truth, int classes) {
  ConfusionMatrix cm = ConfusionMatrix::Zero(classes, classes);
  for (std::size_t i = 0; i < truth.size() && i < predicted.size(); ++i)
    if (truth[i] >= 0 && truth[i] < classes && predicted[i] >= 0 && predicted[i] < classes)
      ++cm(truth[i], predicted[i]);
  return cm;
}

std::vector<double> per_class_accuracy(const ConfusionMatrix& cm) {
  std::vector<double> out(static_cast<std::size_t>(cm.rows()), 0.0);
  for (Eigen::Index k = 0; k < cm.rows(); ++k) {
    const int total = cm.row(k).sum();
    out[static_cast<std::size_t>(k)] = total > 0 ? double(cm(k, k)) / total : 0.0;
  }
  return out;
}

}  // namespace bpl
