#include "train/reading.hpp"
#include "core/order.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace bpl {

Reading read_outputs(const VecF& outputs) {
  Reading r;
  if (outputs.size() != kClasses) return r;
  double sum = 0;
  for (int k = 0; k < kClasses; ++k) sum += std::max(0.0f, outputs[k]);
  if (!(sum > 0) || !std::isfinite(sum)) return r;
  std::vector<int> order(kClasses);
  std::vector<double> key(kClasses);   // largest output first
  for (int k = 0; k < kClasses; ++k) {
    order[static_cast<std::size_t>(k)] = k;
    key[static_cast<std::size_t>(k)] = -static_cast<double>(outputs[k]);
  }
  stable_sort_by_key(order, key);
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
