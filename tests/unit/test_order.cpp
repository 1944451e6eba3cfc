// stable_sort_by_key (core/order.hpp): the one index sort of the program gives exactly what
// std::stable_sort with the equivalent comparator gives: ascending, descending through negated
// keys, and "by one key, then another" through a combined key; ties keep their order.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "core/order.hpp"

using bpl::stable_sort_by_key;

namespace {

std::vector<int> iota(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

}  // namespace

TEST(Order, AscendingWithTiesInTheirOrder) {
  const std::vector<double> key = {3, 1, 2, 1, 3, 0};
  std::vector<int> idx = iota(6);
  stable_sort_by_key(idx, key);
  EXPECT_EQ(idx, (std::vector<int>{5, 1, 3, 2, 0, 4}));
  std::vector<int> some = {4, 0, 3, 1};   // a subset, in a given order: ties keep it
  stable_sort_by_key(some, key);
  EXPECT_EQ(some, (std::vector<int>{3, 1, 4, 0}));
}

TEST(Order, SameAsStableSortWithTheComparator) {
  std::mt19937 gen(7);
  std::uniform_int_distribution<int> small(0, 9);
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 1 + trial * 13;
    std::vector<int> y(static_cast<std::size_t>(n)), p(static_cast<std::size_t>(n));
    std::vector<double> w(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      y[static_cast<std::size_t>(i)] = small(gen);
      p[static_cast<std::size_t>(i)] = small(gen);
      w[static_cast<std::size_t>(i)] = small(gen) * 0.5 - 2.0;   // many ties
    }
    std::vector<int> order = iota(n);
    std::shuffle(order.begin(), order.end(), gen);

    std::vector<int> want = order, got = order;   // descending by w
    std::stable_sort(want.begin(), want.end(), [&](int a, int b) { return w[static_cast<std::size_t>(a)] > w[static_cast<std::size_t>(b)]; });
    std::vector<double> neg(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) neg[i] = -w[i];
    stable_sort_by_key(got, neg);
    EXPECT_EQ(got, want) << "descending, n = " << n;

    want = order, got = order;   // by y, then by p
    std::stable_sort(want.begin(), want.end(), [&](int a, int b) {
      const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
      return y[ua] != y[ub] ? y[ua] < y[ub] : p[ua] < p[ub];
    });
    std::vector<double> yp(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) yp[i] = y[i] * 16.0 + p[i];
    stable_sort_by_key(got, yp);
    EXPECT_EQ(got, want) << "by y then p, n = " << n;
  }
}
