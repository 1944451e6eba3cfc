#include "core/order.hpp"

#include <algorithm>
#include <cstddef>

namespace bpl {
namespace {

struct ByKey {
  const std::vector<double>* key;
  bool operator()(int a, int b) const {
    return (*key)[static_cast<std::size_t>(a)] < (*key)[static_cast<std::size_t>(b)];
  }
};

}  // namespace

void stable_sort_by_key(std::vector<int>& idx, const std::vector<double>& key) {
  std::stable_sort(idx.begin(), idx.end(), ByKey{&key});
}

}  // namespace bpl
