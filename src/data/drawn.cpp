#include "data/drawn.hpp"

#include <algorithm>
#include <mutex>

#include "data/augment.hpp"   // sin_cos_poly
#include "data/dataset.hpp"

namespace bpl {

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Pt {
  double x, y;
};
struct SkeletonStroke {
  bool smooth;             // a Catmull-Rom spline through the points, or straight segments
  std::vector<Pt> points;  // unit box, y down
};
struct Skeleton {
  int label;
  const char* name;
  std::vector<SkeletonStroke> strokes;
};

// Control points on an ellipse, angles in turns (0 = right, 0.25 = down). sin and cos come from
// sin_cos_poly of half the angle reduced to [-pi, pi] (|x| <= pi/2: within 1e-14) and the
// double-angle formulas: no libm, so the same bits everywhere.
std::vector<Pt> ring(double cx, double cy, double rx, double ry, double start_turns, double sweep_turns, int n) {
  std::vector<Pt> out;
  for (int i = 0; i <= n; ++i) {
    double a = 2 * kPi * (start_turns + sweep_turns * i / n);
    // Reduce to [-pi, pi], then use half-angle formulas so the polynomial sees |x| <= pi/2.
    while (a > kPi) a -= 2 * kPi;
    while (a < -kPi) a += 2 * kPi;
    double s, c;
    sin_cos_poly(a / 2, &s, &c);
    out.push_back({cx + rx * (c * c - s * s), cy + ry * (2 * s * c)});
  }
  return out;
}

std::vector<Pt> join(std::vector<Pt> a, const std::vector<Pt>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The skeletons: how a person moves the pen for each digit (stroke order and direction kept).
const std::vector<Skeleton>& skeletons() {
  static const std::vector<Skeleton> s = {
      {0, "oval, clockwise from the top", {{true, ring(0.5, 0.5, 0.33, 0.46, -0.25, 1.03, 10)}}},
      {0, "narrow, pointed top", {{true, {{0.56, 0.04}, {0.32, 0.28}, {0.27, 0.68}, {0.48, 0.96}, {0.71, 0.72},
                                          {0.72, 0.3}, {0.52, 0.06}}}}},
      {1, "stem", {{false, {{0.5, 0.03}, {0.49, 0.97}}}}},
      {1, "flag", {{false, {{0.3, 0.26}, {0.57, 0.03}, {0.57, 0.97}}}}},
      {1, "flag and base", {{false, {{0.27, 0.2}, {0.55, 0.03}, {0.55, 0.97}}}, {false, {{0.24, 0.97}, {0.86, 0.97}}}}},
      {1, "short flag and base", {{false, {{0.4, 0.13}, {0.52, 0.03}, {0.52, 0.97}}}, {false, {{0.33, 0.97}, {0.72, 0.97}}}}},
      {2, "round top, flat base", {{true, {{0.14, 0.26}, {0.38, 0.04}, {0.72, 0.08}, {0.8, 0.34}, {0.52, 0.64},
                                          {0.14, 0.96}}}, {false, {{0.14, 0.96}, {0.9, 0.95}}}}},
      {2, "angular", {{false, {{0.14, 0.12}, {0.78, 0.07}, {0.84, 0.3}, {0.14, 0.95}, {0.88, 0.95}}}}},
      {3, "two arcs", {{true, {{0.18, 0.12}, {0.55, 0.02}, {0.8, 0.2}, {0.56, 0.44}, {0.34, 0.47}}},
                       {true, {{0.52, 0.47}, {0.84, 0.7}, {0.6, 0.97}, {0.17, 0.88}}}}},
      {3, "one stroke, pointed middle", {{true, {{0.14, 0.1}, {0.6, 0.03}, {0.82, 0.22}, {0.42, 0.48}, {0.83, 0.68},
                                                {0.64, 0.95}, {0.14, 0.9}}}}},
      {4, "open, two strokes", {{false, {{0.24, 0.03}, {0.14, 0.62}, {0.9, 0.62}}}, {false, {{0.7, 0.3}, {0.7, 0.97}}}}},
      {4, "closed, diagonal first", {{false, {{0.56, 0.03}, {0.12, 0.66}, {0.9, 0.66}}}, {false, {{0.64, 0.22}, {0.64, 0.97}}}}},
      {4, "closed, one stroke", {{false, {{0.62, 0.97}, {0.6, 0.03}, {0.1, 0.7}, {0.9, 0.7}}}}},
      {5, "bar first", {{false, {{0.85, 0.04}, {0.3, 0.04}}}, {true, {{0.3, 0.04}, {0.25, 0.45}, {0.64, 0.41}, {0.85, 0.65},
                                                                  {0.7, 0.92}, {0.35, 0.97}, {0.12, 0.83}}}}},
      {5, "angular belly", {{false, {{0.8, 0.05}, {0.25, 0.05}, {0.22, 0.46}, {0.76, 0.46}, {0.8, 0.95}, {0.15, 0.95}}}}},
      {6, "curved stem", {{true, {{0.72, 0.04}, {0.35, 0.25}, {0.2, 0.6}, {0.3, 0.92}, {0.6, 0.97}, {0.8, 0.75},
                                  {0.6, 0.55}, {0.3, 0.62}}}}},
      {6, "straight stem", {{false, {{0.7, 0.03}, {0.26, 0.72}}}, {true, ring(0.5, 0.74, 0.26, 0.23, 0.5, 1.0, 8)}}},
      {7, "plain", {{false, {{0.1, 0.05}, {0.9, 0.05}, {0.36, 0.97}}}}},
      {7, "plain, steep", {{false, {{0.15, 0.06}, {0.86, 0.06}, {0.56, 0.97}}}}},
      {7, "crossed", {{false, {{0.1, 0.05}, {0.9, 0.05}, {0.4, 0.97}}}, {false, {{0.3, 0.52}, {0.85, 0.52}}}}},
      {7, "hooked top", {{false, {{0.1, 0.22}, {0.12, 0.05}, {0.88, 0.06}, {0.46, 0.97}}}}},
      {8, "one stroke", {{true, {{0.78, 0.15}, {0.5, 0.03}, {0.22, 0.18}, {0.35, 0.4}, {0.68, 0.58}, {0.8, 0.82},
                                 {0.5, 0.97}, {0.2, 0.82}, {0.32, 0.58}, {0.65, 0.4}, {0.78, 0.15}}}}},
      {8, "two loops, small top", {{true, ring(0.5, 0.25, 0.22, 0.2, 0.25, 1.0, 8)},
                                   {true, ring(0.5, 0.71, 0.3, 0.26, -0.25, 1.0, 8)}}},
      {9, "ring and straight stem", {{true, ring(0.45, 0.28, 0.3, 0.25, 0.0, -1.0, 8)}, {false, {{0.75, 0.28}, {0.72, 0.97}}}}},
      {9, "ring and curved stem", {{true, join(ring(0.46, 0.28, 0.28, 0.24, 0.0, -1.0, 8), {{0.73, 0.6}, {0.56, 0.9}, {0.3, 0.97}})}}},
      {9, "ring and slanted stem", {{true, ring(0.5, 0.3, 0.28, 0.24, 0.0, -1.0, 8)}, {false, {{0.78, 0.3}, {0.45, 0.97}}}}},
  };
  return s;
}

// Catmull-Rom spline through the points, n segments per span (ends kept).
std::vector<Pt> catmull(const std::vector<Pt>& p, int n = 4) {
  if (p.size() < 3) return p;
  std::vector<Pt> q;
  q.push_back(p.front());
  q.insert(q.end(), p.begin(), p.end());
  q.push_back(p.back());
  std::vector<Pt> out;
  for (std::size_t i = 1; i + 2 < q.size(); ++i) {
    const Pt &p0 = q[i - 1], &p1 = q[i], &p2 = q[i + 1], &p3 = q[i + 2];
    for (int k = 0; k < n; ++k) {
      const double t = static_cast<double>(k) / n, t2 = t * t, t3 = t2 * t;
      auto f = [&](double a, double b, double c, double d) {
        return 0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      };
      out.push_back({f(p0.x, p1.x, p2.x, p3.x), f(p0.y, p1.y, p2.y, p3.y)});
    }
  }
  out.push_back(p.back());
  return out;
}

// One person's way of drawing: x += slant (0.5 - y) (mostly italic to the right), a width
// factor, a rotation, a size (height on the pad) and a position; jitter moves every control point.
struct Variation {
  double slant, width, cos_r, sin_r, size, cx, cy, jitter;
};

Variation draw_variation(Rng& rng) {
  Variation v;
  v.slant = rng.uniform(-0.15, 0.35);
  const double w = rng.uniform01();   // a third narrow, a third ordinary, a third wide
  v.width = w < 1.0 / 3 ? rng.uniform(0.5, 0.8) : w < 2.0 / 3 ? rng.uniform(0.8, 1.2) : rng.uniform(1.2, 1.6);
  sin_cos_poly(rng.uniform(-8, 8) * kPi / 180, &v.sin_r, &v.cos_r);
  v.size = rng.uniform(0.35, 0.85);
  v.cx = rng.uniform(0.3, 0.7);
  v.cy = rng.uniform(0.3, 0.7);
  v.jitter = rng.uniform(0.0, 0.025);
  return v;
}

StrokePoint place(Pt p, const Variation& v) {
  double x = (p.x - 0.5) * v.width + v.slant * (0.5 - p.y), y = p.y - 0.5;
  const double xr = v.cos_r * x - v.sin_r * y, yr = v.sin_r * x + v.cos_r * y;
  const double half = v.size / 2;
  const double cx = std::clamp(v.cx, half + 0.03, 0.97 - half), cy = std::clamp(v.cy, half + 0.03, 0.97 - half);
  return {std::clamp(cx + v.size * xr, 0.02, 0.98), std::clamp(cy + v.size * yr, 0.02, 0.98)};
}

}  // namespace

int drawn_shape_count() { return static_cast<int>(skeletons().size()); }
int drawn_shape_label(int k) { return skeletons()[static_cast<std::size_t>(k)].label; }
const char* drawn_shape_name(int k) { return skeletons()[static_cast<std::size_t>(k)].name; }

std::vector<Stroke> drawn_strokes(int i, std::uint64_t seed) {
  const Skeleton& sk = skeletons()[static_cast<std::size_t>(i % drawn_shape_count())];
  Rng rng(augment_rng(seed ^ 0x6472617764696769ull, static_cast<std::uint64_t>(i)).next_u64());  // "drawdigi"
  const Variation v = draw_variation(rng);
  std::vector<Stroke> out;
  for (const SkeletonStroke& s : sk.strokes) {
    std::vector<Pt> pts = s.points;
    // Uniform jitter in [-j, j] (sd j / sqrt 3), no libm.
    for (Pt& p : pts) {
      p.x += rng.uniform(-v.jitter, v.jitter);
      p.y += rng.uniform(-v.jitter, v.jitter);
    }
    if (s.smooth) pts = catmull(pts);
    Stroke st;
    for (const Pt& p : pts) st.push_back(place(p, v));
    out.push_back(std::move(st));
  }
  return out;
}

VecD drawn_image(int i, std::uint64_t seed, const SketchParams& params) {
  Result<SketchResult> r = preprocess(drawn_strokes(i, seed), params);
  return r.ok() ? r.value.pixels : VecD::Zero(kPixels);   // the skeletons never give an empty sketch
}

DrawnImages drawn_images(int n, std::uint64_t seed, const SketchParams& params) {
  DrawnImages d;
  d.X = MatD::Zero(kPixels, n);
  d.y.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    d.X.col(i) = drawn_image(i, seed, params);
    d.y.push_back(drawn_shape_label(i % drawn_shape_count()));
  }
  return d;
}

void append_drawn(const DrawnImages& d, MatD* X, std::vector<int>* y) {
  const Index n = X->cols();
  X->conservativeResize(kPixels, n + d.X.cols());
  X->rightCols(d.X.cols()) = d.X;
  if (y) y->insert(y->end(), d.y.begin(), d.y.end());
}

std::shared_ptr<const DrawnImages> shared_drawn_images(int n, std::uint64_t seed) {
  static std::mutex mu;
  static std::shared_ptr<const DrawnImages> last;
  static int last_n = -1;
  static std::uint64_t last_seed = 0;
  std::lock_guard<std::mutex> lock(mu);
  if (!last || n != last_n || seed != last_seed) {
    last = std::make_shared<const DrawnImages>(drawn_images(n, seed));
    last_n = n;
    last_seed = seed;
  }
  return last;
}

}  // namespace bpl
