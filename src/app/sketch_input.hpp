// The drawing on the Sketch pad, below the UI: its strokes and the 8x8 image they become
// (bpl::preprocess, data/sketch.hpp), versioned. The Sketch panel draws it and sends the pen's
// moves here; window.lab.sketch and the Backprop stepper read it. AppState owns one and makes its
// image the current input on every change (AppState::sketch_*).
#pragma once
#include <vector>

#include "data/dataset.hpp"   // kPixels
#include "data/sketch.hpp"

namespace bpl {

class SketchInput {
 public:
  // Pen moves in pad coordinates (unit square, y down; clamped by preprocess).
  void begin_stroke();
  // Adds q to the current stroke unless it is closer than kMinStep to its last point (a mouse
  // reports ~1 px moves; they add nothing to the 32x32 bitmap). Returns whether it was added.
  bool add_point(StrokePoint q);
  // Removes the last stroke; false when there is none.
  bool undo_stroke();
  void clear();

  const std::vector<Stroke>& strokes() const { return strokes_; }
  bool empty() const { return strokes_.empty(); }
  // No point drawn yet (a stroke just begun counts as blank).
  bool blank() const;
  // The strokes' image; has_result() is false while there is no ink (or preprocess refused).
  bool has_result() const { return has_result_; }
  const SketchResult& result() const { return result_; }
  // The 64 counts 0..16 (row-major) the network is given; zeros while there is no result.
  VecD pixels() const;
  // Bumped by every change of the strokes.
  unsigned long long version() const { return version_; }

  static constexpr double kMinStep = 0.004;   // of the pad side: ~1-2 screen pixels

 private:
  void changed();

  std::vector<Stroke> strokes_;
  SketchResult result_;
  bool has_result_ = false;
  unsigned long long version_ = 1;
};

}  // namespace bpl
