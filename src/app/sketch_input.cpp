#include "app/sketch_input.hpp"

#include <cmath>
#include <utility>

namespace bpl {

void SketchInput::begin_stroke() { strokes_.emplace_back(); }

bool SketchInput::add_point(StrokePoint q) {
  if (strokes_.empty()) strokes_.emplace_back();
  Stroke& s = strokes_.back();
  if (!s.empty() && std::hypot(q.x - s.back().x, q.y - s.back().y) < kMinStep) return false;
  s.push_back(q);
  changed();
  return true;
}

bool SketchInput::undo_stroke() {
  if (strokes_.empty()) return false;
  strokes_.pop_back();
  changed();
  return true;
}

void SketchInput::clear() {
  strokes_.clear();
  changed();
}

bool SketchInput::blank() const {
  for (const Stroke& s : strokes_)
    if (!s.empty()) return false;
  return true;
}

VecD SketchInput::pixels() const { return has_result_ ? result_.pixels : VecD(VecD::Zero(kPixels)); }

void SketchInput::changed() {
  ++version_;
  has_result_ = false;
  if (strokes_.empty()) return;
  Result<SketchResult> r = preprocess(strokes_);
  if (!r.ok()) return;
  result_ = std::move(r.value);
  has_result_ = true;
}

}  // namespace bpl
