#include "data/sketch.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace bpl {

namespace {

constexpr int kN = Bitmap32::kSize;        // 32
constexpr double kHalf = kN / 2.0;          // frame centre, 16
// Ink whose skeleton is smaller than this (pad units) is a single dot.
constexpr double kDegenerate = 1e-9;
// Pixel-centre test tolerance (px^2): makes exact ties ("centre exactly on the capsule's
// edge") count as inside whatever the rounding of the scale arithmetic.
constexpr double kEps = 1e-9;

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Validated, clamped input plus the skeleton's bounding box.
struct Ink {
  std::vector<const Stroke*> strokes;  // non-empty strokes only
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  double extent() const { return std::max(x1 - x0, y1 - y0); }
};

double clamp01(double v) { return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v); }

Status gather(const std::vector<Stroke>& strokes, Ink* ink) {
  bool any = false;
  for (std::size_t s = 0; s < strokes.size(); ++s) {
    const Stroke& st = strokes[s];
    for (std::size_t i = 0; i < st.size(); ++i) {
      const double x = st[i].x, y = st[i].y;
      if (!std::isfinite(x) || !std::isfinite(y))
        return Status::Error("sketch: non-finite coordinate at stroke " + std::to_string(s) +
                             ", point " + std::to_string(i));
      const double cx = clamp01(x), cy = clamp01(y);
      if (!any) {
        ink->x0 = ink->x1 = cx;
        ink->y0 = ink->y1 = cy;
        any = true;
      } else {
        ink->x0 = std::min(ink->x0, cx);
        ink->x1 = std::max(ink->x1, cx);
        ink->y0 = std::min(ink->y0, cy);
        ink->y1 = std::max(ink->y1, cy);
      }
    }
    if (!st.empty()) ink->strokes.push_back(&st);
  }
  if (!any) return Status::Error("empty sketch: nothing drawn");
  return Status::Ok();
}

// Sets every pixel whose centre is within r of segment a-b (a == b: a disc).
void capsule(double ax, double ay, double bx, double by, double r, Bitmap32* bm) {
  const int r0 = std::max(0, static_cast<int>(std::floor(std::min(ay, by) - r - 0.5)));
  const int r1 = std::min(kN - 1, static_cast<int>(std::ceil(std::max(ay, by) + r - 0.5)));
  const int c0 = std::max(0, static_cast<int>(std::floor(std::min(ax, bx) - r - 0.5)));
  const int c1 = std::min(kN - 1, static_cast<int>(std::ceil(std::max(ax, bx) + r - 0.5)));
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  const double lim = r * r + kEps;
  for (int row = r0; row <= r1; ++row) {
    const double py = row + 0.5;
    for (int col = c0; col <= c1; ++col) {
      const double px = col + 0.5;
      double t = 0.0;
      if (len2 > 0.0) t = std::clamp(((px - ax) * dx + (py - ay) * dy) / len2, 0.0, 1.0);
      const double qx = ax + t * dx - px, qy = ay + t * dy - py;
      if (qx * qx + qy * qy <= lim) bm->set(row, col, true);
    }
  }
}

// Draws the ink with pen radius r (frame px). The skeleton's bounding box is scaled per axis,
// like the NIST normalization of the UCI bitmaps (sketch.hpp): its height spans 32 - 2r and its
// width frame_width - 2r (the ink, pen included, fills a frame_width x 32 box), except that
// neither axis is stretched more than max_stretch times the other (a bare "1" stays a stem, a
// dash stays a dash). An axis with no extent takes the other's scale. Centred in the frame.
// A degenerate skeleton (a dot) is the pen disc alone: it fills the frame (radius 16).
Bitmap32 draw(const Ink& ink, double r, const SketchParams& p) {
  Bitmap32 bm;
  const double w = ink.x1 - ink.x0, h = ink.y1 - ink.y0;
  double sx = 0.0, sy = 0.0;
  if (ink.extent() <= kDegenerate) {
    r = kHalf;
  } else {
    constexpr double kInf = 1e300;
    const double sx0 = w > kDegenerate ? std::max(0.0, p.frame_width_px - 2.0 * r) / w : kInf;
    const double sy0 = h > kDegenerate ? (kN - 2.0 * r) / h : kInf;
    sx = std::min(sx0, p.max_stretch * sy0);
    sy = std::min(sy0, p.max_stretch * sx0);
    // Never wider than the frame (a stretched wide shape is limited by the 32 px too).
    if (w > kDegenerate) sx = std::min(sx, (kN - 2.0 * r) / w);
  }
  const double cx = 0.5 * (ink.x0 + ink.x1), cy = 0.5 * (ink.y0 + ink.y1);
  auto X = [&](const StrokePoint& q) { return kHalf + sx * (clamp01(q.x) - cx); };
  auto Y = [&](const StrokePoint& q) { return kHalf + sy * (clamp01(q.y) - cy); };
  for (const Stroke* st : ink.strokes) {
    if (st->size() == 1) {
      capsule(X((*st)[0]), Y((*st)[0]), X((*st)[0]), Y((*st)[0]), r, &bm);
      continue;
    }
    for (std::size_t i = 0; i + 1 < st->size(); ++i)
      capsule(X((*st)[i]), Y((*st)[i]), X((*st)[i + 1]), Y((*st)[i + 1]), r, &bm);
  }
  return bm;
}

struct Drawn {
  Bitmap32 bitmap;
  double thickness = 0;
};

