#include "nn/gradcheck_run.hpp"
#include "core/order.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/rng.hpp"

namespace bpl {

double check_relative_error(double numeric, double analytic, double tiny) {
  return std::fabs(numeric - analytic) / std::max(std::fabs(numeric) + std::fabs(analytic), tiny);
}

ParamRef param_ref(const Architecture& A, Index i) {
  ParamRef r;
  for (int l = 1; l <= A.layers(); ++l) {
    if (i >= A.weight_offset(l + 1)) continue;
    const Index off = i - A.weight_offset(l);
    const Index n_l = A.units(l), n_prev = A.units(l - 1);
    r.layer = l;
    if (off < n_l * n_prev) {   // W_l is column-major: off = col * n_l + row
      r.row = static_cast<int>(off % n_l);
      r.col = static_cast<int>(off / n_l);
    } else {
      r.row = static_cast<int>(off - n_l * n_prev);
      r.col = -1;
    }
    return r;
  }
  return r;   // out of range: layer 0
}

std::vector<Index> layer_parameters(const Architecture& A, int l) {
  std::vector<Index> out;
  if (l < 1 || l > A.layers()) return out;
  for (Index i = A.weight_offset(l); i < A.weight_offset(l + 1); ++i) out.push_back(i);
  return out;
}

std::vector<Index> sample_parameters(const Architecture& A, int n, std::uint64_t seed) {
  const int L = A.layers();
  std::vector<Index> out;
  if (n <= 0) return out;
  // Quotas: n / L each, capped by the layer's size; what a small layer cannot take goes to the
  // others (smallest layers first so that the leftovers flow to the large ones).
  auto size = [&](int l) { return A.weight_offset(l + 1) - A.weight_offset(l); };
  std::vector<int> order(static_cast<std::size_t>(L));    // layer l is position l - 1
  std::vector<double> key(static_cast<std::size_t>(L));   // smallest layer first (ties: lower layer)
  for (int l = 1; l <= L; ++l) {
    order[static_cast<std::size_t>(l - 1)] = l - 1;
    key[static_cast<std::size_t>(l - 1)] = static_cast<double>(size(l));
  }
  stable_sort_by_key(order, key);
  Index left = std::min<Index>(n, A.param_count());
  Rng rng(seed);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const int l = order[k] + 1;
    const Index layers_left = static_cast<Index>(order.size() - k);
    const Index quota = std::min<Index>(size(l), (left + layers_left - 1) / layers_left);
    // Partial Fisher-Yates over the layer's indices.
    std::vector<Index> idx = layer_parameters(A, l);
    for (Index j = 0; j < quota; ++j) {
      const Index pick = j + static_cast<Index>(rng.below(static_cast<std::uint64_t>(idx.size() - j)));
      std::swap(idx[static_cast<std::size_t>(j)], idx[static_cast<std::size_t>(pick)]);
      out.push_back(idx[static_cast<std::size_t>(j)]);
    }
    left -= quota;
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status GradCheckRun::start(const Architecture& A, VecD theta, CostFunction cost, std::vector<Index> params,
                           double epsilon, double threshold, double tiny) {
  *this = GradCheckRun();
  if (!cost) return Status::Error("no cost function");
  if (theta.size() != A.param_count()) return Status::Error("the weights do not fit the architecture");
  if (!(epsilon >= kGradCheckMinEpsilon * 0.999 && epsilon <= kGradCheckMaxEpsilon * 1.001))
    return Status::Error("epsilon must be in 1e-8 .. 1e-2");
  if (params.empty()) return Status::Error("no parameters to check");
  for (Index i : params)
    if (i < 0 || i >= theta.size()) return Status::Error("parameter index " + std::to_string(i) + " out of range");
  VecD analytic;
  const double J = cost(theta, &analytic);
  if (!std::isfinite(J) || analytic.size() != theta.size())
    return Status::Error("the cost is not finite at these weights");
  arch_ = A;
  theta_ = std::move(theta);
  analytic_ = std::move(analytic);
  cost_ = std::move(cost);
  params_ = std::move(params);
  epsilon_ = epsilon;
  threshold_ = threshold;
  tiny_ = tiny;
  results_.reserve(params_.size());
  layers_.resize(static_cast<std::size_t>(A.layers()));
  for (int l = 1; l <= A.layers(); ++l) layers_[static_cast<std::size_t>(l - 1)].layer = l;
  return Status::Ok();
}

void GradCheckRun::step() {
  if (done()) return;
  const Index i = params_[next_++];
  const double xi = theta_[i];
  theta_[i] = xi + epsilon_;
  const double xp = theta_[i];
  const double Jp = cost_(theta_, nullptr);
  theta_[i] = xi - epsilon_;
  const double xm = theta_[i];
  const double Jm = cost_(theta_, nullptr);
  theta_[i] = xi;
  ParamCheck c;
  c.index = i;
  c.ref = param_ref(arch_, i);
  c.analytic = analytic_[i];
  c.numeric = (Jp - Jm) / (xp - xm);   // xp - xm: the step actually taken (2 eps up to rounding)
  c.rel_error = check_relative_error(c.numeric, c.analytic, tiny_);
  if (!std::isfinite(c.rel_error)) c.rel_error = std::numeric_limits<double>::infinity();
  results_.push_back(c);
  LayerCheck& L = layers_[static_cast<std::size_t>(c.ref.layer - 1)];
  ++L.checked;
  if (!(c.rel_error < threshold_)) ++L.failed;
  if (L.worst < 0 || c.rel_error > L.max_rel_error) {
    L.max_rel_error = c.rel_error;
    L.worst = static_cast<int>(results_.size() - 1);
  }
}

double GradCheckRun::max_rel_error() const {
  double m = 0;
  for (const LayerCheck& L : layers_) m = std::max(m, L.max_rel_error);
  return m;
}

bool GradCheckRun::pass() const {
  for (const LayerCheck& L : layers_)
    if (L.failed > 0) return false;
  return true;
}

int GradCheckRun::worst_layer() const {
  // The relative error is at most 1 (|n - a| <= |n| + |a|), so broken layers often tie at 1:
  // then the layer with the larger share of failing entries is the one that breaks.
  const LayerCheck* worst = nullptr;
  auto share = [](const LayerCheck& L) { return double(L.failed) / double(L.checked); };
  for (const LayerCheck& L : layers_) {
    if (L.checked == 0) continue;
    if (!worst || L.max_rel_error > worst->max_rel_error * (1 + 1e-9) ||
        (L.max_rel_error >= worst->max_rel_error * (1 - 1e-9) && share(L) > share(*worst)))
      worst = &L;
  }
  return worst ? worst->layer : 0;
}

}  // namespace bpl
