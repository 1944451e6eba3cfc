#include "data/augment.hpp"

#include <cmath>

#include "data/dataset.hpp"
#include "data/pen.hpp"

namespace bpl {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr int kSide = 8;
constexpr double kCentre = 3.5;  // pixel centres are at 0..7

bool in_range(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

// Pixel (r, c) of a row-major 8x8 image, 0 outside.
double pixel(const double* img, int r, int c) {
  return (r < 0 || r >= kSide || c < 0 || c >= kSide) ? 0.0 : img[r * kSide + c];
}

// Bilinear interpolation at (x, y) (x: column, y: row).
double bilinear(const double* img, double x, double y) {
  const double x0 = std::floor(x), y0 = std::floor(y);
  const double fx = x - x0, fy = y - y0;
  const int c = static_cast<int>(x0), r = static_cast<int>(y0);
  const double top = pixel(img, r, c) * (1.0 - fx) + pixel(img, r, c + 1) * fx;
  const double bottom = pixel(img, r + 1, c) * (1.0 - fx) + pixel(img, r + 1, c + 1) * fx;
  return top * (1.0 - fy) + bottom * fy;
}

// Thickness u > 0: each pixel moves a fraction u towards the brightest of itself and its four
// neighbours (the stroke spreads); u < 0: the ink fades by the factor 1 + u (a thinner pen
// covers less of each 4x4 block).
void change_thickness(double u, double* img) {
  if (u == 0) return;
  double src[kPixels];
  for (int i = 0; i < kPixels; ++i) src[i] = img[i];
  for (int r = 0; r < kSide; ++r)
    for (int c = 0; c < kSide; ++c) {
      double& v = img[r * kSide + c];
      if (u < 0) {
        v = src[r * kSide + c] * (1.0 + u);
        continue;
      }
      double m = src[r * kSide + c];
      const double nb[4] = {pixel(src, r - 1, c), pixel(src, r + 1, c), pixel(src, r, c - 1), pixel(src, r, c + 1)};
      for (double n : nb) m = n > m ? n : m;
      v = v + u * (m - v);
    }
}
}  // namespace

Status AugmentConfig::validate() const {
  if (!in_range(rotation_deg, 0, 45)) return Status::Error("augmentation rotation must be 0..45 degrees");
  if (!in_range(shear, 0, 0.5)) return Status::Error("augmentation shear must be 0..0.5");
  if (!in_range(scale, 0, 0.5)) return Status::Error("augmentation scale must be 0..0.5");
  if (!in_range(shift, 0, 2)) return Status::Error("augmentation shift must be 0..2 pixels");
  if (!in_range(thickness, 0, 1)) return Status::Error("augmentation thickness must be 0..1");
  if (copies < 1 || copies > 16) return Status::Error("augmentation copies must be 1..16");
  if (drawn < 0 || drawn > kMaxDrawnTraining)
    return Status::Error("augmentation drawn must be 0.." + std::to_string(kMaxDrawnTraining) + " drawn digits");
  if (pen < 0 || pen > kMaxPenTraining)
    return Status::Error("augmentation pen must be 0.." + std::to_string(kMaxPenTraining) + " pen digits");
  return Status::Ok();
}

bool AugmentConfig::operator==(const AugmentConfig& o) const {
  return rotation_deg == o.rotation_deg && shear == o.shear && scale == o.scale && shift == o.shift &&
         thickness == o.thickness && copies == o.copies && drawn == o.drawn && pen == o.pen && seed == o.seed;
}

void sin_cos_poly(double x, double* s, double* c) {
  // sin x = x - x^3/3! + ... - x^19/19!,  cos x = 1 - x^2/2! + ... + x^20/20!  (Horner in x^2).
  // For |x| <= 1 the first omitted terms are below 1/21! ~ 2e-20: below double rounding.
  const double x2 = x * x;
  double sp = 0.0, cp = 0.0;
  for (int k = 10; k >= 1; --k) {
    // sin: terms (-1)^k x^(2k+1)/(2k+1)!, cos: (-1)^k x^(2k)/(2k)!
    sp = 1.0 - x2 / ((2.0 * k) * (2.0 * k + 1.0)) * sp;
    cp = 1.0 - x2 / ((2.0 * k - 1.0) * (2.0 * k)) * cp;
  }
  *s = x * sp;
  *c = cp;
}

Distortion draw_distortion(const AugmentConfig& cfg, Rng& rng) {
  // Six draws in a fixed order, even for ranges that are 0, so the stream never depends on them.
  const double theta = rng.uniform(-1.0, 1.0) * (cfg.rotation_deg * kPi / 180.0);
  const double h = rng.uniform(-1.0, 1.0) * cfg.shear;
  const double s = 1.0 + rng.uniform(-1.0, 1.0) * cfg.scale;
  Distortion d;
  d.tx = rng.uniform(-1.0, 1.0) * cfg.shift;
  d.ty = rng.uniform(-1.0, 1.0) * cfg.shift;
  d.thickness = rng.uniform(-1.0, 1.0) * cfg.thickness;
  double sn = 0, cs = 1;
  sin_cos_poly(theta, &sn, &cs);
  // M = A^-1 = (1/s) [1 -h; 0 1] R(-theta) = (1/s) [c + h sn, sn - h c; -sn, c]
  d.m00 = (cs + h * sn) / s;
  d.m01 = (sn - h * cs) / s;
  d.m10 = -sn / s;
  d.m11 = cs / s;
  return d;
}

void apply_distortion(const Distortion& d, const double* in64, double* out64) {
  for (int r = 0; r < kSide; ++r)
    for (int c = 0; c < kSide; ++c) {
      const double px = c - kCentre - d.tx, py = r - kCentre - d.ty;  // p - c - t
      const double sx = d.m00 * px + d.m01 * py + kCentre;
      const double sy = d.m10 * px + d.m11 * py + kCentre;
      out64[r * kSide + c] = bilinear(in64, sx, sy);
    }
  change_thickness(d.thickness, out64);
  for (int i = 0; i < kPixels; ++i) out64[i] = out64[i] < 0 ? 0.0 : (out64[i] > kMaxPixel ? double(kMaxPixel) : out64[i]);
}

Rng augment_rng(std::uint64_t seed, std::uint64_t epoch) {
  Rng mix(seed ^ (0xD1B54A32D192ED03ull * (epoch + 1)));
  return Rng(mix.next_u64());
}

MatD augment_epoch(const MatD& X, const AugmentConfig& cfg, std::uint64_t epoch) {
  const Index n = X.cols();
  MatD out(X.rows(), (cfg.copies + 1) * n);
  out.leftCols(n) = X;
  Rng rng = augment_rng(cfg.seed, epoch);
  for (int k = 1; k <= cfg.copies; ++k)
    for (Index j = 0; j < n; ++j) {
      const Distortion d = draw_distortion(cfg, rng);
      apply_distortion(d, X.col(j).data(), out.col(k * n + j).data());
    }
  return out;
}

std::vector<VecD> distorted_copies(const VecD& image64, const AugmentConfig& cfg, int n, std::uint64_t seed) {
  std::vector<VecD> out;
  if (image64.size() != kPixels) return out;
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    VecD v(kPixels);
    apply_distortion(draw_distortion(cfg, rng), image64.data(), v.data());
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace bpl
