#include "app/unit_stats.hpp"

#include <cmath>
#include <limits>

namespace bpl {

const std::array<float, 64>& ring_template() {
  static const std::array<float, 64> t = [] {
    std::array<float, 64> r{};
    for (int i = 0; i < 64; ++i) {
      const double dy = i / 8 - 3.5, dx = i % 8 - 3.5;
      const double d = std::sqrt(dx * dx + dy * dy);
      r[static_cast<std::size_t>(i)] = d < 1.5 ? -1.0f : (d >= 2.0 && d <= 3.6) ? 1.0f : 0.0f;
    }
    return r;
  }();
  return t;
}

namespace {

float cosine_with_ring(const Eigen::Ref<const VecF>& w) {
  const std::array<float, 64>& t = ring_template();
  double dot = 0, ww = 0, tt = 0;
  for (int i = 0; i < 64; ++i) {
    dot += double(w(i)) * t[static_cast<std::size_t>(i)];
    ww += double(w(i)) * w(i);
    tt += double(t[static_cast<std::size_t>(i)]) * t[static_cast<std::size_t>(i)];
  }
  return ww > 0 ? static_cast<float>(dot / std::sqrt(ww * tt)) : 0.0f;
}

}  // namespace

UnitStats compute_unit_stats(const Architecture& A, const VecF& theta, const MatF& X, const std::vector<int>& y) {
  UnitStats s;
  if (A.layers() < 2 || A.inputs != 64 || theta.size() != A.param_count() || X.rows() != 64) return s;
  const int n = A.units(1);
  const Index m = X.cols();
  s.units = n;
  const auto W = weights<float>(A, theta.data(), 1);   // n x 64
  const auto b = biases<float>(A, theta.data(), 1);    // n
  const MatF Z = (W * X).colwise() + VecF(b);          // z(1) = W x + b, n x m
  const bool relu = A.activation == Activation::Relu;
  std::array<int, 10> count{};
  for (Index j = 0; j < m && j < static_cast<Index>(y.size()); ++j)
    if (y[static_cast<std::size_t>(j)] >= 0 && y[static_cast<std::size_t>(j)] < 10) ++count[static_cast<std::size_t>(y[static_cast<std::size_t>(j)])];
  s.dead.assign(static_cast<std::size_t>(n), false);
  s.max_z.assign(static_cast<std::size_t>(n), -std::numeric_limits<float>::infinity());
  s.active_fraction.assign(static_cast<std::size_t>(n), 0.0f);
  s.mean_z.assign(static_cast<std::size_t>(n), std::array<float, 10>{});
  s.top_digit.assign(static_cast<std::size_t>(n), -1);
  s.ring_score.assign(static_cast<std::size_t>(n), 0.0f);
  float best_ring = -2.0f;
  for (int u = 0; u < n; ++u) {
    const std::size_t k = static_cast<std::size_t>(u);
    std::array<double, 10> sum{};
    int active = 0;
    for (Index j = 0; j < m; ++j) {
      const float z = Z(u, j);
      s.max_z[k] = std::max(s.max_z[k], z);
      if (z > 0) ++active;   // ReLU/tanh: a > 0; sigmoid: a > 0.5
      if (j < static_cast<Index>(y.size()) && y[static_cast<std::size_t>(j)] >= 0 && y[static_cast<std::size_t>(j)] < 10)
        sum[static_cast<std::size_t>(y[static_cast<std::size_t>(j)])] += z;
    }
    s.active_fraction[k] = m > 0 ? static_cast<float>(active) / static_cast<float>(m) : 0.0f;
    s.dead[k] = relu && m > 0 && s.max_z[k] <= 0.0f;
    if (s.dead[k]) ++s.dead_count;
    float best = -std::numeric_limits<float>::infinity();
    for (int d = 0; d < 10; ++d) {
      const std::size_t dd = static_cast<std::size_t>(d);
      if (count[dd] == 0) continue;
      s.mean_z[k][dd] = static_cast<float>(sum[dd] / count[dd]);
      if (s.mean_z[k][dd] > best) best = s.mean_z[k][dd], s.top_digit[k] = d;
    }
    s.ring_score[k] = cosine_with_ring(W.row(u).transpose());
    if (!s.dead[k] && s.ring_score[k] > best_ring) best_ring = s.ring_score[k], s.ring_unit = u;
  }
  return s;
}

}  // namespace bpl
