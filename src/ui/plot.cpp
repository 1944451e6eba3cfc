#include "ui/plot.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>

#include "ui/panel.hpp"   // palette

namespace bpl::ui {
namespace {

bool usable(double v, bool log_y) { return std::isfinite(v) && (!log_y || v > 0); }

// Appends a line from a to b as dashes (on/off lengths `dash`), continuing the pattern `phase`.
void dashed_segment(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thick, float dash, float* phase) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  float t = 0;
  while (t < len) {
    const float period_pos = std::fmod(*phase + t, 2 * dash);
    const bool on = period_pos < dash;
    const float run = std::min(len - t, (on ? dash : 2 * dash) - period_pos);
    if (on) {
      const ImVec2 p(a.x + dx * t / len, a.y + dy * t / len);
      const ImVec2 q(a.x + dx * (t + run) / len, a.y + dy * (t + run) / len);
      dl->AddLine(p, q, col, thick);
    }
    t += std::max(run, 0.01f);
  }
  *phase += len;
}

void draw_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float thick, bool dashed, float dash) {
  if (pts.empty()) return;
  if (pts.size() == 1) {
    dl->AddCircleFilled(pts[0], thick * 1.2f, col);
    return;
  }
  if (!dashed) {
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, thick);
    return;
  }
  float phase = 0;
  for (std::size_t i = 1; i < pts.size(); ++i) dashed_segment(dl, pts[i - 1], pts[i], col, thick, dash, &phase);
}

// Log-scale ticks between 10^lo and 10^hi (lo, hi in decades): 1-2-5 or 1..9 mantissas as room allows.
std::vector<double> log_ticks(double lo, double hi, int target) {
  static const double m1[] = {1};
  static const double m125[] = {1, 2, 5};
  static const double m19[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const struct {
    const double* m;
    int n;
  } sets[] = {{m19, 9}, {m125, 3}, {m1, 1}};
  std::vector<double> best;
  const double vlo = std::pow(10.0, lo) * (1 - 1e-9), vhi = std::pow(10.0, hi) * (1 + 1e-9);
  const int e0 = static_cast<int>(std::floor(lo)), e1 = static_cast<int>(std::ceil(hi));
  for (const auto& s : sets) {
    std::vector<double> t;
    for (int e = e0; e <= e1; ++e)
      for (int k = 0; k < s.n; ++k) {
        const double v = s.m[k] * std::pow(10.0, e);
        if (v >= vlo && v <= vhi) t.push_back(v);
      }
    best = t;
    if (static_cast<int>(t.size()) <= target + 1) break;
  }
  if (best.size() > static_cast<std::size_t>(target + 1)) {  // many decades: every k-th decade
    const int stride = static_cast<int>(std::ceil(double(best.size()) / std::max(1, target)));
    std::vector<double> t;
    for (std::size_t i = 0; i < best.size(); i += static_cast<std::size_t>(stride)) t.push_back(best[i]);
    best = t;
  }
  if (best.size() < 2) best = nice_ticks(std::pow(10.0, lo), std::pow(10.0, hi), target);
  return best;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> t;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return t;
  target = std::max(target, 2);
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / mag;
  const double step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (int i = 0; i < 1000; ++i) {
    const double v = first + i * step;
    if (v > hi + step * 1e-9) break;
    t.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  }
  return t;
}

void format_tick(char* buf, int n, double v, double step, const char* suffix, bool use_k) {
  if (!(step > 0) || !std::isfinite(step)) {
    std::snprintf(buf, static_cast<std::size_t>(n), "%g%s", v, suffix);
    return;
  }
  if ((std::fabs(v) >= 10000 || (std::fabs(v) >= 1000 && use_k)) && step >= 1000) {
    const int dec = std::clamp(static_cast<int>(-std::floor(std::log10(step / 1000) + 1e-9)), 0, 3);
    std::snprintf(buf, static_cast<std::size_t>(n), "%.*fk%s", dec, v / 1000, suffix);
    return;
  }
  const int dec = std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 8);
  std::snprintf(buf, static_cast<std::size_t>(n), "%.*f%s", dec, v, suffix);
}

