// The colours of the learning curves as plain RGB (no ImGui), so that a unit test can check that
// colour-blind readers tell them apart (tests/unit/test_colours.cpp). panel.hpp's palette uses
// them. Okabe & Ito (2008), "Color Universal Design": blue and vermillion stay far apart under
// protanopia, deuteranopia and tritanopia; the validation curve is also dashed, so even a
// reader who sees no colour at all (or a greyscale printout) tells the two apart.
#pragma once

namespace bpl::ui::colours {

struct Rgb8 {
  unsigned char r, g, b;
};

inline constexpr Rgb8 kTrain{0, 114, 178};       // Okabe-Ito blue #0072B2: training set (solid line)
inline constexpr Rgb8 kValidation{213, 94, 0};   // Okabe-Ito vermillion #D55E00: validation set (dashed)
inline constexpr Rgb8 kCost{100, 100, 100};      // grey: the regularized cost J (achromatic: apart from both)
inline constexpr Rgb8 kPlotBackground{255, 255, 255};

}  // namespace bpl::ui::colours
