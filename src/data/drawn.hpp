// Drawn-style training digits: pen strokes of the kind people draw on the Sketch pad, made by a
// program and turned into 8x8 images by the pad's own pipeline (sketch.hpp), so a network can
// learn the styles the 43 UCI writers rarely used (a 7 without a bar: 37 of the 179 sevens; a
// 1 with a flag and a base; 6s and 9s with straight stems; open and closed 4s).
//
// Each digit is one of drawn_shape_count() skeletons - control points in a unit box, written
// for training only, apart from the validation strokes (tests/fixtures/strokes_validation.json)
// and the test strokes (tests/browser/strokes.json) - drawn with a seeded variation of the kind
// people produce: slant, width, rotation, size, position on the pad, jitter of every control
// point. Curved strokes are Catmull-Rom splines through their control points.
//
// Deterministic: every number comes from the seeded SplitMix64 Rng and + - * / (rotation by
// sin_cos_poly), and the pipeline rasterizes with plain arithmetic, so a set is bit-identical
// natively and in WebAssembly.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "data/sketch.hpp"

namespace bpl {

// At most 40 of each skeleton: rendering them once costs ~0.16 ms each in WebAssembly, so the
// largest set (1040) takes ~170 ms when it is first asked for.
inline constexpr int kMaxDrawnTraining = 1040;

// How many skeletons there are (each digit has 2-4).
int drawn_shape_count();
// Digit and name of skeleton k (0 <= k < drawn_shape_count()).
int drawn_shape_label(int k);
const char* drawn_shape_name(int k);

// The strokes of drawn digit i of the set with this seed: skeleton i % drawn_shape_count(),
// varied by Rng(stream of seed and i). Pad coordinates (x right, y down, unit square).
std::vector<Stroke> drawn_strokes(int i, std::uint64_t seed);

// Drawn digit i (drawn_strokes(i, seed)) through the pad's pipeline: 64 raw counts 0..16.
VecD drawn_image(int i, std::uint64_t seed, const SketchParams& params = {});

// n drawn digits through the pad's pipeline: X is 64 x n (raw counts 0..16, like a Dataset
// column), y their labels. Digit i is drawn_strokes(i, seed).
struct DrawnImages {
  MatD X;
  std::vector<int> y;
};
DrawnImages drawn_images(int n, std::uint64_t seed, const SketchParams& params = {});

// What augmentation distorts: the training images X (64 x n, raw) and labels y, each followed by
// the drawn digits d (y may be null).
void append_drawn(const DrawnImages& d, MatD* X, std::vector<int>* y);

// drawn_images(n, seed) with the default pipeline, remembered for the last (n, seed) asked (the
// trainers of one page share one set; rendering 260 digits costs ~0.3 ms each).
std::shared_ptr<const DrawnImages> shared_drawn_images(int n, std::uint64_t seed);

}  // namespace bpl