void format_thousands(char* buf, int n, long long v) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
  std::string out;
  const int len = static_cast<int>(std::strlen(digits));
  for (int i = 0; i < len; ++i) {
    if (i > 0 && (len - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  std::snprintf(buf, static_cast<std::size_t>(n), "%s%s", v < 0 ? "-" : "", out.c_str());
}

namespace {

bool is_visible(const PlotSeries& s) { return s.y != nullptr && (s.visible == nullptr || *s.visible); }

// The x values of a series: its own, or the plot's shared ones.
const std::vector<double>& xs_of(const PlotSeries& s, const std::vector<double>& xs) { return s.x ? *s.x : xs; }

// Points of a series: as many as both its x and its y have.
int points_of(const PlotSeries& s, const std::vector<double>& xs) {
  return static_cast<int>(std::min(xs_of(s, xs).size(), s.y->size()));
}

// Where the plot is and how data map to it. y is transformed (log10 when log_y) before scaling.
struct PlotFrame {
  float F = 13;
  ImVec2 p0;               // widget top-left
  float width = 0, height = 0;
  ImVec2 a, b;             // plot area: top-left, bottom-right
  double xmin = 0, xmax = 1, tlo = 0, thi = 1;
  bool log_y = false;
  float ylab_w = 0;
  bool legend_notes = true;   // the legend shows each series' note (its last value)
  int legend_row = 0;         // 1: the legend has its own row under the title (a narrow plot)

  double ty(double v) const { return log_y ? std::log10(v) : v; }
  float sx(double x) const { return static_cast<float>(a.x + (x - xmin) / (xmax - xmin) * (b.x - a.x)); }
  float sy_t(double t) const { return static_cast<float>(b.y - (t - tlo) / (thi - tlo) * (b.y - a.y)); }
  float sy(double v) const { return sy_t(ty(v)); }
};

struct Colours {
  ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  ImU32 grid = ImGui::GetColorU32(ImGuiCol_Text, 0.10f);
  ImU32 axis = ImGui::GetColorU32(ImGuiCol_Text, 0.55f);
  ImU32 bg = ImGui::GetColorU32(ImGuiCol_FrameBg, 0.45f);
};

// x range of every series' points; y range (transformed) of the visible ones with x >= fit_from_x.
void fit_ranges(const std::vector<double>& xs, const std::vector<PlotSeries>& series, const PlotOptions& opt,
                PlotFrame* f) {
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  for (double x : xs)
    if (std::isfinite(x)) xmin = std::min(xmin, x), xmax = std::max(xmax, x);
  for (const PlotSeries& s : series) {
    if (!is_visible(s)) continue;
    const std::vector<double>& sx = xs_of(s, xs);
    const int m = points_of(s, xs);
    for (int i = 0; i < m; ++i) {
      const double x = sx[static_cast<std::size_t>(i)], v = (*s.y)[static_cast<std::size_t>(i)];
      if (s.x && std::isfinite(x)) xmin = std::min(xmin, x), xmax = std::max(xmax, x);
      if (!usable(v, opt.log_y) || !(x >= opt.fit_from_x)) continue;
      ymin = std::min(ymin, v);
      ymax = std::max(ymax, v);
    }
  }
  if (std::isfinite(opt.marker_x) && xmax >= xmin) {
    xmin = std::min(xmin, opt.marker_x);
    xmax = std::max(xmax, opt.marker_x);
  }
  if (!(xmax >= xmin)) xmin = 0, xmax = 1;
  if (xmax - xmin < 1e-12) xmax = xmin + 1;
  f->xmin = xmin;
  f->xmax = xmax;
  f->log_y = opt.log_y;
  double tlo, thi;
  if (!(ymax >= ymin)) {
    tlo = opt.log_y ? -1 : 0;
    thi = opt.log_y ? 0 : 1;
  } else {
    tlo = f->ty(ymin);
    thi = f->ty(ymax);
    double span = thi - tlo;
    if (span < 1e-9) span = opt.log_y ? 0.5 : std::max(std::fabs(thi) * 0.1, 1e-3);
    tlo -= 0.06 * span;
    thi += 0.06 * span;
    if (!opt.log_y) {
      tlo = std::max(tlo, opt.y_clamp_lo);
      thi = std::min(thi, opt.y_clamp_hi);
    } else {
      if (opt.y_clamp_lo > 0) tlo = std::max(tlo, std::log10(opt.y_clamp_lo));
      if (opt.y_clamp_hi > 0 && std::isfinite(opt.y_clamp_hi)) thi = std::min(thi, std::log10(opt.y_clamp_hi));
    }
  }
  if (std::isfinite(opt.y_min) && (!opt.log_y || opt.y_min > 0)) tlo = f->ty(opt.y_min);
  if (std::isfinite(opt.y_max) && (!opt.log_y || opt.y_max > 0)) thi = f->ty(opt.y_max);
  if (!(thi > tlo)) thi = tlo + 1;
  f->tlo = tlo;
  f->thi = thi;
}

// A log-axis label: 1e-4, 1e-8 rather than 0.0001, 1e-08.
std::string log_tick_label(double v, const char* suffix) {
  char buf[48];
  if (v >= 1e-3 && v < 1e5) {
    std::snprintf(buf, sizeof buf, "%g%s", v, suffix);
    return buf;
  }
  char e[32];
  std::snprintf(e, sizeof e, "%.0e", v);
  std::string t(e);
  const std::size_t k = t.find('e');
  if (k != std::string::npos) {
    std::string ex = t.substr(k + 1);
    const bool neg = !ex.empty() && ex[0] == '-';
    if (!ex.empty() && (ex[0] == '-' || ex[0] == '+')) ex = ex.substr(1);
    while (ex.size() > 1 && ex[0] == '0') ex = ex.substr(1);
    t = t.substr(0, k + 1) + (neg ? "-" : "") + ex;
  }
  return t + suffix;
}

struct YTicks {
  std::vector<double> values;
  std::vector<std::string> labels;
  float label_w = 0;
};

YTicks y_ticks(const PlotFrame& f, const PlotOptions& opt, float plot_h) {
  YTicks t;
  const int target = std::max(2, static_cast<int>(plot_h / (1.8f * f.F)));
  t.values = opt.log_y ? log_ticks(f.tlo, f.thi, target) : nice_ticks(f.tlo, f.thi, target);
  const double step = t.values.size() >= 2 ? std::fabs(t.values[1] - t.values[0]) : (f.thi - f.tlo);
  t.label_w = ImGui::CalcTextSize("0").x;
  for (double v : t.values) {
    char buf[48];
    if (opt.log_y)
      std::snprintf(buf, sizeof buf, "%s", log_tick_label(v, opt.y_suffix).c_str());
    else
      format_tick(buf, sizeof buf, v, step, opt.y_suffix);
    t.labels.emplace_back(buf);
    t.label_w = std::max(t.label_w, ImGui::CalcTextSize(buf).x);
  }
  return t;
}

// Width of the legend (draw_legend's entries), with or without the notes.
float legend_width(const std::vector<PlotSeries>& series, bool notes, float F) {
  float w = 0;
  for (const PlotSeries& s : series) {
    w += ImGui::CalcTextSize(s.label).x + 2.7f * F;   // swatch 1.4F, gaps 0.3F + 1.0F
    if (notes && s.note) w += ImGui::CalcTextSize(s.note).x + 0.3f * F;
  }
  return w;
}

// In a narrow plot the legend would run over the title: it drops the notes, and if that is not
// enough it moves to a row of its own.
void fit_legend(const PlotOptions& opt, const std::vector<PlotSeries>& series, PlotFrame* f) {
  const float title_w = opt.title ? ImGui::CalcTextSize(opt.title).x + f->F : 0.0f;
  f->legend_notes = title_w + legend_width(series, true, f->F) <= f->width;
  f->legend_row = title_w + legend_width(series, f->legend_notes, f->F) <= f->width ? 0 : 1;
}

// Layout: header (title + legend), y tick labels on the left, x ticks (+ label) below.
void place_plot_area(const PlotOptions& opt, PlotFrame* f, YTicks* yt) {
  const float F = f->F;
  const float header_h = F * static_cast<float>(1 + f->legend_row) + ImGui::GetStyle().ItemSpacing.y;
  const float bottom_h = F * (opt.x_label ? 2.3f : 1.3f);
  const float plot_h = std::max(f->height - header_h - bottom_h, 2 * F);
  *yt = y_ticks(*f, opt, plot_h);
  f->ylab_w = yt->label_w;
  f->a = ImVec2(f->p0.x + yt->label_w + 0.6f * F, f->p0.y + header_h);
  f->b = ImVec2(f->p0.x + f->width - 0.6f * F, f->p0.y + header_h + plot_h);
}

void draw_title(ImDrawList* dl, const PlotFrame& f, const PlotOptions& opt, const Colours& c, bool hovered) {
  if (!opt.title) return;
  dl->AddText(f.p0, c.text, opt.title);
  const ImVec2 ts = ImGui::CalcTextSize(opt.title);
  if (opt.title_help && hovered) help_rect(opt.title_help, f.p0, ImVec2(f.p0.x + ts.x, f.p0.y + ts.y));
}

void draw_swatch(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, bool dashed, float F) {
  if (dashed) {
    float phase = 0;
    dashed_segment(dl, a, b, col, 2.0f, 0.3f * F, &phase);
  } else {
    dl->AddLine(a, b, col, 2.0f);
  }
}

// Right-aligned legend in the header; a click on an entry with `visible` toggles it.
void draw_legend(ImDrawList* dl, const PlotFrame& f, const std::vector<PlotSeries>& series, const Colours& c,
                 bool hovered) {
  const float F = f.F;
  float x = f.p0.x + f.width;
  const float swatch = 1.4f * F;
  for (int k = static_cast<int>(series.size()) - 1; k >= 0; --k) {
    const PlotSeries& s = series[static_cast<std::size_t>(k)];
    const bool vis = is_visible(s);
    const float tw = ImGui::CalcTextSize(s.label).x;
    const char* note = f.legend_notes ? s.note : nullptr;
    const float nw = note ? ImGui::CalcTextSize(note).x + 0.3f * F : 0.0f;
    x -= tw + nw;
    const float y = f.p0.y + static_cast<float>(f.legend_row) * F;
    const ImVec2 lab(x, y);
    x -= swatch + 0.3f * F;
    draw_swatch(dl, ImVec2(x, y + 0.5f * F), ImVec2(x + swatch, y + 0.5f * F), vis ? s.color : c.dim, s.dashed, F);
    dl->AddText(lab, vis ? c.text : c.dim, s.label);
    if (note) dl->AddText(ImVec2(lab.x + tw + 0.3f * F, lab.y), c.dim, note);
    const ImVec2 r0(x, y), r1(lab.x + tw + nw, y + F);
    if (s.visible && hovered && ImGui::IsMouseHoveringRect(r0, r1)) {
      dl->AddRect(ImVec2(r0.x - 2, r0.y - 1), ImVec2(r1.x + 2, r1.y + 1), c.axis);
      ImGui::SetTooltip("Click to %s \"%s\"", vis ? "hide" : "show", s.label);
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) *s.visible = !*s.visible;
    }
    x -= 1.0f * F;
  }
}

void draw_y_axis(ImDrawList* dl, const PlotFrame& f, const YTicks& yt, const Colours& c) {
  for (std::size_t i = 0; i < yt.values.size(); ++i) {
    const float y = f.sy(yt.values[i]);
    if (y < f.a.y - 1 || y > f.b.y + 1) continue;
    dl->AddLine(ImVec2(f.a.x, y), ImVec2(f.b.x, y), c.grid);
    dl->AddLine(ImVec2(f.a.x - 0.25f * f.F, y), ImVec2(f.a.x, y), c.axis);
    const ImVec2 ts = ImGui::CalcTextSize(yt.labels[i].c_str());
    dl->AddText(ImVec2(f.a.x - 0.35f * f.F - ts.x, y - ts.y * 0.5f), c.dim, yt.labels[i].c_str());
  }
  dl->AddLine(ImVec2(f.a.x, f.a.y), ImVec2(f.a.x, f.b.y), c.axis);
}

void draw_x_axis(ImDrawList* dl, const PlotFrame& f, const PlotOptions& opt, const Colours& c) {
  const float F = f.F, pw = f.b.x - f.a.x;
  char probe[32];
  format_tick(probe, sizeof probe, f.xmax, (f.xmax - f.xmin) / 4);
  const float lab_w = ImGui::CalcTextSize(probe).x + 1.5f * F;
  const int x_target = std::max(2, static_cast<int>(pw / std::max(lab_w, 3.5f * F)));
  std::vector<double> xt = nice_ticks(f.xmin, f.xmax, x_target);
  if (opt.x_integer && xt.size() >= 2 && xt[1] - xt[0] < 1) {
    xt.clear();
    for (double v = std::ceil(f.xmin); v <= f.xmax; v += 1) xt.push_back(v);
  }
  const double xstep = xt.size() >= 2 ? xt[1] - xt[0] : (f.xmax - f.xmin);
  const bool use_k = std::max(std::fabs(f.xmin), std::fabs(f.xmax)) >= 10000;
  for (double v : xt) {
    const float x = f.sx(v);
    dl->AddLine(ImVec2(x, f.a.y), ImVec2(x, f.b.y), c.grid);
    dl->AddLine(ImVec2(x, f.b.y), ImVec2(x, f.b.y + 0.25f * F), c.axis);
    char buf[32];
    format_tick(buf, sizeof buf, v, xstep, "", use_k);
    const float tw = ImGui::CalcTextSize(buf).x;
    const float tx = std::clamp(x - tw * 0.5f, f.a.x - f.ylab_w, f.p0.x + f.width - tw);
    dl->AddText(ImVec2(tx, f.b.y + 0.3f * F), c.dim, buf);
  }
  dl->AddLine(ImVec2(f.a.x, f.b.y), ImVec2(f.b.x, f.b.y), c.axis);
  if (opt.x_label) {
    const float tw = ImGui::CalcTextSize(opt.x_label).x;
    dl->AddText(ImVec2(f.a.x + (pw - tw) * 0.5f, f.b.y + 1.25f * F), c.dim, opt.x_label);
  }
}

void draw_empty_text(ImDrawList* dl, const PlotFrame& f, const char* text, const Colours& c) {
  const float pw = f.b.x - f.a.x, ph = f.b.y - f.a.y;
  const float wrap = pw - 2 * f.F;
  const ImVec2 ts = ImGui::CalcTextSize(text, nullptr, false, wrap);
  dl->AddText(ImGui::GetFont(), f.F, ImVec2(f.a.x + (pw - ts.x) * 0.5f, f.a.y + (ph - ts.y) * 0.5f), c.dim, text,
              nullptr, wrap);
}

// Points of one pixel column, reduced to what a line through them shows: first, min, max, last.
class ColumnDecimator {
 public:
  explicit ColumnDecimator(std::vector<ImVec2>* pts) : pts_(pts) {}
  void add(float px, float py) {
    const int c = static_cast<int>(std::floor(px));
    if (c != col_) {
      flush();
      col_ = c;
      colx_ = px;
      first_ = last_ = lo_ = hi_ = py;
      count_ = 1;
      return;
    }
    last_ = py;
    lo_ = std::min(lo_, py);
    hi_ = std::max(hi_, py);
    ++count_;
  }
  void flush() {
    if (count_ == 0) return;
    if (count_ == 1 || hi_ - lo_ < 0.5f) {
      pts_->emplace_back(colx_, last_);
    } else {  // the column's extent, visited in the curve's direction (2 vertices per column)
      const bool down = last_ > first_;
      pts_->emplace_back(colx_, down ? lo_ : hi_);
      pts_->emplace_back(colx_, down ? hi_ : lo_);
    }
    count_ = 0;
    col_ = INT_MIN;
  }

 private:
  std::vector<ImVec2>* pts_;
  int col_ = INT_MIN;
  float colx_ = 0, first_ = 0, last_ = 0, lo_ = 0, hi_ = 0;
  int count_ = 0;
};

// One series, decimated per pixel column; non-finite values break the line.
void draw_curve(ImDrawList* dl, const PlotFrame& f, const std::vector<double>& xs, const PlotSeries& s,
                std::vector<ImVec2>* pts) {
  const float thick = std::max(1.5f, 0.12f * f.F), dash = 0.35f * f.F;
  const std::vector<double>& sx = xs_of(s, xs);
  const int m = points_of(s, xs);
  pts->clear();
  ColumnDecimator dec(pts);
  for (int i = 0; i < m; ++i) {
    const double x = sx[static_cast<std::size_t>(i)], v = (*s.y)[static_cast<std::size_t>(i)];
    if (!std::isfinite(x) || !usable(v, f.log_y)) {  // a gap
      dec.flush();
      draw_polyline(dl, *pts, s.color, thick, s.dashed, dash);
      pts->clear();
      continue;
    }
    dec.add(f.sx(x), std::clamp(f.sy(v), f.a.y - 4 * f.F, f.b.y + 4 * f.F));
  }
  dec.flush();
  draw_polyline(dl, *pts, s.color, thick, s.dashed, dash);
}

// The index of the point of xv nearest to screen x `mx` (first of equal distance), or -1.
int nearest_index(const PlotFrame& f, const std::vector<double>& xv, int m, float mx) {
  int idx = -1;
  float best = INFINITY;
  for (int i = 0; i < m; ++i) {
    const double x = xv[static_cast<std::size_t>(i)];
    if (!std::isfinite(x)) continue;
    const float d = std::fabs(f.sx(x) - mx);
    if (d < best) best = d, idx = i;
  }
  return idx;
}

// The point each series shows at the cursor: the shared index, or (own x values) its point
// nearest to the cursor's x.
int series_index_at(const PlotFrame& f, const std::vector<double>& xs, const PlotSeries& s, int shared_idx, float cx) {
  if (!s.x) return shared_idx < points_of(s, xs) ? shared_idx : -1;
  return nearest_index(f, *s.x, points_of(s, xs), cx);
}

void draw_cursor(ImDrawList* dl, const PlotFrame& f, const std::vector<double>& xs,
                 const std::vector<PlotSeries>& series, int idx, float cx, const Colours& c) {
  dl->AddLine(ImVec2(cx, f.a.y), ImVec2(cx, f.b.y), c.axis, 1.0f);
  for (const PlotSeries& s : series) {
    if (!is_visible(s)) continue;
    const int i = series_index_at(f, xs, s, idx, cx);
    if (i < 0) continue;
    const double v = (*s.y)[static_cast<std::size_t>(i)];
    if (!usable(v, f.log_y)) continue;
    const ImVec2 p(s.x ? f.sx((*s.x)[static_cast<std::size_t>(i)]) : cx, f.sy(v));
    if (p.y < f.a.y || p.y > f.b.y) continue;
    dl->AddCircleFilled(p, 0.3f * f.F, s.color);
    dl->AddCircle(p, 0.3f * f.F, ImGui::GetColorU32(ImGuiCol_WindowBg));
  }
}

void hover_tooltip(const PlotFrame& f, const std::vector<double>& xs, const std::vector<PlotSeries>& series,
                   const PlotOptions& opt, int idx, float cx) {
  const float F = f.F;
  ImGui::BeginTooltip();
  char buf[64];
  const double x = idx >= 0 && idx < static_cast<int>(xs.size())
                       ? xs[static_cast<std::size_t>(idx)]
                       : f.xmin + (cx - f.a.x) / (f.b.x - f.a.x) * (f.xmax - f.xmin);
  std::snprintf(buf, sizeof buf, opt.x_format, x);
  ImGui::Text("%s %s", opt.x_name, buf);
  for (const PlotSeries& s : series) {
    if (!is_visible(s)) continue;
    const int i = series_index_at(f, xs, s, idx, cx);
    if (i < 0) continue;
    const double v = (*s.y)[static_cast<std::size_t>(i)];
    const ImVec2 c = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(c.x, c.y + 0.5f * F), ImVec2(c.x + 1.2f * F, c.y + 0.5f * F), s.color,
                                        2.5f);
    ImGui::Dummy(ImVec2(1.2f * F, F));
    ImGui::SameLine();
    if (std::isfinite(v)) {
      std::snprintf(buf, sizeof buf, opt.y_format, v);
      ImGui::Text("%s: %s%s", s.label, buf, opt.y_suffix);
    } else {
      ImGui::Text("%s: -", s.label);
    }
  }
  ImGui::EndTooltip();
}

// A marker (e.g. "diverged here"): a red vertical line at opt.marker_x with its label.
void draw_marker(ImDrawList* dl, const PlotFrame& f, const PlotOptions& opt) {
  if (!std::isfinite(opt.marker_x)) return;
  const float F = f.F;
  const float mx = f.sx(opt.marker_x);
  dl->AddLine(ImVec2(mx, f.a.y), ImVec2(mx, f.b.y), palette::kMarker, 2.0f);
  if (!opt.marker_label) return;
  const ImVec2 ts = ImGui::CalcTextSize(opt.marker_label);
  const float lx = mx + 0.3f * F + ts.x > f.b.x ? mx - 0.3f * F - ts.x : mx + 0.3f * F;
  dl->AddText(ImVec2(lx, f.a.y + 0.2f * F), palette::kMarker, opt.marker_label);
}

// Most points of any series (the shared xs count for series without their own).
int most_points(const std::vector<double>& xs, const std::vector<PlotSeries>& series) {
  int n = static_cast<int>(xs.size());
  for (const PlotSeries& s : series)
    if (s.y) n = std::max(n, points_of(s, xs));
  return n;
}

}  // namespace

