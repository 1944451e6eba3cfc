// The Decision map, below the UI (no ImGui): every digit projected on the plane of the first two
// principal axes (PCA of all 1,797 images scaled /16, src/data/pca.hpp), and in the background
// what the live network decides for each point of that plane mapped back to 64 pixels:
//   x(u, v) = mean + u pc_1 + v pc_2        (pixels / 16),  raw = 16 x,  then the network's
//                                            own input scaling and forward pass.
// The background is a kGrid x kGrid grid of cell centres, computed a few rows per slice into a
// second buffer and shown once complete, keyed on the weights version and started at most every
// kMinIntervalMs (so the map follows training without costing frames). It is only computed while
// someone looks (request() in the last second: the panel, or window.lab.map).
#pragma once
#include <cstdint>
#include <vector>

#include "core/status.hpp"
#include "core/types.hpp"
#include "data/dataset.hpp"
#include "data/pca.hpp"

namespace bpl {

class Trainer;

class DecisionMap {
 public:
  static constexpr int kGrid = 48;
  static constexpr double kMinIntervalMs = 250;

  // PCA and the projected points of `data` (once per data set). Errors: fewer than 2 images.
  Status prepare(const Dataset& data);
  bool ready() const { return pca_.count() == 2; }
  const Pca& pca() const { return pca_; }
  const MatD& points() const { return points_; }   // (2 x n): (u, v) of every image
  // The plane shown: [u_min, u_max] x [v_min, v_max] (the points plus a margin).
  double u_min() const { return bounds_[0]; }
  double u_max() const { return bounds_[1]; }
  double v_min() const { return bounds_[2]; }
  double v_max() const { return bounds_[3]; }
  // (u, v) of 64 raw pixels 0..16 (e.g. the sketch).
  void project_raw(const VecD& raw64, double* u, double* v) const;

  // ---- the background (the last complete grid)
  void request(double now_ms) { requested_ms_ = now_ms; }
  bool has_grid() const { return grid_version_ != 0; }
  unsigned long long grid_weights_version() const { return grid_version_; }
  // Cell (i, j): column i along u (u_min -> u_max), row j along v (v_min -> v_max); index j*kGrid+i.
  const std::vector<std::uint8_t>& grid_class() const { return grid_class_; }
  const std::vector<float>& grid_confidence() const { return grid_conf_; }   // max probability
  // Predicted class of every image of the TEST split with the grid's weights, by dataset index;
  // -1 for images outside the test split.
  const std::vector<int>& test_prediction() const { return test_pred_; }
  int grids_completed() const { return grids_completed_; }
  // 0..1 of the grid in progress (1 when none is computing and one is shown, 0 before any).
  double progress() const;
  // Stops a grid in progress and forgets the request (the shown grid stays).
  void cancel();

  // Continues (or starts, when due) a grid; returns true if it did work.
  bool run_for(Trainer& trainer, unsigned long long weights_version, double now_ms, double budget_ms);
  bool wanted(double now_ms) const { return requested_ms_ > 0 && now_ms - requested_ms_ < 1000.0; }
  // Wanted and not yet showing these weights (or a grid in progress): the page must keep drawing.
  bool has_work(unsigned long long weights_version, double now_ms) const {
    return ready() && wanted(now_ms) && (computing_ || weights_version != grid_version_);
  }

  // Probabilities of image `index` under the current weights (cached on index and version).
  const VecF& image_probabilities(Trainer& trainer, unsigned long long weights_version, int index);

  // Where the panel last drew the scatter (screen pixels), so window.lab.map can point at a
  // dataset image. Written by the panel, read by the automation API.
  struct View {
    float x = 0, y = 0, w = 0, h = 0;   // w == 0: never drawn
    int hovered = -1, pinned = -1;      // dataset indices
    unsigned long long frame = 0;       // UI frame it was drawn in
  };
  View& view() { return view_; }
  const View& view() const { return view_; }
  // Screen position of image i in the last drawn view; false if not drawn or out of range.
  bool screen_position(int i, float* x, float* y) const;

 private:
  void start_grid(Trainer& trainer, unsigned long long weights_version, double now_ms);
  void compute_rows(Trainer& trainer, int rows);

  Pca pca_;
  MatD points_;
  Index data_size_ = 0;
  double bounds_[4] = {-1, 1, -1, 1};

  double requested_ms_ = 0;
  // shown grid
  std::vector<std::uint8_t> grid_class_;
  std::vector<float> grid_conf_;
  std::vector<int> test_pred_;
  unsigned long long grid_version_ = 0;
  int grids_completed_ = 0;
  // grid in progress
  bool computing_ = false;
  int next_row_ = 0;
  unsigned long long work_version_ = 0;
  double last_start_ms_ = -1e300;
  std::vector<std::uint8_t> work_class_;
  std::vector<float> work_conf_;
  std::vector<int> work_test_pred_;

  int img_index_ = -1;
  unsigned long long img_version_ = 0;
  VecF img_probs_;

  View view_;
};

}  // namespace bpl
