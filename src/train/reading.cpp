#include "train/reading.hpp"

#include <algorithm>
#include <cmath>

namespace bpl {

Reading read_outputs(const VecF& outputs) {
  Reading r;
  if (outputs.size() != kClasses) return r;
  double sum = 0;
  for (int k = 0; k < kClasses; ++k) sum += std::max(0.0f, outputs[k]);
  if (!(sum > 0) || !std::isfinite(sum)) return r;
  int order[kClasses];
  for (int k = 0; k < kClasses; ++k) order[k] = k;
  std::stable_sort(order, order + kClasses, [&](int a, int b) { return outputs[a] > outputs[b]; });
  for (int i = 0; i < 3; ++i) {
    r.candidates[i] = order[i];
    r.candidate_p[i] = static_cast<float>(std::max(0.0f, outputs[order[i]]) / sum);
  }
  r.digit = order[0];
  r.confidence = r.candidate_p[0];
  r.unsure = r.confidence < kUnsureBelow;
  return r;
}

}  // namespace bpl
