// A fully specified RNG so that splits, shuffles and initial weights are bit-identical
// natively and in WebAssembly. std:: distributions are implementation-defined; we never use them.
// Generator: SplitMix64 (Steele, Lea, Flood 2014), the seeding generator of xoshiro.
#pragma once
#include <cstdint>
#include <vector>

namespace bpl {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) : state_(seed) {}

  std::uint64_t next_u64() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  // Uniform integer in [0, n), unbiased (rejection sampling). n > 0.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % n);
    std::uint64_t r;
    do { r = next_u64(); } while (r >= limit);
    return r % n;
  }
  // Fisher-Yates shuffle, i from the back.
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(below(i));
      std::swap(v[i - 1], v[j]);
    }
  }
  std::uint64_t state() const { return state_; }

 private:
  std::uint64_t state_;
};

// 0..n-1 in a seeded random order.
inline std::vector<int> permutation(int n, std::uint64_t seed) {
  std::vector<int> p(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) p[static_cast<std::size_t>(i)] = i;
  Rng rng(seed);
  rng.shuffle(p);
  return p;
}

}  // namespace bpl
