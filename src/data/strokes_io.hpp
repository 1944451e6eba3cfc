// Drawn digits as data: the JSON the stroke sets are stored in (tests/browser/strokes.json, the
// test set; tests/fixtures/strokes_validation.json, the validation set) and that
// `backprop-lab read --strokes FILE` reads:
//
//   {"digits": [{"label": 6, "style": "rounded", "variant": "curved stem",
//                "strokes": [[[x, y], [x, y], ...], ...]}, ...]}
//
// x right, y down, pad units 0..1 (see sketch.hpp). "style" and "variant" are optional text.
// No exceptions: a malformed file comes back as a Status naming the first bad digit.
#pragma once
#include <string>
#include <vector>

#include "core/status.hpp"
#include "data/sketch.hpp"

namespace bpl {

struct DrawnDigit {
  int label = 0;              // 0..9
  std::string style;          // e.g. "narrow"
  std::string variant;        // e.g. "open (two strokes)"
  std::vector<Stroke> strokes;
};

// Limits that keep a hostile file from costing more than a normal one.
inline constexpr std::size_t kMaxDrawnDigits = 10000;
inline constexpr std::size_t kMaxStrokePoints = 100000;   // per digit, all strokes together

[[nodiscard]] Result<std::vector<DrawnDigit>> parse_drawn_digits(const std::string& json_text);

}  // namespace bpl