// Picks the pen radius per params.rule and draws.
Drawn draw_with_rule(const Ink& ink, const SketchParams& p) {
  const double ext = ink.extent();
  if (ext <= kDegenerate) return {draw(ink, kHalf, p), 2.0 * kHalf};
  switch (p.rule) {
    case PenRule::FixedPixels:
      return {draw(ink, 0.5 * p.thickness_px, p), p.thickness_px};
    case PenRule::PadWidth: {
      // Pad ink box = extent + pen_width; scale = 32 / that; radius = scale * pen_width / 2.
      const double t = 2.0 * kHalf * p.pen_width / (ext + p.pen_width);
      return {draw(ink, 0.5 * t, p), t};
    }
    case PenRule::Adaptive:
    default:
      break;
  }
  // Adaptive: bisection on thickness for coverage == target. Coverage grows with thickness
  // (up to pixel quantization), so keep the closest of all evaluated (ties: thinner).
  Drawn best;
  double best_err = 1e300;
  auto eval = [&](double t) {
    Bitmap32 bm = draw(ink, 0.5 * t, p);
    const double c = bm.coverage();
    const double err = std::fabs(c - p.target_coverage);
    if (err < best_err || (err == best_err && t < best.thickness)) {
      best_err = err;
      best.bitmap = bm;
      best.thickness = t;
    }
    return c;
  };
  double lo = p.min_thickness_px, hi = p.max_thickness_px;
  if (eval(lo) >= p.target_coverage || hi <= lo) return best;
  if (eval(hi) <= p.target_coverage) return best;
  for (int it = 0; it < 10; ++it) {  // resolution (max-min)/1024 px
    const double mid = 0.5 * (lo + hi);
    if (eval(mid) < p.target_coverage) lo = mid; else hi = mid;
  }
  return best;
}

}  // namespace

int Bitmap32::count() const {
  int n = 0;
  for (std::uint8_t v : px) n += v != 0;
  return n;
}

double Bitmap32::coverage() const { return count() / static_cast<double>(kSize * kSize); }

const char* to_string(PenRule r) {
  switch (r) {
    case PenRule::Adaptive: return "adaptive";
    case PenRule::FixedPixels: return "fixed";
    case PenRule::PadWidth: return "pad";
  }
  return "?";
}

Status SketchParams::validate() const {
  if (rule != PenRule::Adaptive && rule != PenRule::FixedPixels && rule != PenRule::PadWidth)
    return Status::Error("sketch: unknown pen rule");
  if (!(std::isfinite(pen_width) && pen_width > 0.0 && pen_width <= 1.0))
    return Status::Error("sketch: pen_width must be in (0, 1] of the pad (got " + num(pen_width) + ")");
  if (!(std::isfinite(thickness_px) && thickness_px >= 1.0 && thickness_px <= 16.0))
    return Status::Error("sketch: thickness_px must be in [1, 16] (got " + num(thickness_px) + ")");
  if (!(std::isfinite(min_thickness_px) && std::isfinite(max_thickness_px) && min_thickness_px >= 1.0 &&
        max_thickness_px <= 16.0 && min_thickness_px <= max_thickness_px))
    return Status::Error("sketch: need 1 <= min_thickness_px <= max_thickness_px <= 16 (got " +
                         num(min_thickness_px) + ", " + num(max_thickness_px) + ")");
  if (!(std::isfinite(frame_width_px) && frame_width_px >= 1.0 && frame_width_px <= 32.0))
    return Status::Error("sketch: frame_width_px must be in [1, 32] (got " + num(frame_width_px) + ")");
  if (!(std::isfinite(max_stretch) && max_stretch >= 1.0 && max_stretch <= 100.0))
    return Status::Error("sketch: max_stretch must be in [1, 100] (got " + num(max_stretch) + ")");
  if (!(std::isfinite(target_coverage) && target_coverage > 0.0 && target_coverage < 1.0))
    return Status::Error("sketch: target_coverage must be in (0, 1) (got " + num(target_coverage) + ")");
  return Status::Ok();
}

namespace {
Result<Drawn> rasterize_impl(const std::vector<Stroke>& strokes, const SketchParams& params) {
  if (Status st = params.validate(); !st.ok()) return st;
  Ink ink;
  if (Status st = gather(strokes, &ink); !st.ok()) return st;
  return draw_with_rule(ink, params);
}
}  // namespace

Result<Bitmap32> rasterize(const std::vector<Stroke>& strokes, const SketchParams& params) {
  Result<Drawn> d = rasterize_impl(strokes, params);
  if (!d.ok()) return d.status;
  return d.value.bitmap;
}

Image8 downsample(const Bitmap32& bitmap) {
  Image8 out{};
  for (int r = 0; r < Bitmap32::kSize; ++r)
    for (int c = 0; c < Bitmap32::kSize; ++c)
      out[static_cast<std::size_t>((r / 4) * 8 + c / 4)] += bitmap.at(r, c) ? 1 : 0;
  return out;
}

Result<SketchResult> preprocess(const std::vector<Stroke>& strokes, const SketchParams& params) {
  Result<Drawn> d = rasterize_impl(strokes, params);
  if (!d.ok()) return d.status;
  SketchResult res;
  res.bitmap = d.value.bitmap;
  res.thickness_px = d.value.thickness;
  res.counts = downsample(res.bitmap);
  res.pixels.resize(64);
  for (int i = 0; i < 64; ++i) res.pixels(i) = res.counts[static_cast<std::size_t>(i)];
  res.coverage = res.bitmap.coverage();
  return res;
}

}  // namespace bpl
