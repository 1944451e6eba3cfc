#include "app/decision_map.hpp"

#include <algorithm>
#include <cmath>

#include "core/clock.hpp"
#include "train/trainer.hpp"

namespace bpl {

Status DecisionMap::prepare(const Dataset& data) {
  if (ready() && data.size() == data_size_) return Status::Ok();   // the app loads the digits once
  Result<Pca> p = fit_pca(data.X / 16.0, 2);
  if (!p.ok()) return p.status;
  pca_ = std::move(p.value);
  points_ = pca_.project(data.X / 16.0);   // (2 x n)
  data_size_ = data.size();
  const double margin = 0.06;
  for (int a = 0; a < 2; ++a) {
    const double lo = points_.row(a).minCoeff(), hi = points_.row(a).maxCoeff();
    const double pad = margin * (hi - lo);
    bounds_[2 * a] = lo - pad;
    bounds_[2 * a + 1] = hi + pad;
  }
  grid_version_ = 0;
  computing_ = false;
  test_pred_.assign(static_cast<std::size_t>(data.size()), -1);
  return Status::Ok();
}

void DecisionMap::project_raw(const VecD& raw64, double* u, double* v) const {
  const MatD uv = pca_.project(raw64 / 16.0);
  *u = uv(0, 0);
  *v = uv(1, 0);
}

bool DecisionMap::run_for(Trainer& trainer, unsigned long long weights_version, double now_ms, double budget_ms) {
  if (!ready() || !wanted(now_ms)) return false;
  if (!computing_) {
    if (weights_version == grid_version_ || now_ms - last_start_ms_ < kMinIntervalMs) return false;
    start_grid(trainer, weights_version, now_ms);
  }
  const double deadline = now_ms + budget_ms;
  do {
    compute_rows(trainer, 4);
  } while (computing_ && bpl::now_ms() < deadline);
  return true;
}

void DecisionMap::start_grid(Trainer& trainer, unsigned long long weights_version, double now_ms) {
  computing_ = true;
  next_row_ = 0;
  work_version_ = weights_version;
  last_start_ms_ = now_ms;
  work_class_.assign(kGrid * kGrid, 0);
  work_conf_.assign(kGrid * kGrid, 0.0f);
  // The test images' predictions with the same weights as the grid.
  work_test_pred_.assign(static_cast<std::size_t>(data_size_), -1);
  const std::vector<int> pred = trainer.predict(Subset::Test);
  const std::vector<int>& idx = trainer.indices(Subset::Test);
  for (std::size_t i = 0; i < idx.size() && i < pred.size(); ++i)
    if (idx[i] >= 0 && idx[i] < data_size_) work_test_pred_[static_cast<std::size_t>(idx[i])] = pred[i];
}

// Rows next_row_ .. next_row_ + rows - 1 of the grid: cell centres (u_i, v_j) -> 64 raw pixels
// -> the network's scaling -> probabilities (10 x kGrid per row).
void DecisionMap::compute_rows(Trainer& trainer, int rows) {
  const int end = std::min(kGrid, next_row_ + rows);
  const double du = (u_max() - u_min()) / kGrid, dv = (v_max() - v_min()) / kGrid;
  MatD uv(2, kGrid * (end - next_row_));
  for (int j = next_row_, c = 0; j < end; ++j)
    for (int i = 0; i < kGrid; ++i, ++c) {
      uv(0, c) = u_min() + (i + 0.5) * du;
      uv(1, c) = v_min() + (j + 0.5) * dv;
    }
  const MatD raw = 16.0 * pca_.reconstruct(uv);                 // (64 x cells), may leave 0..16
  const MatF Xs = trainer.scaler().apply<float>(raw);
  const MatF& P = trainer.net().predict_proba(Xs);              // (10 x cells)
  for (Index c = 0; c < P.cols(); ++c) {
    Index best = 0;
    const float conf = P.col(c).maxCoeff(&best);
    const std::size_t cell = static_cast<std::size_t>(next_row_ * kGrid + c);
    work_class_[cell] = static_cast<std::uint8_t>(best);
    work_conf_[cell] = conf;
  }
  next_row_ = end;
  if (next_row_ < kGrid) return;
  computing_ = false;
  grid_class_.swap(work_class_);
  grid_conf_.swap(work_conf_);
  test_pred_.swap(work_test_pred_);
  grid_version_ = work_version_;
  ++grids_completed_;
}

const VecF& DecisionMap::image_probabilities(Trainer& trainer, unsigned long long weights_version, int index) {
  if (index != img_index_ || weights_version != img_version_) {
    img_index_ = index;
    img_version_ = weights_version;
    img_probs_ = (index >= 0 && index < trainer.data().size()) ? trainer.predict_raw(trainer.data().X.col(index))
                                                              : VecF();
  }
  return img_probs_;
}

bool DecisionMap::screen_position(int i, float* x, float* y) const {
  if (!(view_.w > 0) || i < 0 || i >= points_.cols()) return false;
  const double tu = (points_(0, i) - u_min()) / (u_max() - u_min());
  const double tv = (points_(1, i) - v_min()) / (v_max() - v_min());
  *x = view_.x + static_cast<float>(tu) * view_.w;
  *y = view_.y + static_cast<float>(1.0 - tv) * view_.h;   // v grows upwards
  return true;
}

double DecisionMap::progress() const {
  if (computing_) return static_cast<double>(next_row_) / kGrid;
  return has_grid() ? 1.0 : 0.0;
}

void DecisionMap::cancel() {
  computing_ = false;
  requested_ms_ = 0;
}

}  // namespace bpl
