// Text alternatives of the figures (issue 18: "figures described"): what a screen reader says for
// the learning curves, a weight tile and the decision outputs, from the same numbers the panels
// draw. Pure functions (no ImGui, no app state): web/figures.js shows them in the DOM next to the
// open panels; lab_api.cpp hands them over with the confusion matrix as a table.
#pragma once
#include <string>
#include <vector>

#include "core/types.hpp"
#include "train/trainer.hpp"

namespace bpl {

// "Training loss fell from 2.30 to 0.031 in 30 epochs (1,020 iterations); validation accuracy
// 99.4% (best 99.4%, epoch 28)." Empty history: "No training yet: the curves are empty."
// `by_epoch`: minibatch optimizers (the curves' unit is the epoch), else iterations.
std::string describe_curves(const std::vector<HistoryPoint>& history, bool by_epoch);

// What one first-layer unit looks for, from its 64 incoming weights (row-major 8x8 pixels):
// "pushed on most by ink in the top centre (rows 1-2, columns 3-5) and off by ink in the middle
// ...; weights -0.84 to +1.12". A unit whose weights are all near zero says so.
std::string describe_unit_weights(const VecD& w64);

// "Reads 7 with probability 0.93; then 1 (0.04), 9 (0.02)." from the output probabilities.
std::string describe_outputs(const VecD& p);

// The 3x3 region of the 8x8 image a pixel lies in: "top left", "top centre", ..., "bottom right".
std::string pixel_region(int row, int col);

}  // namespace bpl
