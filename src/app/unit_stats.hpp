// What each first-layer hidden unit does on the training images: the numbers the Weights panel
// shows beside a tile, and what the lessons ask about.
//   dead        a ReLU unit whose z = w.x + b is <= 0 for every training image: its activation
//               is always 0, so no gradient flows through it and it never learns again (a blank
//               tile when its weights have decayed). Sigmoid and tanh units are never dead.
//   mean_z      mean z per digit over the training images: the digit with the largest is the one
//               that excites the unit most (top_digit).
//   ring_score  cosine between the unit's 64 weights and a ring template (+1 on a ring around
//               the centre, -1 in the middle, 0 elsewhere): near 1 for "red on a ring, blue in
//               the middle". ring_unit is the (live) unit with the largest.
// Computed by AppState::unit_stats(), cached on the weights version and the split.
#pragma once
#include <array>
#include <vector>

#include "core/types.hpp"
#include "nn/network.hpp"

namespace bpl {

struct UnitStats {
  int units = 0;
  std::vector<bool> dead;
  int dead_count = 0;
  std::vector<float> max_z;                     // largest z over the training images
  std::vector<float> active_fraction;           // share of training images with z > 0 (ReLU: a > 0; sigmoid: a > 0.5)
  std::vector<std::array<float, 10>> mean_z;    // per unit, per digit
  std::vector<int> top_digit;                   // argmax of mean_z (-1 without images of a digit)
  std::vector<float> ring_score;
  int ring_unit = -1;
};

// The 8x8 ring template (row-major): +1 on the ring, -1 in the middle, 0 elsewhere.
const std::array<float, 64>& ring_template();

// Statistics of layer 1's units for scaled inputs X (64 x m) with labels y (0..9).
UnitStats compute_unit_stats(const Architecture& A, const VecF& theta, const MatF& X, const std::vector<int>& y);

}  // namespace bpl
