// "Sketch a digit": turns the strokes a user drew into an 8x8 image made exactly the way the
// UCI digits were made (the UCI dataset's description of its preprocessing; dataset.hpp):
//
//   strokes (unit square) --rasterize--> 32x32 binary bitmap --downsample--> 8x8 counts 0..16
//
// 1. rasterize: the ink's bounding box (skeleton bounding box grown by the pen radius) is
//    normalized the way the NIST programs normalized the UCI bitmaps: it fills a box
//    frame_width_px (20) wide and 32 tall, centred, each axis scaled on its own - the
//    aspect ratio is NOT kept. In the data every class is ~6 of 8 columns wide (median; the
//    1s 5), however narrow or wide people wrote. Neither axis is stretched more than
//    max_stretch (2.5) times the other, so a bare "1" stays a stem, a flagged "1" does not
//    become a "7", and a dash stays a dash. Chosen on the validation strokes
//    (tests/fixtures/strokes_validation.json, read with `backprop-lab read`): the default
//    network reads 89.5% of them, 82% with the aspect ratio kept (frame 32, stretch 1).
//    Each segment of a stroke is a capsule (a thick segment with round caps; a one-point
//    stroke is a disc); a pixel is on iff its centre lies in a capsule, boundary included.
//    Binary, deterministic, no anti-aliasing.
// 2. downsample: count the on pixels of each non-overlapping 4x4 block -> 0..16, row-major.
//
// Pen thickness in the 32x32 frame (the important choice; see PenRule):
//   The UCI data's ink is almost constant per image: on the 1,797 images of
//   assets/digits.csv.gz the mean coverage (sum of the 64 counts / 1024) is 0.305,
//   sd 0.034, 5%..95% = 0.255..0.360, and every class has a mean in 0.296..0.322 --
//   a "1" has as much ink as an "8" (its stroke is about 8 px wide, a "0"'s about 4 px).
//   So the NIST normalization behaves like "thickness adapts to the shape". The default
//   rule (PenRule::Adaptive) does the same: it searches the thickness t in
//   [min_thickness_px, max_thickness_px] whose bitmap coverage is closest to
//   target_coverage (0.305). The user's pad pen width is NOT used by that rule: after the
//   ink is blown up to fill 32 px, a pad pen of a few percent becomes a 1-2 px hairline
//   (coverage ~0.06 for a "1"), far from anything the classifier saw in training.
//   Measured (tests/unit/test_sketch.cpp, synthetic digits):
//     Adaptive: "0" ellipse, "1" stroke, "7", "4" -> coverage 0.29..0.31
//     Fixed 4 px: "1" 0.12, "0" 0.29, "7" 0.20  (one width cannot fit all classes)
//   PenRule::FixedPixels and PenRule::PadWidth exist for experiments / display.
//
// Coordinates: x to the right, y DOWN, in [0,1]. Points outside the unit square are
// CLAMPED to it (a drag past the pad's edge is not an error); non-finite coordinates are
// rejected. No exceptions: errors come back as Status.
// Cost: one rasterization is O(segments x pixels near each segment); the adaptive rule does
// ~12 of them. Well under a millisecond for a few hundred points: fine on every mouse move.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "core/status.hpp"
#include "core/types.hpp"

namespace bpl {

// One point of a stroke, in pad coordinates: x right, y down, unit square.
struct StrokePoint {
  double x = 0.0;
  double y = 0.0;
};
// A polyline. One point = a dot. Zero points = ignored.
using Stroke = std::vector<StrokePoint>;

// 32x32 binary bitmap, row-major (row 0 = top). px[r*32 + c] is 0 or 1.
struct Bitmap32 {
  static constexpr int kSize = 32;
  std::array<std::uint8_t, kSize * kSize> px{};

  bool at(int r, int c) const { return px[static_cast<std::size_t>(r * kSize + c)] != 0; }
  void set(int r, int c, bool on) { px[static_cast<std::size_t>(r * kSize + c)] = on ? 1 : 0; }
  int count() const;           // number of on pixels
  double coverage() const;     // count() / 1024
};

// 8x8 image of counts 0..16, row-major, same layout as a Dataset column.
using Image8 = std::array<int, 64>;

enum class PenRule {
  Adaptive,     // default: thickness in [min,max] px chosen so coverage ~ target_coverage
  FixedPixels,  // thickness = thickness_px in the 32-px frame, whatever the shape
  PadWidth,     // the user's pen as drawn: pen_width (pad fraction) scaled with the ink
};
const char* to_string(PenRule r);

struct SketchParams {
  PenRule rule = PenRule::Adaptive;
  // User's pen width as a fraction of the pad side. Used only by PenRule::PadWidth
  // (validated always: (0, 1]).
  double pen_width = 0.05;
  // PenRule::FixedPixels: pen thickness (diameter) in 32x32 frame pixels. [1, 16].
  double thickness_px = 4.0;
  // PenRule::Adaptive: thickness search range in frame pixels (1 <= min <= max <= 16) and
  // the wanted ink coverage. 0.305 = mean coverage of assets/digits.csv.gz (test-checked).
  // 10 px lets a bare "1" reach ~0.30 (dataset "1"s are ~8 px wide plus serifs); 2 px keeps
  // busy scribbles from becoming hairlines.
  double min_thickness_px = 2.0;
  double max_thickness_px = 10.0;
  double target_coverage = 0.305;
  // Shape normalization (see the header comment): the ink box fills frame_width_px x 32, each
  // axis scaled on its own, neither stretched more than max_stretch times the other.
  // frame_width_px = 32 and max_stretch = 1 is a uniform scale (aspect ratio kept).
  double frame_width_px = 20.0;
  double max_stretch = 2.5;

  Status validate() const;
};

struct SketchResult {
  Bitmap32 bitmap;          // step 1
  Image8 counts{};          // step 2: 0..16 per 4x4 block, row-major
  VecD pixels;              // counts as a 64-vector (same units as Dataset::X columns: 0..16)
  double thickness_px = 0;  // pen thickness used in the 32-px frame (diameter)
  double coverage = 0;      // on pixels / 1024
};

// Step 1. Errors: invalid params; a non-finite coordinate; "empty sketch: nothing drawn"
// when there are no strokes or no points at all.
Result<Bitmap32> rasterize(const std::vector<Stroke>& strokes, const SketchParams& params = {});

// Step 2: on-pixel count per non-overlapping 4x4 block, exactly as the UCI data was made.
Image8 downsample(const Bitmap32& bitmap);

// Steps 1 + 2 (same errors as rasterize).
Result<SketchResult> preprocess(const std::vector<Stroke>& strokes, const SketchParams& params = {});

}  // namespace bpl