PlotResult line_plot(const char* id, const std::vector<double>& xs, const std::vector<PlotSeries>& series,
                     const PlotOptions& opt, int cursor_index) {
  PlotFrame f;
  f.F = ImGui::GetFontSize();
  f.width = std::max(ImGui::GetContentRegionAvail().x, 10 * f.F);
  f.height = std::max(opt.height > 0 ? opt.height : ImGui::GetContentRegionAvail().y, 7 * f.F);
  f.p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(f.width, f.height));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Colours c;

  fit_ranges(xs, series, opt, &f);
  YTicks yt;
  fit_legend(opt, series, &f);
  place_plot_area(opt, &f, &yt);
  draw_title(dl, f, opt, c, hovered);
  draw_legend(dl, f, series, c, hovered);
  dl->AddRectFilled(f.a, f.b, c.bg);
  draw_y_axis(dl, f, yt, c);
  draw_x_axis(dl, f, opt, c);
  if (opt.empty_text && most_points(xs, series) < 2) draw_empty_text(dl, f, opt.empty_text, c);

  dl->PushClipRect(f.a, ImVec2(f.b.x + 1, f.b.y + 1), true);
  std::vector<ImVec2> pts;
  for (const PlotSeries& s : series)
    if (is_visible(s)) draw_curve(dl, f, xs, s, &pts);
  dl->PopClipRect();

  draw_marker(dl, f, opt);

  // Hover: the nearest point by screen x (shared xs), or the pointer's x (series with own x).
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool in_plot = hovered && mouse.x >= f.a.x - 0.5f * f.F && mouse.x <= f.b.x + 0.5f * f.F &&
                       mouse.y >= f.a.y && mouse.y <= f.b.y;
  const int n = static_cast<int>(xs.size());
  int idx = -1;
  if (in_plot)
    idx = nearest_index(f, xs, n, mouse.x);
  else if (cursor_index >= 0 && cursor_index < n)
    idx = cursor_index;
  const bool show = idx >= 0 || (in_plot && n == 0);
  const float cx = idx >= 0 ? f.sx(xs[static_cast<std::size_t>(idx)]) : std::clamp(mouse.x, f.a.x, f.b.x);
  if (show) draw_cursor(dl, f, xs, series, idx, cx, c);
  PlotResult res;
  res.hovered = in_plot;
  res.hover_index = in_plot ? idx : -1;
  if (in_plot && show) hover_tooltip(f, xs, series, opt, idx, cx);
  return res;
}

}  // namespace bpl::ui
