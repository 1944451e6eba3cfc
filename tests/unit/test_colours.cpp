// The learning curves' colours (src/ui/colours.hpp) stay apart for colour-blind readers: each
// pair, and each colour against the plot's white background, is checked after simulating
// protanopia, deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1.0, in
// linear RGB), as a CIELAB distance (CIE76 delta E). A red/green pair fails the same check.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>

#include "ui/colours.hpp"

namespace {

using bpl::ui::colours::Rgb8;
using Vec3 = std::array<double, 3>;
using Mat3 = std::array<Vec3, 3>;

double to_linear(unsigned char c) {
  const double v = c / 255.0;
  return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

Vec3 mul(const Mat3& m, const Vec3& v) {
  Vec3 out{};
  for (int i = 0; i < 3; ++i) out[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
  return out;
}

const Mat3 kNormal{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
const Mat3 kProtanopia{{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}};
const Mat3 kDeuteranopia{{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}};
const Mat3 kTritanopia{{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}};

// sRGB colour -> CIELAB (D65) as seen with the given colour-vision simulation.
Vec3 lab(Rgb8 c, const Mat3& vision) {
  Vec3 rgb = mul(vision, {to_linear(c.r), to_linear(c.g), to_linear(c.b)});
  for (double& v : rgb) v = std::fmin(1.0, std::fmax(0.0, v));
  const Mat3 kToXyz{{{0.4124, 0.3576, 0.1805}, {0.2126, 0.7152, 0.0722}, {0.0193, 0.1192, 0.9505}}};
  const Vec3 xyz = mul(kToXyz, rgb);
  const Vec3 white{0.95047, 1.0, 1.08883};
  auto f = [](double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; };
  const double fx = f(xyz[0] / white[0]), fy = f(xyz[1] / white[1]), fz = f(xyz[2] / white[2]);
  return {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

double delta_e(Rgb8 a, Rgb8 b, const Mat3& vision) {
  const Vec3 p = lab(a, vision), q = lab(b, vision);
  return std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
}

struct Vision {
  const char* name;
  const Mat3* m;
};
const Vision kVisions[] = {{"normal", &kNormal}, {"protanopia", &kProtanopia}, {"deuteranopia", &kDeuteranopia},
                           {"tritanopia", &kTritanopia}};

// Two curves "clearly different" at a glance: a CIE76 distance of 20 is several times the
// just-noticeable difference (~2.3); against the background, 30 keeps a thin line visible.
constexpr double kMinPair = 20.0;
constexpr double kMinBackground = 30.0;

}  // namespace

TEST(Colours, CurvesStayApartForColourBlindReaders) {
  namespace c = bpl::ui::colours;
  const struct {
    const char* name;
    Rgb8 a, b;
    double min;
  } kPairs[] = {{"train/validation", c::kTrain, c::kValidation, kMinPair},
                {"train/cost", c::kTrain, c::kCost, kMinPair},
                {"validation/cost", c::kValidation, c::kCost, kMinPair},
                {"train/background", c::kTrain, c::kPlotBackground, kMinBackground},
                {"validation/background", c::kValidation, c::kPlotBackground, kMinBackground},
                {"cost/background", c::kCost, c::kPlotBackground, kMinBackground}};
  for (const Vision& v : kVisions)
    for (const auto& p : kPairs)
      EXPECT_GE(delta_e(p.a, p.b, *v.m), p.min) << p.name << " under " << v.name;
}

TEST(Colours, TheCheckCatchesARedGreenPair) {
  // The pair a colour-blind reader confuses (a green and an orange-red of similar lightness):
  // far apart for normal vision, not under deuteranopia or protanopia. Shows the check above
  // can fail.
  const Rgb8 green{80, 160, 60}, red{220, 120, 60};
  EXPECT_GE(delta_e(green, red, kNormal), kMinPair);
  EXPECT_LT(delta_e(green, red, kDeuteranopia), kMinPair);
  EXPECT_LT(delta_e(green, red, kProtanopia), kMinPair);
}
