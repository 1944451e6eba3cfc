// Data augmentation for the 8x8 digits: random affine distortions (rotation, shear, scale,
// translation) with bilinear resampling, and an optional stroke-thickness change, clamped to
// the dataset's 0..16 range.
//
// Every number comes from the seeded SplitMix64 Rng and plain IEEE arithmetic (+ - * / floor):
// no libm call (sin/cos differ between glibc and Emscripten's musl), so a distorted epoch is
// bit-identical natively and in WebAssembly (the build uses -ffp-contract=off).
//
// A distortion maps output pixel p (x right, y down, centred on the image centre c = (3.5, 3.5))
// to the source position it samples:
//   src = A^-1 (p - c - t) + c,    A = R(theta) * [1 h; 0 1] * s
// i.e. the digit is scaled by s, sheared by h, rotated by theta and moved by t.
#pragma once
#include <cstdint>
#include <vector>

#include "core/rng.hpp"
#include "core/status.hpp"
#include "core/types.hpp"
#include "data/drawn.hpp"

namespace bpl {

// Ranges of the random distortion: each parameter is uniform in [-max, +max] (scale: 1 +- max).
struct AugmentConfig {
  double rotation_deg = 15;  // max |rotation| in degrees, 0..45
  double shear = 0.15;       // max |horizontal shear| (x += h y), 0..0.5
  double scale = 0.15;       // max relative size change, 0..0.5
  double shift = 0.6;        // max translation in pixels along x and along y, 0..2
  double thickness = 0.0;    // max stroke thickening (> 0: spread into neighbours) / thinning, 0..1
  int copies = 4;            // distorted copies of each training image per epoch (originals kept), 1..16
  int drawn = 0;             // drawn-style digits (data/drawn.hpp) fitted with the training images and
                             // distorted like them, 0..kMaxDrawnTraining; they come from `seed` too
  int pen = 0;               // real pen digits (data/pen.hpp) fitted with the training images and distorted
                             // like them, 0..kMaxPenTraining, a choice seeded by `seed` of those installed
  std::uint64_t seed = 1;    // the distortions of epoch e come from Rng(stream(seed, e))

  Status validate() const;
  bool operator==(const AugmentConfig& o) const;
  bool operator!=(const AugmentConfig& o) const { return !(*this == o); }
};

// One draw: the inverse map src = M (p - c) + c - M t as a 2x2 matrix plus offset, and the
// thickness change.
struct Distortion {
  double m00 = 1, m01 = 0, m10 = 0, m11 = 1;  // M = A^-1 (rows: x, y)
  double tx = 0, ty = 0;                      // t, in pixels
  double thickness = 0;                       // in [-1, 1]
  static Distortion identity() { return Distortion(); }
};

// sin and cos of x (|x| <= 1) by Taylor polynomials: exact to double rounding, and the same
// bits on every IEEE platform.
void sin_cos_poly(double x, double* s, double* c);

// Draws one distortion from rng (6 uniform numbers in a fixed order).
Distortion draw_distortion(const AugmentConfig& cfg, Rng& rng);

// Applies d to one image (64 raw values, row-major, 0..16) into out (64 values, clamped 0..16).
// Pixels sampled outside the image are 0.
void apply_distortion(const Distortion& d, const double* in64, double* out64);

// The RNG stream of one epoch: a function of (seed, epoch) only, so any epoch can be redrawn.
Rng augment_rng(std::uint64_t seed, std::uint64_t epoch);

// The training images of one epoch: X (64 x n) followed by cfg.copies distorted copies
// (copy k of image j in column (k + 1) n + j). Labels repeat in the same order
// (repeat_labels(y, cfg.copies + 1)).
MatD augment_epoch(const MatD& X, const AugmentConfig& cfg, std::uint64_t epoch);

// n distorted copies of one image (the Network panel's preview strip), from Rng(seed).
std::vector<VecD> distorted_copies(const VecD& image64, const AugmentConfig& cfg, int n, std::uint64_t seed);

}  // namespace bpl
